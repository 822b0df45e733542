//! `trangtin import` on the seed page: a golden file, and the same article the example
//! site carries.

use std::path::Path;
use trangtin_import::scraped::import_text;

/// The scraped seed page (../shared/seed/000_6975ea4be25f0cbf.txt), kept beside the tests
/// so that they run wherever the repository is cloned.
fn seed() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-page.txt");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn golden() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/seed-import.md"),
    )
    .unwrap()
}

#[test]
fn the_seed_page_imports_to_the_golden_markdown() {
    let imported = import_text(&seed(), "tin-tuc-su-kien");
    assert_eq!(imported.markdown, golden());
    assert_eq!(
        imported.slug,
        "tin-truong-dao-tao-can-bo-nguyen-van-cu-dong-chu-tri-hoi-nghi-so-ket-6-thang-cum-thi-dua-cac-truong-chinh-tri"
    );
    assert!(
        imported.unclassified.is_empty(),
        "{:?}",
        imported.unclassified
    );
    assert!(imported
        .notes
        .iter()
        .any(|n| n.starts_with("dropped the title repeated 1 time")));
    assert!(imported.notes.iter().any(|n| n.contains("site chrome")));
    assert!(imported
        .notes
        .iter()
        .any(|n| n.starts_with("3 caption(s) without their photo")));
}

#[test]
fn the_import_keeps_the_text_and_drops_the_chrome() {
    let md = golden();
    assert_eq!(
        md.matches("TIN TRƯỜNG ĐÀO TẠO CÁN BỘ").count(),
        1,
        "the title once"
    );
    assert!(md.contains("date = 2024-06-25"));
    assert!(md.contains(
        "author = \"Hà Thị Thu, Phó trưởng phòng, Tổ chức, hành chính, thông tin, tư liệu\""
    ));
    assert!(md.contains("238 lớp với 12.378 học viên"));
    for chrome in [
        "0 vote",
        "Quảng cáo",
        "admin1",
        "Thống kê truy cập",
        "Đang online",
        "Fanpage",
    ] {
        assert!(!md.contains(chrome), "{chrome} survived");
    }
}

/// The paragraphs and captions of a sanitised body, in order.
fn texts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in [("<p>", "</p>"), ("<figcaption>", "</figcaption>")] {
        let mut rest = html;
        while let Some(a) = rest.find(open) {
            let b = rest[a..].find(close).unwrap() + a;
            out.push((
                a + (html.len() - rest.len()),
                rest[a + open.len()..b].to_string(),
            ));
            rest = &rest[b..];
        }
    }
    out.sort();
    // Browsers collapse runs of spaces; so does the comparison.
    out.into_iter()
        .map(|(_, t)| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
}

#[test]
fn the_imported_seed_builds_to_the_same_text_as_the_example_site() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    std::fs::create_dir_all(content.join("articles")).unwrap();
    std::fs::copy(example.join("site.toml"), content.join("site.toml")).unwrap();
    copy_dir(&example.join("media"), &content.join("media"));
    std::fs::write(content.join("articles/seed.md"), golden()).unwrap();
    let imported = trangtin_bundler::check(&content).unwrap_or_else(|p| panic!("{p:#?}"));
    let ours = trangtin_bundler::check(&example).unwrap();
    let title = &imported.articles[0].title;
    let theirs = ours.articles.iter().find(|a| &a.title == title).unwrap();
    assert_eq!(
        texts(imported.articles[0].body.as_str()),
        texts(theirs.body.as_str())
    );
    assert_eq!(imported.articles[0].byline, theirs.byline);
    assert_eq!(imported.articles[0].published, theirs.published);
}

#[test]
fn a_saved_html_page_gives_its_own_heading_date_and_text_without_the_chrome() {
    let html = "<!doctype html><html><head><title>x</title><style>p{}</style></head><body>\
        <nav><a href=/>Trang chủ</a> <a href=/a>Giới thiệu</a></nav>\
        <div id=main><h1>Tiêu đề bài &amp; tin</h1>\
        <p>Sáng ngày 3/4/2024, Nhà trường tổ chức hội nghị với đầy đủ thành phần, nội dung được chuẩn bị chu đáo và kỹ lưỡng, đúng kế hoạch đề ra từ trước. Các đại biểu thảo luận nhiều vấn đề quan trọng của năm học.</p>\
        <figure><img src=a.jpg><figcaption>Quang cảnh hội nghị toàn trường</figcaption></figure>\
        <p>Hội nghị kết thúc với sự thống nhất cao của toàn thể cán bộ, giáo viên và nhân viên nhà trường về các nhiệm vụ trọng tâm.</p></div>\
        <div class=sidebar><h3>Quảng cáo</h3><a href=/b>Liên kết</a></div></body></html>";
    let mut report = trangtin_import::site::Report::default();
    trangtin_import::page::import_page(html, Path::new("trang.html"), None, "tin", &mut report);
    assert_eq!(report.articles.len(), 1, "{:?}", report.dropped);
    let a = &report.articles[0];
    assert_eq!(a.title, "Tiêu đề bài & tin");
    assert_eq!(a.date, "2024-04-03T00:00:00");
    assert!(
        a.body
            .contains("![](a.jpg \"Quang cảnh hội nghị toàn trường\")"),
        "{}",
        a.body
    );
    for chrome in [
        "Trang chủ",
        "Giới thiệu",
        "Quảng cáo",
        "Liên kết",
        "Tiêu đề bài",
    ] {
        assert!(!a.body.contains(chrome), "{chrome} in {}", a.body);
    }
}

#[test]
fn lines_it_cannot_classify_are_reported_with_their_line() {
    let text = "Tiêu đề\n\nChiều ngày 1/2/2024 có một đoạn văn đủ dài để là một đoạn văn thật sự của bài viết, với nhiều chữ hơn một trăm hai mươi ký tự.\n\nX:\n\nTác giả bài\n";
    let imported = import_text(text, "tin");
    assert_eq!(
        imported.unclassified.len(),
        1,
        "{:?}",
        imported.unclassified
    );
    assert_eq!(imported.unclassified[0].0, 5);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.path().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}
