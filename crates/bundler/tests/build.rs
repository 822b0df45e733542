//! The bundler on small fixture sites built in temporary folders.

use std::path::{Path, PathBuf};
use trangtin_model::{ArticleBundle, Lists, SiteManifest, SCHEMA_VERSION};

mod support;
use support::sitemap;

const BASE: &str = "https://truong.example.org";

const SITE_TOML: &str = r#"
[site]
name = "Trường Thử"
base_url = "https://truong.example.org"

[[categories]]
slug = "tin"
name = "Tin tức"

[[categories]]
slug = "thong-bao"
name = "Thông báo"
"#;

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().unwrap(),
        };
        f.write("content/site.toml", SITE_TOML);
        f.write(
            "content/media/a.svg",
            "<svg xmlns='http://www.w3.org/2000/svg'/>",
        );
        f
    }

    fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    fn article(&self, file: &str, front: &str, body: &str) -> &Self {
        self.write(
            &format!("content/articles/{file}"),
            &format!("+++\n{front}\n+++\n{body}"),
        )
    }

    fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    fn build(&self) -> Result<trangtin_bundler::BuildSummary, Vec<String>> {
        trangtin_bundler::build(&self.content(), &self.out(), "/")
            .map_err(|ps| ps.iter().map(|p| p.to_string()).collect())
    }

    /// A build at `now` that leaves out broken articles and reports warnings.
    fn build_keep_going(&self, now: i64) -> trangtin_bundler::BuildSummary {
        trangtin_bundler::build_with(
            &self.content(),
            &self.out(),
            "/",
            now,
            trangtin_bundler::Policy::KeepGoing,
        )
        .unwrap()
    }

    fn bundle(&self, slug: &str) -> ArticleBundle {
        let text =
            std::fs::read_to_string(self.out().join(format!("content/bai-viet/{slug}.json")))
                .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    fn manifest(&self) -> SiteManifest {
        serde_json::from_str(
            &std::fs::read_to_string(self.out().join("content/site.json")).unwrap(),
        )
        .unwrap()
    }

    fn lists(&self) -> Lists {
        serde_json::from_str(
            &std::fs::read_to_string(self.out().join("content/lists.json")).unwrap(),
        )
        .unwrap()
    }
}

fn post(title: &str, date: &str, category: &str) -> String {
    format!("title = \"{title}\"\ndate = {date}\ncategory = \"{category}\"")
}

fn body_html(f: &Fixture, slug: &str) -> String {
    f.bundle(slug).article.body.as_str().to_string()
}

#[test]
fn builds_a_manifest_and_one_bundle_per_article_named_by_slug() {
    let f = Fixture::new();
    f.article(
        "a.md",
        &post("Trường Đào tạo khai giảng", "2024-06-25", "tin"),
        "Xin chào.\n",
    );
    let summary = f.build().unwrap();
    assert_eq!(summary.articles, 1);
    let m = f.manifest();
    assert_eq!(m.schema_version, SCHEMA_VERSION);
    assert_eq!(m.list_rows, 1);
    assert_eq!(f.lists().latest[0].slug, "truong-dao-tao-khai-giang");
    let b = f.bundle("truong-dao-tao-khai-giang");
    assert_eq!(b.schema_version, SCHEMA_VERSION);
    assert_eq!(b.article.published.to_string(), "2024-06-25T00:00:00+07:00");
    assert_eq!(b.article.body.as_str(), "<p>Xin chào.</p>\n");
}

#[test]
fn a_front_matter_slug_wins_over_the_title() {
    let f = Fixture::new();
    f.article(
        "a.md",
        &format!(
            "{}\nslug = \"bai-rieng\"",
            post("Tiêu đề", "2024-01-02", "tin")
        ),
        "x",
    );
    f.build().unwrap();
    assert_eq!(f.bundle("bai-rieng").article.title, "Tiêu đề");
}

#[test]
fn the_sanitiser_removes_scripts_handlers_javascript_links_and_iframes() {
    let f = Fixture::new();
    let body = r#"
<script>alert(1)</script>

<img src="media/a.svg" onerror="alert(2)" alt="x">

[bấm](javascript:alert(3)) và <a href="JaVaScRiPt:alert(4)">đây</a>

<iframe src="https://evil.example/"></iframe>

<p style="color:red" onclick="alert(5)">đoạn</p>

<svg><script>alert(6)</script></svg><math><mi xlink:href="javascript:alert(7)">x</mi></math>

Công thức thật: $x$.
"#;
    f.article("x.md", &post("XSS", "2024-01-01", "tin"), body);
    // Strict: the hand-written MathML and SVG are named, at their line, and stop it.
    let refused = f.build().unwrap_err();
    assert!(
        refused
            .iter()
            .any(|p| p.contains("x.md:17: warning: MathML written by hand"))
            && refused
                .iter()
                .any(|p| p.contains("x.md:17: warning: SVG written by hand")),
        "{refused:#?}"
    );
    f.build_keep_going(1_800_000_000);
    let html = body_html(&f, "xss").to_lowercase();
    for banned in [
        "<script",
        "alert(",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
        "style=",
        "<svg",
        "xlink",
    ] {
        assert!(!html.contains(banned), "{banned} survived in {html}");
    }
    // Only the bundler's own MathML, from TeX, reaches the page: the author's `<math>`
    // went with its content.
    assert_eq!(html.matches("<math").count(), 1, "{html}");
    assert!(
        html.contains("<math alttext=\"x\" display=\"inline\">"),
        "{html}"
    );
    assert!(html.contains("<p>đoạn</p>"), "{html}");
    assert!(html.contains(">bấm</a>"), "link text is kept: {html}");
}

#[test]
fn links_keep_safe_urls_and_gain_noopener() {
    let f = Fixture::new();
    f.article(
        "x.md",
        &post("Liên kết", "2024-01-01", "tin"),
        "[trang](https://example.org/a)\n",
    );
    f.build().unwrap();
    assert_eq!(
        body_html(&f, "lien-ket"),
        "<p><a href=\"https://example.org/a\" rel=\"noopener noreferrer\">trang</a></p>\n"
    );
}

#[test]
fn figures_keep_their_captions_and_images_point_at_copied_media() {
    let f = Fixture::new();
    f.article(
        "x.md",
        &post("Ảnh", "2024-01-01", "tin"),
        "![Hội trường](../media/a.svg \"Quang cảnh hội nghị\")\n",
    );
    f.build().unwrap();
    let served = served_name(&f, "a", "svg");
    assert_eq!(
        body_html(&f, "anh"),
        // The first picture of an article is fetched first; an SVG is its own one width.
        format!("<figure><img src=\"/content/media/{served}\" srcset=\"/content/media/{served}\" alt=\"Hội trường\" fetchpriority=\"high\" decoding=\"async\"><figcaption>Quang cảnh hội nghị</figcaption></figure>\n")
    );
    // Only the content-hashed copy is served.
    assert!(!f.out().join("content/media/a.svg").exists());
}

/// The one file in the output's media folder named `stem.<hash>.ext`.
fn served_name(f: &Fixture, stem: &str, ext: &str) -> String {
    let names: Vec<String> = std::fs::read_dir(f.out().join("content/media"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.strip_prefix(&format!("{stem}."))
                .and_then(|rest| rest.strip_suffix(&format!(".{ext}")))
                .is_some_and(|h| h.len() == 12 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        })
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    names[0].clone()
}

#[test]
fn a_changed_media_file_gets_a_new_name_and_the_old_one_goes() {
    let f = Fixture::new();
    f.article(
        "x.md",
        &post("Ảnh", "2024-01-01", "tin"),
        "![Hội trường](/content/media/a.svg)\n\n[Tải về](/content/media/a.svg)\n",
    );
    f.build().unwrap();
    let before = served_name(&f, "a", "svg");
    f.write(
        "content/media/a.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    f.build().unwrap();
    let after = served_name(&f, "a", "svg");
    assert_ne!(before, after);
    let body = body_html(&f, "anh");
    // The picture's src and srcset, and the link.
    assert_eq!(
        body.matches(&format!("/content/media/{after}")).count(),
        3,
        "{body}"
    );
}

#[test]
fn html_articles_point_at_served_media_and_report_missing_images() {
    let f = Fixture::new();
    f.article(
        "x.html",
        &post("Ảnh", "2024-01-01", "tin"),
        "<p>Ảnh:</p>\n<img src=\"../media/a.svg\" alt=\"a\">\n",
    );
    f.build().unwrap();
    let served = served_name(&f, "a", "svg");
    assert!(body_html(&f, "anh").contains(&format!("src=\"/content/media/{served}\"")));
    f.article(
        "x.html",
        &post("Ảnh", "2024-01-01", "tin"),
        "<p>Ảnh:</p>\n<img src=\"../media/khong-co.svg\" alt=\"a\">\n",
    );
    let problems = f.build().unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("content/articles/x.html:")
            && problems[0].contains("image not found"),
        "{problems:?}"
    );
}

#[test]
fn every_problem_is_reported_with_file_and_line_and_nothing_is_written() {
    let f = Fixture::new();
    f.article(
        "bad-toml.md",
        "title = \"A\"\ndate = 2024-01-01\ncategory = ",
        "x",
    );
    f.article("no-title.md", "date = 2024-01-01\ncategory = \"tin\"", "x");
    f.article(
        "bad-date.md",
        "title = \"Ngày sai\"\ndate = \"25/6/2024\"\ncategory = \"tin\"",
        "x",
    );
    f.article(
        "bad-cat.md",
        "title = \"Mục sai\"\ndate = 2024-01-01\ncategory = \"khong-co\"",
        "x",
    );
    f.article("dup-1.md", &post("Trùng", "2024-01-01", "tin"), "x");
    f.article("dup-2.md", &post("Trùng", "2024-01-02", "tin"), "x");
    f.article(
        "img.md",
        &post("Ảnh thiếu", "2024-01-01", "tin"),
        "Một.\n\n![x](../media/khong-co.png)\n",
    );
    f.article(
        "remote.md",
        &post("Ảnh ngoài", "2024-01-01", "tin"),
        "![x](https://example.org/a.png)\n",
    );
    let problems = f.build().unwrap_err();
    let expect = [
        "content/articles/bad-toml.md:4: bad front matter",
        "content/articles/no-title.md:1: missing title",
        "content/articles/bad-date.md:3: invalid date \"25/6/2024\"",
        "content/articles/bad-cat.md:4: unknown category \"khong-co\"",
        "content/articles/dup-2.md:1: duplicate slug \"trung\": also used by content/articles/dup-1.md",
        "content/articles/img.md:8: warning: image not found",
        "content/articles/remote.md:6: warning: remote image",
    ];
    for e in expect {
        assert!(
            problems.iter().any(|p| p.starts_with(e)),
            "no {e:?} in {problems:#?}"
        );
    }
    assert_eq!(problems.len(), expect.len(), "{problems:#?}");
    assert!(!f.out().exists(), "a failed build wrote output");
}

#[test]
fn a_failed_rebuild_keeps_the_previous_output() {
    let f = Fixture::new();
    f.article("a.md", &post("Một", "2024-01-01", "tin"), "x");
    f.build().unwrap();
    f.article("b.md", "title = \"Hai\"", "x");
    assert!(f.build().is_err());
    assert_eq!(f.bundle("mot").article.title, "Một");
}

#[test]
fn drafts_are_left_out() {
    let f = Fixture::new();
    f.article(
        "a.md",
        &format!("{}\ndraft = true", post("Nháp", "2024-01-01", "tin")),
        "x",
    );
    f.article("b.md", &post("Đăng", "2024-01-01", "tin"), "x");
    assert_eq!(f.build().unwrap().articles, 1);
    assert!(!f.out().join("content/bai-viet/nhap.json").exists());
}

#[test]
fn related_lists_split_the_category_into_newer_and_older() {
    let f = Fixture::new();
    for (i, day) in ["01", "02", "03", "04"].iter().enumerate() {
        f.article(
            &format!("t{i}.md"),
            &post(&format!("Tin {i}"), &format!("2024-03-{day}"), "tin"),
            "x",
        );
    }
    f.article(
        "tb.md",
        &post("Thông báo duy nhất", "2024-03-02", "thong-bao"),
        "x",
    );
    f.build().unwrap();

    let middle = f.bundle("tin-1");
    let slugs =
        |v: &[trangtin_model::ArticleSummary]| v.iter().map(|a| a.slug.clone()).collect::<Vec<_>>();
    assert_eq!(
        slugs(&middle.newer),
        ["tin-2", "tin-3"],
        "nearest newer first"
    );
    assert_eq!(slugs(&middle.same_category), ["tin-0"]);

    let newest = f.bundle("tin-3");
    assert!(
        newest.newer.is_empty(),
        "the newest post has no newer posts"
    );
    assert_eq!(slugs(&newest.same_category), ["tin-2", "tin-1", "tin-0"]);

    let alone = f.bundle("thong-bao-duy-nhat");
    assert!(
        alone.newer.is_empty() && alone.same_category.is_empty(),
        "a category with one article"
    );

    let latest: Vec<String> = f.lists().latest.iter().map(|a| a.slug.clone()).collect();
    assert_eq!(
        latest,
        ["tin-3", "tin-2", "thong-bao-duy-nhat", "tin-1", "tin-0"]
    );
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let f = Fixture::new();
    for i in 0..5 {
        f.article(
            &format!("{i}.md"),
            &post(&format!("Bài {i}"), "2024-01-01", "tin"),
            "Nội dung.",
        );
    }
    f.build().unwrap();
    let first = read_all(&f.out());
    f.build().unwrap();
    assert_eq!(first, read_all(&f.out()));
}

#[test]
fn the_example_site_builds_with_the_seed_article() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let site = trangtin_bundler::check(&content).unwrap_or_else(|p| panic!("{p:#?}"));
    let seed = &site
        .articles
        .iter()
        .find(|a| a.title.contains("NGUYỄN VĂN CỪ"))
        .unwrap();
    assert_eq!(
        seed.published.date,
        trangtin_model::Date::new(2024, 6, 25).unwrap()
    );
    assert_eq!(
        seed.byline.as_deref(),
        Some("Hà Thị Thu, Phó trưởng phòng, Tổ chức, hành chính, thông tin, tư liệu")
    );
    let body = seed.body.as_str();
    assert!(body.contains("238 lớp với 12.378 học viên"));
    assert_eq!(body.matches("<figure>").count(), 3);
    for caption in [
        "<figcaption>Quang cảnh hội nghị tại điểm cầu Trường Đào tạo cán bộ Nguyễn Văn Cừ</figcaption>",
        "<figcaption>Hình ảnh các điểm cầu trực tuyến</figcaption>",
        "<figcaption>Đ/c Nguyễn Hoàng Hưng - Phó Hiệu trưởng, Trường Chính trị tỉnh Hà Giang,</figcaption>",
    ] {
        assert!(body.contains(caption), "{caption}");
    }
    assert!(
        !body.contains(&seed.title),
        "the title is given once, not repeated in the body"
    );
}

fn read_all(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else if e.file_name() != trangtin_bundler::cache::FILE
                && e.file_name() != trangtin_search::cache::FILE
                && e.file_name() != trangtin_search::cache::SEGMENTS_FILE
                && e.file_name() != trangtin_bundler::owned::FILE
            {
                out.push((e.path(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn category_page(f: &Fixture, slug: &str, page: u32) -> Option<trangtin_model::CategoryPage> {
    let path = f
        .out()
        .join(trangtin_model::paths::category_page(slug, page));
    std::fs::read_to_string(path)
        .ok()
        .map(|t| serde_json::from_str(&t).unwrap())
}

fn slugs(page: &trangtin_model::CategoryPage) -> Vec<String> {
    page.items.iter().map(|a| a.slug.clone()).collect()
}

/// `n` articles in "tin", a day apart, `tin-0` the oldest, two to a page.
fn paged_category(f: &Fixture, n: usize) {
    f.write(
        "content/site.toml",
        &SITE_TOML.replace("base_url", "page_size = 2\nbase_url"),
    );
    for i in 0..n {
        f.article(
            &format!("t{i}.md"),
            &post(&format!("Tin {i}"), &format!("2024-03-{:02}", i + 1), "tin"),
            "x",
        );
    }
}

#[test]
fn category_archive_pages_count_from_the_oldest_and_the_front_page_shows_the_newest() {
    let f = Fixture::new();
    paged_category(&f, 5);
    f.build().unwrap();
    let front = category_page(&f, "tin", 0).unwrap();
    assert_eq!(slugs(&front), ["tin-4", "tin-3"]);
    assert_eq!(
        (front.page, front.older, front.newer, front.total),
        (0, Some(2), None, Some(5))
    );
    let two = category_page(&f, "tin", 2).unwrap();
    assert_eq!(slugs(&two), ["tin-3", "tin-2"]);
    assert_eq!((two.older, two.newer, two.total), (Some(1), None, None));
    let one = category_page(&f, "tin", 1).unwrap();
    assert_eq!(slugs(&one), ["tin-1", "tin-0"]);
    assert_eq!((one.older, one.newer), (None, Some(2)));
    assert!(
        category_page(&f, "tin", 3).is_none(),
        "only full pages are archived"
    );
    // The front page with the others, the archive pages in the category's sitemap.
    let read = |name: &str| std::fs::read_to_string(f.out().join("sitemaps").join(name)).unwrap();
    assert!(read("trang.xml").contains("/chuyen-muc/tin<"));
    let archive = read("chuyen-muc-tin.xml");
    for page in ["/chuyen-muc/tin/trang-1<", "/chuyen-muc/tin/trang-2<"] {
        assert!(archive.contains(page), "{page} in {archive}");
    }
    assert_eq!(
        sitemap::read_all(&f.out(), BASE).1.len(),
        3,
        "front pages, archive, a month"
    );
}

#[test]
fn a_new_article_leaves_the_archive_pages_as_they_were() {
    let f = Fixture::new();
    paged_category(&f, 5);
    f.build().unwrap();
    let archive = |n| std::fs::read(f.out().join(trangtin_model::paths::category_page("tin", n)));
    let first = archive(1).unwrap();
    let second = category_page(&f, "tin", 2).unwrap();
    // The sixth fills the newest page: archive page 3 starts, and page 2 links to it.
    f.article("t5.md", &post("Tin 5", "2024-03-06", "tin"), "x");
    f.build().unwrap();
    assert!(archive(1).unwrap() == first, "archive page 1 changed");
    let now = category_page(&f, "tin", 2).unwrap();
    assert_eq!((slugs(&now), now.newer), (slugs(&second), Some(3)));
    let three = category_page(&f, "tin", 3).unwrap();
    assert_eq!(slugs(&three), ["tin-5", "tin-4"]);
    assert_eq!((three.older, three.newer), (Some(2), None));
    // The seventh changes the front page alone.
    let pages: Vec<_> = (1..=3).map(|n| archive(n).unwrap()).collect();
    f.article("t6.md", &post("Tin 6", "2024-03-07", "tin"), "x");
    f.build().unwrap();
    assert!((1..=3).map(|n| archive(n).unwrap()).collect::<Vec<_>>() == pages);
    assert!(archive(4).is_err());
    let front = category_page(&f, "tin", 0).unwrap();
    assert_eq!(
        (slugs(&front), front.older, front.total),
        (
            vec!["tin-6".to_string(), "tin-5".to_string()],
            Some(3),
            Some(7)
        )
    );
}

#[test]
fn an_empty_category_still_has_its_front_page() {
    let f = Fixture::new();
    f.article("a.md", &post("Một", "2024-01-01", "tin"), "x");
    f.build().unwrap();
    let empty = category_page(&f, "thong-bao", 0).unwrap();
    assert_eq!(
        (empty.page, empty.older, empty.total, empty.items.len()),
        (0, None, Some(0), 0)
    );
    assert!(category_page(&f, "thong-bao", 1).is_none());
    let one = category_page(&f, "tin", 0).unwrap();
    assert_eq!((one.older, one.total), (None, Some(1)));
}

#[test]
fn the_home_bundle_has_featured_articles_and_non_empty_sections_in_config_order() {
    let f = Fixture::new();
    f.article(
        "a.md",
        &format!(
            "{}\nfeatured = true",
            post("Nổi bật", "2024-01-01", "thong-bao")
        ),
        "x",
    );
    f.article("b.md", &post("Thường", "2024-01-02", "thong-bao"), "x");
    f.build().unwrap();
    let home: trangtin_model::HomeBundle =
        serde_json::from_str(&std::fs::read_to_string(f.out().join("content/home.json")).unwrap())
            .unwrap();
    assert_eq!(
        home.featured
            .iter()
            .map(|a| a.slug.as_str())
            .collect::<Vec<_>>(),
        ["noi-bat"]
    );
    assert_eq!(home.sections.len(), 1, "the empty category is left out");
    assert_eq!(home.sections[0].category.slug, "thong-bao");
    assert_eq!(home.sections[0].total, 2);
    assert_eq!(home.sections[0].items[0].slug, "thuong");
    assert_eq!(f.lists().featured.len(), 1);
}

#[test]
fn most_read_comes_from_the_views_file_and_is_empty_without_one() {
    let f = Fixture::new();
    f.article("a.md", &post("Một", "2024-01-01", "tin"), "x");
    f.article("b.md", &post("Hai", "2024-01-02", "tin"), "x");
    f.article("c.md", &post("Ba", "2024-01-03", "tin"), "x");
    f.build().unwrap();
    assert!(
        f.lists().most_read.is_empty(),
        "no views, no invented numbers"
    );
    assert!(
        !f.out().join("content/stats.json").exists(),
        "no statistics file, no stats bundle"
    );

    f.write(
        "content/views.json",
        r#"{"mot": 30, "hai": 0, "ba": 7, "da-xoa": 99}"#,
    );
    f.build().unwrap();
    let most: Vec<String> = f.lists().most_read.iter().map(|a| a.slug.clone()).collect();
    assert_eq!(most, ["mot", "ba"]);
}

#[test]
fn statistics_come_from_stats_toml() {
    let f = Fixture::new();
    f.article("a.md", &post("Một", "2024-01-01", "tin"), "x");
    f.write(
        "content/stats.toml",
        "online = 3\ntoday = 120\nyesterday = 98\nthis_month = 2400\nlast_month = 3100\ntotal = 13557\n",
    );
    f.build().unwrap();
    let stats: trangtin_model::Stats =
        serde_json::from_str(&std::fs::read_to_string(f.out().join("content/stats.json")).unwrap())
            .unwrap();
    assert_eq!(
        (stats.online, stats.online_window_minutes, stats.total),
        (3, 5, 13557)
    );
    assert_eq!(
        f.lists().stats.as_ref(),
        Some(&stats),
        "pages read the statistics with the lists"
    );

    f.write("content/stats.toml", "online = 3\ntoday = -1\n");
    let problems = f.build().unwrap_err();
    assert!(
        problems[0].starts_with("content/stats.toml:2: bad statistics file"),
        "{problems:?}"
    );
}

#[test]
fn a_sub_path_site_serves_media_under_its_base_path() {
    let f = Fixture::new();
    f.write(
        "content/site.toml",
        &SITE_TOML.replace("base_url", "logo = \"media/a.svg\"\nbase_url"),
    );
    f.article(
        "x.md",
        &post("Ảnh", "2024-01-01", "tin"),
        "![Hội trường](../media/a.svg \"Quang cảnh\")\n",
    );
    trangtin_bundler::build(&f.content(), &f.out(), "/portal/").unwrap();
    let url = format!("/portal/content/media/{}", served_name(&f, "a", "svg"));
    assert!(body_html(&f, "anh").contains(&format!("src=\"{url}\"")));
    assert_eq!(
        f.manifest().site.logo.map(|l| l.src).as_deref(),
        Some(url.as_str())
    );
    // site.toml names the origin; the public address gains the base path.
    assert_eq!(
        f.manifest().site.base_url,
        "https://truong.example.org/portal"
    );
    // A base_url under another path cannot be where a /portal/ build is served.
    f.write(
        "content/site.toml",
        &SITE_TOML.replace("truong.example.org", "truong.example.org/tin"),
    );
    let problems: Vec<String> = trangtin_bundler::build(&f.content(), &f.out(), "/portal/")
        .unwrap_err()
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert!(
        problems[0].starts_with("content/site.toml:4: base_url"),
        "{problems:?}"
    );
}

#[test]
fn a_new_article_changes_its_months_sitemap_and_not_the_older_ones() {
    let f = Fixture::new();
    f.article("a.md", &post("Một", "2024-01-10", "tin"), "x");
    f.article("b.md", &post("Hai", "2024-02-10", "tin"), "x");
    f.build().unwrap();
    let read = |m: &str| std::fs::read(f.out().join(format!("sitemaps/bai-viet-{m}.xml"))).unwrap();
    let (january, february) = (read("2024-01"), read("2024-02"));
    f.article("c.md", &post("Ba", "2024-02-20", "tin"), "x");
    f.build().unwrap();
    assert!(read("2024-01") == january, "January's sitemap changed");
    assert!(read("2024-02") != february);
    assert!(String::from_utf8(read("2024-02"))
        .unwrap()
        .contains("/bai-viet/ba<"));
    // A month that loses its last article loses its file, and the index its entry.
    std::fs::remove_file(f.content().join("articles/a.md")).unwrap();
    f.build().unwrap();
    assert!(!f.out().join("sitemaps/bai-viet-2024-01.xml").exists());
    let (index, sitemaps) = sitemap::read_all(&f.out(), BASE);
    assert_eq!(sitemaps.len(), 2, "{index}");
}

#[test]
fn feeds_sitemap_and_robots_list_the_published_articles() {
    let f = Fixture::new();
    f.article(
        "a.md",
        &format!(
            "{}\nsummary = \"Tóm tắt <b>&</b>\"",
            post("Một", "2024-01-01T08:30", "tin")
        ),
        "x",
    );
    f.article("b.md", &post("Hai", "2024-02-01", "thong-bao"), "x");
    f.article(
        "c.md",
        &format!("{}\ndraft = true", post("Nháp", "2024-03-01", "tin")),
        "x",
    );
    f.build().unwrap();
    let read = |p: &str| std::fs::read_to_string(f.out().join(p)).unwrap();

    let feed = read("feed.xml");
    assert!(feed.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\""));
    assert!(
        feed.find("/bai-viet/hai</link>").unwrap() < feed.find("/bai-viet/mot</link>").unwrap(),
        "newest first"
    );
    assert!(feed.contains("<pubDate>Mon, 01 Jan 2024 08:30:00 +0700</pubDate>"));
    assert!(feed.contains("<description>Tóm tắt &lt;b&gt;&amp;&lt;/b&gt;</description>"));
    assert!(!feed.contains("nhap"), "drafts stay out of feeds");

    let tin = read("feeds/tin.xml");
    assert!(tin.contains("/bai-viet/mot") && !tin.contains("/bai-viet/hai"));
    assert!(f.out().join("feeds/thong-bao.xml").is_file());

    // An index naming the front pages' sitemap and one per month of articles, each
    // with the newest date in it (no archive pages yet: no category has a full page).
    let (index, sitemaps) = sitemap::read_all(&f.out(), BASE);
    assert!(index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    assert_eq!(sitemaps.len(), 3, "{index}");
    for (name, newest) in [
        ("trang", "2024-02-01T00:00:00+07:00"),
        ("bai-viet-2024-02", "2024-02-01T00:00:00+07:00"),
        ("bai-viet-2024-01", "2024-01-01T08:30:00+07:00"),
    ] {
        let entry = format!("<loc>{BASE}/sitemaps/{name}.xml</loc><lastmod>{newest}</lastmod>");
        assert!(index.contains(&entry), "{entry} in {index}");
    }
    for set in &sitemaps {
        assert!(set.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    }
    let sitemap = sitemaps.concat();
    for loc in [
        "https://truong.example.org/",
        "https://truong.example.org/chuyen-muc/tin",
        "https://truong.example.org/bai-viet/mot",
    ] {
        assert!(sitemap.contains(&format!("<loc>{loc}</loc>")), "{loc}");
    }
    assert!(sitemaps[2].contains("<url><loc>https://truong.example.org/bai-viet/mot</loc><lastmod>2024-01-01T08:30:00+07:00</lastmod></url>"));
    assert!(!sitemap.contains("nhap"));
    assert_eq!(
        sitemap.matches("<url>").count(),
        5,
        "home, two categories, two articles"
    );

    assert!(read("robots.txt").contains("Sitemap: https://truong.example.org/sitemap.xml"));
}

#[test]
fn keeping_going_an_article_that_is_wrong_is_left_out_and_one_a_reader_can_live_with_publishes() {
    let f = Fixture::new();
    f.article("ok.md", &post("Một", "2024-01-01", "tin"), "Đủ cả.\n");
    f.article(
        "bad-cat.md",
        "title = \"Mục sai\"\ndate = 2024-01-01\ncategory = \"khong-co\"",
        "x",
    );
    f.article(
        "images.md",
        &format!(
            "{}\nthumbnail = \"https://example.org/t.jpg\"",
            post("Ảnh hỏng", "2024-01-02", "tin")
        ),
        "Trước.\n\n![Lễ khai giảng](https://example.org/a.png \"Chú thích\")\n\n\
         Chữ ![biểu đồ](../media/khong-co.png) chữ.\n\n<p><img src=\"../media/mat.png\" alt=\"<b>x</b>\"></p>\n\n\
         [mất](/bai-viet/khong-co)\n",
    );
    f.article("empty.md", &post("Trống", "2024-01-03", "tin"), "\n  \n");
    let now = 1_800_000_000;
    let s = f.build_keep_going(now);
    assert_eq!(s.articles, 3, "{:#?}", s.left_out);
    let left: Vec<String> = s.left_out.iter().map(|p| p.to_string()).collect();
    assert_eq!(left.len(), 1, "{left:#?}");
    assert!(left[0].starts_with("content/articles/bad-cat.md:4: unknown category"));
    let warned: Vec<String> = s.warnings.iter().map(|p| p.to_string()).collect();
    for w in [
        "content/articles/empty.md:6: warning: the body is empty",
        "content/articles/images.md:5: warning: remote image",
        "content/articles/images.md:9: warning: remote image",
        "content/articles/images.md:11: warning: image not found",
        "content/articles/images.md:13: warning: image not found",
        "content/articles/images.md:15: warning: broken internal link \"/bai-viet/khong-co\"",
    ] {
        assert!(
            warned.iter().any(|p| p.starts_with(w)),
            "no {w:?} in {warned:#?}"
        );
    }
    assert_eq!(warned.len(), 6, "{warned:#?}");
    // Published without the missing parts: each image's description in its place,
    // escaped, and no empty `src`, remote address or caption of a photo that is not there.
    let body = body_html(&f, "anh-hong");
    assert!(body.contains("<p>Lễ khai giảng</p>"), "{body}");
    assert!(body.contains("Chữ biểu đồ chữ."), "{body}");
    assert!(body.contains("&lt;b") && !body.contains("<b>"), "{body}");
    for absent in ["<img", "example.org", "Chú thích", "<figure"] {
        assert!(!body.contains(absent), "{absent} in {body}");
    }
    assert!(f.bundle("anh-hong").article.thumbnail.is_none());
    // Cached, the warnings are said again; strict, the same site writes nothing.
    let again = f.build_keep_going(now);
    assert_eq!(again.warnings, s.warnings);
    assert_eq!(again.changed, 0);
    let strict = trangtin_bundler::build_with(
        &f.content(),
        &f.dir.path().join("strict"),
        "/",
        now,
        trangtin_bundler::Policy::Strict,
    )
    .unwrap_err();
    assert_eq!(strict.len(), 7, "{strict:#?}");
    assert!(!f.dir.path().join("strict").exists());
}

#[test]
fn code_math_callouts_footnotes_and_tables_render_at_build_time() {
    let f = Fixture::new();
    let body = "Đoạn có chú thích[^a] và công thức $E = mc^2$.\n\n\
                ```python\ndef f(x):\n    return \"<b>\"  # chú thích\n```\n\n\
                $$\\sum_{i=1}^n i = \\frac{n(n+1)}{2}$$\n\n\
                > [!WARNING]\n> Hạn chót là **thứ Sáu**.\n\n\
                | a | b |\n|---|---|\n| 1 | 2 |\n\n\
                Lần nữa[^a], và ghi chú khác[^b]. Sai: $\\frac{1}$.\n\n\
                [^b]: Ghi chú hai.\n[^a]: Ghi chú một.\n";
    f.article("x.md", &post("Nội dung thật", "2024-01-01", "tin"), body);
    let now = 1_800_000_000;
    let s = f.build_keep_going(now);
    let html = body_html(&f, "noi-dung-that");
    let warned: Vec<String> = s.warnings.iter().map(|p| p.to_string()).collect();
    assert_eq!(warned.len(), 1, "{warned:#?}\n{html}");
    assert!(
        warned[0].starts_with("content/articles/x.md:22: warning: math that does not parse"),
        "{warned:#?}"
    );
    for want in [
        // Code: a box that scrolls, tokens classed, text escaped.
        "<pre tabindex=\"0\" class=\"hl\"><code class=\"lang-python\"><span class=\"hl-k\">def </span><span class=\"hl-f\">f</span>",
        "&lt;b&gt;",
        "<span class=\"hl-c\"># chú thích",
        // Math: MathML with its TeX.
        "<math alttext=\"E = mc^2\" display=\"inline\">",
        "<annotation encoding=\"application/x-tex\">E = mc^2</annotation>",
        "display=\"block\"",
        "<mfrac>",
        "<code>\\frac{1}</code>",
        // A callout.
        "<div class=\"callout callout-warning\"><p class=\"callout-title\">Cảnh báo</p>",
        "<strong>thứ Sáu</strong>",
        // A table that scrolls.
        "<div class=\"table-scroll\" tabindex=\"0\"><table>",
        "</table></div>",
        // Footnotes numbered by first reference, both references linked, notes at the end.
        "chú thích<sup class=\"fn-ref\" id=\"fnref-1\"><a href=\"#fn-1\"",
        "Lần nữa<sup class=\"fn-ref\" id=\"fnref-1-2\"><a href=\"#fn-1\"",
        "khác<sup class=\"fn-ref\" id=\"fnref-2\"><a href=\"#fn-2\"",
        "<ol class=\"footnotes\">\n<li id=\"fn-1\">\n<p>Ghi chú một.</p>\n <a class=\"fn-back\" href=\"#fnref-1\"",
        "<li id=\"fn-2\">\n<p>Ghi chú hai.</p>",
    ] {
        assert!(html.contains(want), "no {want:?} in\n{html}");
    }
    for absent in ["$", "[!WARNING]", "[^a]", "style="] {
        assert!(!html.contains(absent), "{absent:?} in\n{html}");
    }
}

#[test]
fn an_old_address_that_leads_nowhere_is_a_warning_at_its_line() {
    let f = Fixture::new();
    f.article("a.md", &post("Một", "2024-01-01", "tin"), "x\n");
    f.write(
        "content/_redirects",
        "# cũ\n/cu/mot.html /bai-viet/mot 301\n/cu/hai.html /bai-viet/khong-co 301\n",
    );
    let s = f.build_keep_going(1_800_000_000);
    let warned: Vec<String> = s.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warned.len(), 1, "{warned:#?}");
    assert!(
        warned[0].starts_with(
            "content/_redirects:3: warning: broken internal link \"/bai-viet/khong-co\""
        ),
        "{warned:#?}"
    );
    assert_eq!(s.redirects.len(), 2);
}

#[test]
fn broken_internal_links_are_reported_at_their_line() {
    let f = Fixture::new();
    f.article("a.md", &post("Một", "2024-01-01", "tin"), "x\n");
    let body = "Xem [bài một](/bai-viet/mot) và [mục](/chuyen-muc/tin?trang=2#dau) [trang](/chuyen-muc/tin/trang-3).\n\n\
                [ảnh](/content/media/a.svg) [tin](/feed.xml) [ngoài](https://example.org/x)\n\n\
                [mất](/bai-viet/khong-co)\n\n[mục mất](/chuyen-muc/khong-co)\n\n[lạ](/trang-la) [trang lạ](/chuyen-muc/tin/khac)\n";
    f.article("b.md", &post("Hai", "2024-01-02", "tin"), body);
    let problems = f.build().unwrap_err();
    assert_eq!(
        problems,
        [
            "content/articles/b.md:10: warning: broken internal link \"/bai-viet/khong-co\": no article has this slug",
            "content/articles/b.md:12: warning: broken internal link \"/chuyen-muc/khong-co\": no such category in site.toml",
            "content/articles/b.md:14: warning: broken internal link \"/chuyen-muc/tin/khac\": the site has no such page",
            "content/articles/b.md:14: warning: broken internal link \"/trang-la\": the site has no such page",
        ]
    );
}

#[test]
fn site_links_must_be_web_mail_phone_or_local() {
    let f = Fixture::new();
    f.article("a.md", &post("Một", "2024-01-01", "tin"), "x");
    let bad = format!(
        "{SITE_TOML}\n[[linked_sites]]\nlabel = \"X\"\nhref = \"javascript:alert(1)\"\n\n\
         [[banners]]\nlabel = \"B\"\nhref = \"data:text/html,<script>alert(1)</script>\"\nimage = \"media/a.svg\"\n\n\
         [[videos]]\ntitle = \"V\"\nyoutube = \"abc\\\"><script>\"\n\n\
         [fanpage]\nlabel = \"F\"\nhref = \"https://facebook.com/x\"\n"
    );
    f.write("content/site.toml", &bad);
    let problems = f.build().unwrap_err();
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems
        .iter()
        .any(|p| p.contains("link \"javascript:alert(1)\" must start with")));
    assert!(problems.iter().any(|p| p.contains("link \"data:text/html")));
    assert!(problems.iter().any(|p| p.contains("is not a video id")));
}

#[test]
fn a_rebuild_after_an_edit_rewrites_only_what_changed_and_equals_a_clean_build() {
    let f = Fixture::new();
    for i in 0..6 {
        let category = if i % 2 == 0 { "tin" } else { "thong-bao" };
        f.article(
            &format!("{i}.md"),
            &post(
                &format!("Bài {i}"),
                &format!("2024-01-0{}", i + 1),
                category,
            ),
            "Nội dung.",
        );
    }
    let first = f.build().unwrap();
    assert_eq!(
        first.changed, first.files,
        "a first build writes everything"
    );
    assert_eq!(
        f.build().unwrap().changed,
        0,
        "nothing changed, nothing written"
    );

    // An edit to the oldest "thong-bao" article's body: its bundle changes; the lists
    // that show it do not, since they carry no body.
    f.article(
        "1.md",
        &post("Bài 1", "2024-01-02", "thong-bao"),
        "Nội dung đã sửa.",
    );
    let before = read_all(&f.out());
    let edit = f.build().unwrap();
    let after = read_all(&f.out());
    let changed: Vec<String> = after
        .iter()
        .filter(|file| !before.contains(file))
        .map(|(p, _)| p.strip_prefix(f.out()).unwrap().display().to_string())
        .collect();
    assert_eq!(edit.changed, changed.len(), "{changed:?}");
    let (search, bundles): (Vec<&String>, Vec<&String>) = changed
        .iter()
        .partition(|p| p.starts_with("content/search/"));
    assert_eq!(
        bundles,
        ["content/bai-viet/bai-1.json"],
        "only the edited article's bundle"
    );
    // Of the search index: the article's fragment (the second oldest has id 1), the index
    // and vocabulary (new words), the shard the new words went to, and the length table
    // (the article is shorter).
    assert!(
        search.contains(&&"content/search/doc/1.json".to_string()),
        "{search:?}"
    );
    assert!(
        search.contains(&&"content/search/index.json".to_string()),
        "{search:?}"
    );
    assert!(search.len() <= 5, "{search:?}");

    // A removed article takes its bundle with it.
    std::fs::remove_file(f.content().join("articles/5.md")).unwrap();
    f.build().unwrap();
    assert!(!f.out().join("content/bai-viet/bai-5.json").exists());

    // A new title shows in the lists of the articles around it, whose files did not change.
    f.article(
        "3.md",
        &format!(
            "{}\nslug = \"bai-3\"",
            post("Tiêu đề mới", "2024-01-04", "thong-bao")
        ),
        "Nội dung.",
    );
    f.build().unwrap();
    let neighbour = f.bundle("bai-1");
    assert_eq!(neighbour.newer[0].title, "Tiêu đề mới");

    // A picture replaced under the same name: the article that shows it points at the
    // new served name, though its own file is unchanged.
    f.article(
        "0.md",
        &post("Bài 0", "2024-01-01", "tin"),
        "![Ảnh](../media/a.svg \"Chú thích\")\n",
    );
    f.build().unwrap();
    f.write(
        "content/media/a.svg",
        "<svg xmlns='http://www.w3.org/2000/svg' width='2'/>",
    );
    f.build().unwrap();
    assert!(body_html(&f, "bai-0").contains(&served_name(&f, "a", "svg")));

    // A draft leaves; publishing it brings it back.
    f.article(
        "2.md",
        &format!("{}\ndraft = true", post("Bài 2", "2024-01-03", "tin")),
        "Nội dung.",
    );
    f.build().unwrap();
    assert!(!f.out().join("content/bai-viet/bai-2.json").exists());
    f.article("2.md", &post("Bài 2", "2024-01-03", "tin"), "Nội dung.");
    f.build().unwrap();
    let incremental = read_all(&f.out());

    let clean = Fixture::new();
    copy_tree(
        &f.content().join("articles"),
        &clean.content().join("articles"),
    );
    copy_tree(&f.content().join("media"), &clean.content().join("media"));
    clean.build().unwrap();
    // The search index built in steps keeps the shard ranges of its first build and
    // answers from a delta until its shards catch up: the same answers (the engine's
    // tests/search/increments.test.mjs), not the same bytes.
    let strip = |files: Vec<(PathBuf, Vec<u8>)>, root: &Path| {
        files
            .into_iter()
            .map(|(p, b)| (p.strip_prefix(root).unwrap().to_path_buf(), b))
            .filter(|(p, _)| !p.starts_with("content/search"))
            .collect::<Vec<_>>()
    };
    let (a, b) = (
        strip(incremental, &f.out()),
        strip(read_all(&clean.out()), &clean.out()),
    );
    let names =
        |files: &[(PathBuf, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    assert!(
        a == b,
        "the incremental build's files differ from a clean build's"
    );
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn html_articles_take_the_same_front_matter_and_the_same_sanitiser() {
    let f = Fixture::new();
    let body = "<p>Đoạn <b>một</b>.</p><script>alert(1)</script><p onclick=\"x()\">Đoạn hai.</p>";
    f.write(
        "content/articles/bai.html",
        &format!(
            "+++\n{}\n+++\n{body}",
            post("Bài HTML", "2024-01-01", "tin")
        ),
    );
    f.build().unwrap();
    let b = f.bundle("bai-html");
    assert_eq!(
        b.article.body.as_str(),
        "<p>Đoạn <b>một</b>.</p><p>Đoạn hai.</p>"
    );
    assert_eq!(b.article.word_count, 4);
}

#[test]
fn related_lists_follow_shared_tags_across_categories_and_skip_what_is_already_shown() {
    let f = Fixture::new();
    let tagged = |title: &str, date: &str, category: &str, tags: &str| {
        format!("{}\ntags = [{tags}]", post(title, date, category))
    };
    f.article(
        "a.md",
        &tagged("Gốc", "2024-03-10", "tin", "\"thi đua\", \"hội nghị\""),
        "x",
    );
    f.article(
        "b.md",
        &tagged(
            "Cùng hai thẻ",
            "2024-03-09",
            "thong-bao",
            "\"thi đua\", \"hội nghị\"",
        ),
        "x",
    );
    f.article(
        "c.md",
        &tagged("Một thẻ, xa", "2023-03-09", "thong-bao", "\"thi đua\""),
        "x",
    );
    f.article(
        "d.md",
        &tagged("Cùng mục", "2024-03-08", "tin", "\"thi đua\""),
        "x",
    );
    f.article(
        "e.md",
        &tagged("Không chung thẻ", "2024-03-09", "thong-bao", "\"khác\""),
        "x",
    );
    f.article("g.md", &post("Không thẻ", "2024-03-07", "tin"), "x");
    f.build().unwrap();
    let slugs =
        |v: &[trangtin_model::ArticleSummary]| v.iter().map(|a| a.slug.clone()).collect::<Vec<_>>();
    let b = f.bundle("goc");
    assert_eq!(
        slugs(&b.related),
        ["cung-hai-the", "mot-the-xa"],
        "two shared tags first; d is in the category list already"
    );
    assert!(slugs(&b.same_category).contains(&"cung-muc".to_string()));
    assert!(
        f.bundle("khong-the").related.is_empty(),
        "no tags, no related list"
    );
}

#[test]
fn an_html_body_loses_hand_written_mathml_and_svg_with_a_warning_at_its_line() {
    let f = Fixture::new();
    let body = "<p>Một.</p>\n<p>Hai <math><mtext><table><mglyph><style><img src=x onerror=alert(1)></math></p>\n<svg><style><img src=x onerror=alert(2)></style></svg>\n";
    f.article("x.html", &post("Trang HTML", "2024-01-01", "tin"), body);
    let s = f.build_keep_going(1_800_000_000);
    let warned: Vec<String> = s.warnings.iter().map(|p| p.to_string()).collect();
    let at = |what: &str| {
        warned
            .iter()
            .find(|w| w.contains(what))
            .cloned()
            .unwrap_or_default()
    };
    assert!(
        at("MathML written by hand").contains("x.html:"),
        "{warned:#?}"
    );
    assert!(at("SVG written by hand").contains("x.html:"), "{warned:#?}");
    let line = |w: String| w.split(':').nth(1).and_then(|n| n.parse::<usize>().ok());
    assert_eq!(
        line(at("SVG written by hand")),
        line(at("MathML written by hand")).map(|l| l + 1)
    );
    let html = body_html(&f, "trang-html").to_lowercase();
    for banned in ["<math", "<svg", "onerror", "<style", "<mglyph"] {
        assert!(!html.contains(banned), "{banned} survived in {html}");
    }
    assert!(html.contains("<p>một.</p>"), "{html}");
}
