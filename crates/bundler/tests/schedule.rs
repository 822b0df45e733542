//! Scheduled publishing and expiry: before its time an article is nowhere; at expiry it
//! is archived (its page stays, no list shows it) or withdrawn (gone).

use std::path::{Path, PathBuf};

mod support;
use support::sitemap;

const SITE_TOML: &str = r#"
[site]
name = "Trường Thử"
base_url = "https://truong.example.org"

[[categories]]
slug = "tin"
name = "Tin tức"
"#;

/// 2025-01-01T00:00:00Z and a day.
const JAN_1: i64 = 1_735_689_600;
const DAY: i64 = 86_400;

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().unwrap(),
        };
        f.write("content/site.toml", SITE_TOML);
        f.article("thuong.md", "Bài thường", "", "Nội dung thường.");
        f
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn article(&self, file: &str, title: &str, extra: &str, body: &str) {
        self.write(
            &format!("content/articles/{file}"),
            &format!(
                "+++\ntitle = \"{title}\"\ndate = 2024-12-20\ncategory = \"tin\"\n{extra}\n+++\n{body}\n"
            ),
        );
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    fn build(&self, now: i64) -> trangtin_bundler::BuildSummary {
        trangtin_bundler::build_at(&self.dir.path().join("content"), &self.out(), "/", now)
            .unwrap_or_else(|ps| panic!("{ps:?}"))
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_default()
    }

    /// Every place an article can show up besides its own bundle, as one text.
    fn listings(&self) -> String {
        let mut text = String::new();
        for rel in [
            "content/lists.json",
            "content/home.json",
            "content/chuyen-muc/tin.json",
            "content/bai-viet/bai-thuong.json",
            "feed.xml",
            "feeds/tin.xml",
        ] {
            text.push_str(&self.read(rel));
        }
        let (index, sitemaps) = sitemap::read_all(&self.out(), "https://truong.example.org");
        text.push_str(&index);
        text.extend(sitemaps);
        text.push_str(&search_words(&self.out()));
        text
    }
}

/// The search index's vocabulary and snippets.
fn search_words(out: &Path) -> String {
    let mut text = String::new();
    for dir in ["content/search/h", "content/search/doc"] {
        for e in std::fs::read_dir(out.join(dir))
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with("vocab") || name.ends_with(".json") {
                text.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
            }
        }
    }
    text
}

#[test]
fn a_scheduled_article_is_nowhere_before_its_time_and_everywhere_after() {
    let f = Fixture::new();
    f.article(
        "hen.md",
        "Bài hẹn giờ",
        "publish_at = 2025-01-02T08:00:00+07:00",
        "Lichhen riêng.",
    );
    let at = JAN_1 + DAY + 3600; // 2025-01-02 08:00 in Hà Nội
    let before = f.build(at - 1);
    assert_eq!(before.articles, 1);
    assert_eq!(before.next_change, Some(at));
    assert!(!f.out().join("content/bai-viet/bai-hen-gio.json").exists());
    let listings = f.listings();
    assert!(!listings.contains("bai-hen-gio"), "{listings}");
    assert!(!listings.to_lowercase().contains("lichhen"));

    let after = f.build(at);
    assert_eq!((after.articles, after.next_change), (2, None));
    assert!(f.out().join("content/bai-viet/bai-hen-gio.json").exists());
    for rel in [
        "content/lists.json",
        "feed.xml",
        "content/chuyen-muc/tin.json",
    ] {
        assert!(f.read(rel).contains("bai-hen-gio"), "{rel}");
    }
    let sitemaps = sitemap::read_all(&f.out(), "https://truong.example.org").1;
    assert!(sitemaps.concat().contains("bai-hen-gio"));
    assert!(search_words(&f.out()).to_lowercase().contains("lichhen"));
}

#[test]
fn an_expired_article_is_archived_its_page_stays_and_no_list_shows_it() {
    let f = Fixture::new();
    f.article(
        "het.md",
        "Bài hết hạn",
        "expire_at = 2025-01-01",
        "Hethan riêng.",
    );
    let listed = f.build(JAN_1 - 8 * 3600);
    assert_eq!(listed.next_change, Some(JAN_1 - 7 * 3600));
    assert!(f.listings().contains("bai-het-han"));

    let s = f.build(JAN_1);
    assert_eq!(s.articles, 1);
    let bundle = f.read("content/bai-viet/bai-het-han.json");
    assert!(bundle.contains("Hethan riêng."), "the page stays readable");
    assert!(
        bundle.contains("bai-thuong"),
        "and shows the listed articles"
    );
    let listings = f.listings();
    assert!(!listings.contains("bai-het-han"), "{listings}");
    assert!(!listings.to_lowercase().contains("hethan"));
    let lists: trangtin_model::Lists = serde_json::from_str(&f.read("content/lists.json")).unwrap();
    assert_eq!(lists.latest.len(), 1);
}

#[test]
fn a_withdrawn_article_is_gone_at_expiry() {
    let f = Fixture::new();
    f.article(
        "rut.md",
        "Bài rút",
        "expire_at = 2025-01-01\non_expiry = \"withdraw\"",
        "Rút.",
    );
    f.build(JAN_1 - 7 * 3600 - 1);
    assert!(f.out().join("content/bai-viet/bai-rut.json").exists());
    f.build(JAN_1);
    assert!(!f.out().join("content/bai-viet/bai-rut.json").exists());
    assert!(!f.listings().contains("bai-rut"));
}

#[test]
fn a_schedule_that_cannot_work_is_reported_on_its_line() {
    let f = Fixture::new();
    f.article(
        "sai.md",
        "Bài sai",
        "publish_at = 2025-02-01\nexpire_at = 2025-01-01\non_expiry = \"xoa\"",
        "x",
    );
    let problems: Vec<String> =
        trangtin_bundler::build_at(&f.dir.path().join("content"), &f.out(), "/", JAN_1)
            .unwrap_err()
            .iter()
            .map(|p| p.to_string())
            .collect();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("sai.md:6:") && p.contains("expire_at")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("sai.md:7:") && p.contains("withdraw")),
        "{problems:?}"
    );
}
