//! An article file as an editor or an importer writes it (front matter, then Markdown or
//! HTML) to the article a bundle carries: front matter, shortcodes, Markdown, rich
//! rendering (code, math, footnotes, callouts), the sanitiser and pictures; then its
//! search terms and fragment, and the bundle's JSON read back as the app reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use trangtin_bundler::site::Previewer;

struct Site {
    _dir: tempfile::TempDir,
    previewer: Previewer,
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().join("content");
        std::fs::create_dir_all(root.join("articles")).unwrap();
        std::fs::create_dir_all(root.join("media")).unwrap();
        std::fs::write(
            root.join("site.toml"),
            "[site]\nname = \"Thử\"\nbase_url = \"https://thu.example\"\n\n\
             [[categories]]\nslug = \"tin-tuc\"\nname = \"Tin tức\"\n",
        )
        .unwrap();
        // One real picture, so that references to it take the picture path.
        std::fs::write(root.join("media/anh.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"/>").unwrap();
        let work = dir.path().join("out");
        let previewer = Previewer::new(&root, "/", &work).expect("the fuzz site loads");
        Site {
            _dir: dir,
            previewer,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for name in ["bai.md", "bai.html"] {
        let Ok(article) = site().previewer.render(name, &text) else {
            continue;
        };
        let (_terms, plain) = trangtin_search::article_terms(&article, "Tin tức");
        let _ = trangtin_search::fragment(&article, &plain);
        // The article as JSON and back, as a bundle carries it to the app.
        let json = serde_json::to_string(&article).expect("articles serialise");
        let back = trangtin::fetch::decode_plain::<trangtin_model::Article>(200, None, &json);
        assert!(back.is_ok(), "an article the bundler writes must read back: {back:?}");
    }
});
