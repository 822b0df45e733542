//! Moving a site in: a WordPress export and a Hugo site imported with the CLI into one
//! content folder, published, and served by `trangtin preview` and by nginx with the
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
    let (ok, said) = trangtin(&[
        "import-hugo",
        &root.join("tests/fixtures/hugo-site").display().to_string(),
        "--content",
        &c,
        "--category",
        "tin-tuc",
    ]);
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
    let (_, again) = trangtin(&[
        "import-hugo",
        &root.join("tests/fixtures/hugo-site").display().to_string(),
        "--content",
        &c,
        "--category",
        "tin-tuc",
    ]);
    assert!(
        again.contains("(0 written, 2 kept)") && again.contains("0 redirect(s)"),
        "{again}"
    );

    // It builds: nothing left out; what is still remote is a warning.
    let (ok, said) = trangtin(&["check", "--content", &c]);
    assert!(ok, "{said}");
    assert!(said.contains("ok: 4 articles"), "{said}");
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
