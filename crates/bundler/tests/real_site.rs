//! The fixture site of tests/fixtures/real-site: articles as a school moving its archive
//! brings them (Hugo, Jekyll, saved HTML, Windows line ends, decomposed letters, a
//! 400 KB legal text). It builds: every article that is not wrong publishes, with a
//! warning for each part a reader can live without.

use std::path::Path;
use trangtin_model::ArticleBundle;

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/real-site")
}

#[test]
fn the_real_site_builds_with_warnings_and_renders_what_its_articles_hold() {
    let out = tempfile::tempdir().unwrap();
    let s = trangtin_bundler::build_with(
        &fixture(),
        out.path(),
        "/",
        1_800_000_000,
        trangtin_bundler::Policy::KeepGoing,
    )
    .unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(s.left_out.is_empty(), "{:#?}", s.left_out);
    assert_eq!(s.articles, 13);
    let warned: Vec<String> = s
        .warnings
        .iter()
        .map(|w| {
            let file = w.file.file_name().unwrap().to_string_lossy().into_owned();
            format!("{file}:{}: {:?}", w.line, w.kind)
        })
        .collect();
    assert_eq!(
        warned,
        [
            "anh-va-lien-ket.md:5: RemoteImage",
            "anh-va-lien-ket.md:9: RemoteImage",
            "anh-va-lien-ket.md:11: MissingImage",
            "anh-va-lien-ket.md:13: BrokenLink",
            "anh-va-lien-ket.md:13: BrokenLink",
            "bai-trong.md:6: EmptyBody",
            "cong-thuc.md:12: Math",
            "tu-hugo.md:28: Template",
            "tu-hugo.md:30: Template",
            "tu-jekyll.md:2: UnknownField",
            "tu-jekyll.md:7: Template",
            "tu-jekyll.md:25: Template",
        ]
    );
    let dir = out.path().join("content/bai-viet");
    let mut total = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bundle: ArticleBundle = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let a = &bundle.article;
        let body = a.body.as_str();
        total += body.len();
        let name = path.display();
        // No template or Markdown syntax shows through, no invisible or decomposed letters.
        for shown in [
            "{{<",
            "{{%",
            "{%",
            "$$",
            "[!NOTE",
            "[!WARNING",
            "[^",
            "\u{200b}",
            "\u{feff}",
        ] {
            let outside_code = body
                .split("<pre")
                .enumerate()
                .map(|(i, part)| {
                    if i == 0 {
                        part
                    } else {
                        part.split("</pre>").nth(1).unwrap_or("")
                    }
                })
                .collect::<String>();
            assert!(
                !outside_code.contains(shown),
                "{shown:?} in {name}:\n{body}"
            );
        }
        use unicode_normalization::UnicodeNormalization;
        assert_eq!(a.title.nfc().collect::<String>(), a.title, "{name}");
        assert_eq!(body.nfc().collect::<String>(), body, "{name}");
        // The title is the page's one h1: never in the body.
        assert!(!body.contains("<h1"), "{name}");
        assert!(
            !body.contains(&format!(">{}<", a.title)),
            "the title repeated in {name}"
        );
    }
    assert!(total > 400_000, "the long article is there: {total}");
    let body = |slug: &str| -> String {
        let bundle: ArticleBundle =
            serde_json::from_slice(&std::fs::read(dir.join(format!("{slug}.json"))).unwrap())
                .unwrap();
        bundle.article.body.as_str().to_string()
    };
    let hugo = body("tu-hugo");
    for want in [
        "<figure><img src=\"/content/media/so-do.",
        "<figcaption>Sơ đồ hội trường</figcaption>",
        "href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\"",
        "<div class=\"callout callout-note\"><p class=\"callout-title\">Ghi chú</p>",
        "<div class=\"callout callout-warning\">",
        "<code class=\"lang-go\">",
        "href=\"/bai-viet/bang-rong\"",
        "Nội dung chi tiết vẫn được giữ.",
    ] {
        assert!(hugo.contains(want), "no {want:?} in\n{hugo}");
    }
    let jekyll = body("bai-chuyen-tu-jekyll-thong-bao-nghi-le");
    assert!(jekyll.contains("href=\"/bai-viet/tu-hugo\""), "{jekyll}");
    assert!(
        jekyll.contains("Cú pháp {{ page.title }} được giữ nguyên"),
        "{jekyll}"
    );
    assert!(!jekyll.contains("Ghi chú nội bộ"), "{jekyll}");
    let structure = body("cau-truc-cua-mot-bai-dai");
    assert!(structure.contains("<h2 id=\"phan-mo-dau\">"), "{structure}");
    assert!(structure.contains("<h3 id=\"muc-rieng\">"), "{structure}");
    assert!(structure.contains("<h2 id=\"phan-hai\">"), "{structure}");
    let windows = body("bai-soan-tren-windows");
    assert!(
        !windows.contains('\r') && windows.contains("<h2 id=\"muc-mot\">"),
        "{windows}"
    );
}
