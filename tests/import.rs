//! Moving a site in: a WordPress export, a Hugo site and a folder of saved portal pages
//! imported with the CLI into one content folder, published, and served by `trangtin preview` and by nginx with the
//! configuration `deploy-config` writes: the imported articles are there, and every old
//! address answers with a redirect to the new one.

mod support;

use std::path::Path;
use std::process::Command;
use support::*;

fn trangtin(args: &[&str]) -> (bool, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(root.join("target/native/trangtin"))
        .args(args)
        .output()
        .expect("target/native/trangtin: `make unit` builds it");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn a_wordpress_export_and_a_hugo_site_import_build_and_their_old_addresses_redirect() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    let site = std::fs::read_to_string(root.join("tests/fixtures/real-site/site.toml"))
        .unwrap()
        .replace("slug = \"tai-lieu\"", "slug = \"thong-bao\"")
        .replace("name = \"Tài liệu\"", "name = \"Thông báo\"");
    std::fs::write(content.join("site.toml"), site).unwrap();
    let c = content.display().to_string();

    let (ok, said) = trangtin(&[
        "import-wordpress",
        &root
            .join("tests/fixtures/wordpress/export.xml")
            .display()
            .to_string(),
        "--content",
        &c,
        "--category",
        "tin-tuc",
    ]);
    assert!(ok, "{said}");
    // The report: what was converted, what was not imported and why.
    for line in [
        "1 × [caption] → figure",
        "1 × [embed] → video link",
        "Bài đã xoá: status \"trash\": not published",
        "Giới thiệu: a page, not a news post",
        "“Lễ khai giảng năm học 2019 – 2020”: [gallery] left out",
        "imported 3 article(s) (3 written, 0 kept), 0 file(s) into media/, 2 redirect(s)",
        "`trangtin fetch-media` brings them in",
    ] {
        assert!(said.contains(line), "no {line:?} in\n{said}");
    }
    let hugo_site = root.join("tests/fixtures/hugo-site").display().to_string();
    let import_hugo = [
        "import-hugo",
        &hugo_site,
        "--content",
        &c,
        "--category",
        "tin-tuc",
    ];
    let (ok, said) = trangtin(&import_hugo);
    assert!(ok, "{said}");
    for line in [
        "1 × {{< notice >}}",
        "_index.md: a section's list page, not an article",
        "“Thông báo nghỉ lễ Quốc khánh”: Hugo shortcode {{< tweet >}} left out",
        "imported 2 article(s) (2 written, 0 kept), 3 file(s) into media/, 3 redirect(s)",
    ] {
        assert!(said.contains(line), "no {line:?} in\n{said}");
    }
    // Importing again changes nothing and says so.
    let (_, again) = trangtin(&import_hugo);
    assert!(
        again.contains("(0 written, 2 kept)") && again.contains("0 redirect(s)"),
        "{again}"
    );

    // Saved pages of an agency's portal, a folder of them: each one's own heading and
    // date, none of the portal's chrome, though every page has the same <title>.
    let articles = content.join("articles").display().to_string();
    let (ok, said) = trangtin(&[
        "import",
        &root
            .join("tests/fixtures/portal-pages")
            .display()
            .to_string(),
        "--out",
        &articles,
        "--category",
        "tin-tuc",
    ]);
    assert!(ok, "{said}");
    assert!(
        said.contains(
            "imported 3 article(s) (3 written, 0 kept), 1 file(s) into media/, 2 redirect(s)"
        ),
        "{said}"
    );
    for (slug, date) in [
        (
            "hoi-nghi-so-ket-cong-tac-tu-phap-6-thang-dau-nam-2019",
            "date = 2019-08-05T16:32:00",
        ),
        (
            "tap-huan-nghiep-vu-ho-tich-cho-cong-chuc-tu-phap-cap-xa",
            "date = 2019-08-12T08:15:00",
        ),
        (
            "pho-bien-luat-tiep-can-thong-tin-tai-cac-huyen-mien-nui",
            "date = 2019-09-20T00:00:00",
        ),
    ] {
        let text = std::fs::read_to_string(content.join(format!("articles/{slug}.md"))).unwrap();
        assert!(text.contains(date), "{text}");
        let body = text.split("+++\n").nth(2).unwrap();
        for chrome in [
            "Home",
            "Sign In",
            "Tìm kiếm",
            "Trang chủ",
            "Giới thiệu",
            "Tin mới",
            "Liên kết website",
            "Đang truy cập",
            "In bài viết",
            "Các tin khác",
            "Sở Tư pháp tỉnh Quảng Ninh. Địa chỉ",
            "(05.08.2019",
        ] {
            assert!(!body.contains(chrome), "{chrome:?} in {slug}:\n{body}");
        }
        assert!(body.split_whitespace().count() > 50, "{body}");
    }

    // It builds: nothing left out; what is still remote is a warning.
    let (ok, said) = trangtin(&["check", "--content", &c]);
    assert!(ok, "{said}");
    assert!(said.contains("ok: 7 articles"), "{said}");
    let wxr = std::fs::read_to_string(content.join("articles/le-khai-giang-nam-hoc-2019-2020.md"))
        .unwrap();
    assert!(
        wxr.contains("title = \"Lễ khai giảng năm học 2019 – 2020\""),
        "{wxr}"
    );
    let thong_bao =
        std::fs::read_to_string(content.join("articles/thong-bao-lich-thi.md")).unwrap();
    assert!(
        thong_bao.contains("[bài khai giảng](/bai-viet/le-khai-giang-nam-hoc-2019-2020)"),
        "{thong_bao}"
    );
    assert!(
        thong_bao.contains("category = \"thong-bao\"") && thong_bao.contains("| Ngày  | Môn  |"),
        "{thong_bao}"
    );

    let url = publish_and_serve(&content, dir.path());
    let old = [
        (
            "/2019/09/le-khai-giang-nam-hoc-2019-2020/",
            "/bai-viet/le-khai-giang-nam-hoc-2019-2020",
        ),
        (
            "/2019/12/th%C3%B4ng-b%C3%A1o-l%E1%BB%8Bch-thi/",
            "/bai-viet/thong-bao-lich-thi",
        ),
        (
            "/2023/10/hoi-thao-chuyen-doi-so/",
            "/bai-viet/hoi-thao-chuyen-doi-so",
        ),
        ("/2023/08/nghi-le/", "/bai-viet/nghi-le"),
        ("/thong-bao/nghi-le-2-9.html", "/bai-viet/nghi-le"),
        (
            "/vi-vn/tin-tuc/pho-bien-luat-tiep-can-thong-tin-456.html",
            "/bai-viet/pho-bien-luat-tiep-can-thong-tin-tai-cac-huyen-mien-nui",
        ),
    ];
    let server = nginx(&dir.path().join("site"));
    for base in [url.as_str(), server.base.as_str()] {
        for (from, to) in old {
            let (status, headers, _) = http_get(base, from, &[]);
            assert_eq!(status, 301, "{base}{from}");
            // nginx names the whole address; the preview server the path.
            let location = header(&headers, "location").unwrap_or_default();
            assert!(
                location == to || location == format!("{base}{to}"),
                "{base}{from} → {location}"
            );
            let (status, _, body) = http_get(base, to, &[]);
            assert_eq!(status, 200, "{base}{to}");
            assert!(String::from_utf8_lossy(&body).contains("<h1"), "{base}{to}");
        }
        // A path no rule names is still the site's 404.
        assert_eq!(http_get(base, "/2019/09/khong-co/", &[]).0, 404);
    }
}

/// An old site on 127.0.0.1: its home lists its articles (the saved portal pages of
/// tests/fixtures/portal-pages), with links elsewhere and a private folder that its
/// robots.txt closes to crawlers. Counts the requests for each path.
fn old_site() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Write};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/portal-pages");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = asked.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            log.lock().unwrap().push(path.clone());
            let list = "<html><head><title>Sở Tư pháp</title></head><body><ul>\
                <li><a href=\"/tin-tuc/hoi-nghi-so-ket.html\">Hội nghị sơ kết</a> (05.08.2019)</li>\
                <li><a href=\"/tin-tuc/tap-huan-ho-tich.html\">Tập huấn hộ tịch</a> (12.08.2019)</li>\
                <li><a href=\"tin-tuc/pho-bien-luat.html#dau\">Phổ biến luật</a> (20.09.2019)</li>\
                <li><a href=\"/private/ho-so.html\">Hồ sơ nội bộ</a></li><li><a href=\"/files/bieu-mau.pdf\">Biểu mẫu</a></li>\
                <li><a href=\"https://moj.gov.vn/\">Bộ Tư pháp</a></li><li><a href=\"/tin-tuc/\">Tin tức</a></li></ul></body></html>";
            let (status, kind, body): (&str, &str, Vec<u8>) = match path.as_str() {
                "/robots.txt" => (
                    "200 OK",
                    "text/plain",
                    b"User-agent: *\nDisallow: /private/\n".to_vec(),
                ),
                "/" | "/tin-tuc/" => (
                    "200 OK",
                    "text/html; charset=utf-8",
                    list.as_bytes().to_vec(),
                ),
                p if p.starts_with("/tin-tuc/") => {
                    match std::fs::read(root.join(&p["/tin-tuc/".len()..])) {
                        Ok(b) => (
                            "200 OK",
                            if p.ends_with(".png") {
                                "image/png"
                            } else {
                                "text/html; charset=utf-8"
                            },
                            b,
                        ),
                        Err(_) => ("404 Not Found", "text/plain", b"no".to_vec()),
                    }
                }
                _ => ("404 Not Found", "text/plain", b"no".to_vec()),
            };
            let mut s = stream;
            let _ = write!(s, "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = s.write_all(&body);
        }
    });
    (url, asked)
}

#[test]
fn an_old_site_is_crawled_politely_and_its_articles_come_with_their_addresses() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (url, asked) = old_site();
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::copy(
        root.join("tests/fixtures/real-site/site.toml"),
        content.join("site.toml"),
    )
    .unwrap();
    let c = content.display().to_string();
    let (ok, said) = trangtin(&[
        "crawl",
        &format!("{url}/"),
        "--content",
        &c,
        "--category",
        "tin-tuc",
        "--allow-private",
        "--delay-ms",
        "20",
        "--max-pages",
        "20",
    ]);
    assert!(ok, "{said}");
    assert!(
        said.contains("3 with an article; 1 address(es) kept from crawlers by robots.txt"),
        "{said}"
    );
    let asked = asked.lock().unwrap().clone();
    // Polite: robots.txt read first, nothing it closes asked for, no file, no other site,
    // each page once.
    assert_eq!(
        asked.first().map(String::as_str),
        Some("/robots.txt"),
        "{asked:?}"
    );
    assert!(
        !asked
            .iter()
            .any(|p| p.starts_with("/private/") || p.ends_with(".pdf")),
        "{asked:?}"
    );
    let mut unique = asked.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), asked.len(), "{asked:?}");
    // Three articles, their old addresses redirects, their pictures still remote.
    let redirects = std::fs::read_to_string(content.join("_redirects")).unwrap();
    assert!(redirects.contains("/tin-tuc/pho-bien-luat.html /bai-viet/pho-bien-luat-tiep-can-thong-tin-tai-cac-huyen-mien-nui 301"), "{redirects}");
    let hoi_nghi = std::fs::read_to_string(
        content.join("articles/hoi-nghi-so-ket-cong-tac-tu-phap-6-thang-dau-nam-2019.md"),
    )
    .unwrap();
    assert!(
        hoi_nghi.contains(&format!("]({url}/tin-tuc/trang_files/hoi-nghi.png)")),
        "{hoi_nghi}"
    );
    // fetch-media brings the picture in; the site then builds with no warning.
    let (ok, said) = trangtin(&["fetch-media", "--content", &c, "--allow-private"]);
    assert!(ok, "{said}");
    let (ok, said) = trangtin(&["check", "--strict", "--content", &c]);
    assert!(ok, "{said}");
    assert!(said.contains("ok: 3 articles"), "{said}");
}
