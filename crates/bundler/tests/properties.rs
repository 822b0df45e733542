//! Properties over generated input: sanitising is idempotent, and a build is a pure
//! function of its content.

use proptest::prelude::*;
use std::path::Path;

/// HTML-ish text: tags, attributes, entities, scripts and Vietnamese letters mixed.
fn html_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("<a href=\"javascript:alert(1)\">x</a>".to_string()),
        Just("<a href=\"https://example.org/\">y</a>".to_string()),
        Just(
            "<figure><img src=\"/a.svg\" alt=\"ả\"><figcaption>Chú thích</figcaption></figure>"
                .to_string()
        ),
        Just("<iframe src=//evil></iframe>".to_string()),
        Just("<b>".to_string()),
        Just("&amp;&lt;&#x3c;".to_string()),
        Just("<!-- c -->".to_string()),
        "[a-zA-Zàáảãạăđêôơư <>\"'=/]{0,12}",
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn sanitising_twice_changes_nothing(html in html_soup()) {
        let once = trangtin_model::sanitize(&html);
        let twice = trangtin_model::sanitize(once.as_str());
        prop_assert_eq!(once.as_str(), twice.as_str());
        let lower = once.as_str().to_lowercase();
        prop_assert!(!lower.contains("<script") && !lower.contains("onerror") && !lower.contains("javascript:"));
    }
}

fn article(i: usize, title: &str, day: u8, category: &str, featured: bool) -> String {
    format!(
        "+++\ntitle = {title:?}\ndate = 2024-03-{day:02}\ncategory = \"{category}\"\nfeatured = {featured}\n+++\n\nBài {i}: {title}\n"
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn the_same_content_builds_to_the_same_bytes(
        posts in proptest::collection::vec(("[a-zA-Zđăâ ]{1,20}", 1u8..28, 0usize..2, any::<bool>()), 1..15)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("articles")).unwrap();
        std::fs::write(
            content.join("site.toml"),
            "[site]\nname = \"S\"\nbase_url = \"https://s.example.org\"\npage_size = 3\n\
             [[categories]]\nslug = \"a\"\nname = \"A\"\n[[categories]]\nslug = \"b\"\nname = \"B\"\n",
        )
        .unwrap();
        for (i, (title, day, cat, featured)) in posts.iter().enumerate() {
            let title = format!("{title} {i}");
            let cat = ["a", "b"][*cat];
            std::fs::write(content.join(format!("articles/{i}.md")), article(i, &title, *day, cat, *featured)).unwrap();
        }
        let (one, two) = (dir.path().join("one"), dir.path().join("two"));
        trangtin_bundler::build(&content, &one, "/").unwrap();
        trangtin_bundler::build(&content, &two, "/").unwrap();
        prop_assert_eq!(tree(&one), tree(&two));
    }
}

fn tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                let rel = e.path().strip_prefix(root).unwrap().display().to_string();
                out.push((rel, std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}
