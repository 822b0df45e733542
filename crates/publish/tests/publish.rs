//! `trangtin publish` on small fixture sites in temporary folders, with a small app
//! build standing in for trunk's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use trangtin_publish::{publish, Error, Options, Summary};

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

/// What trunk writes: the template with its loader script, and hashed assets.
const TEMPLATE: &str = r#"<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>x</title>
<meta name="description" content="x">
<link rel="stylesheet" href="/main-0123456789abcdef.css">
<script type="module">import init from '/app-0123456789abcdef.js';init();</script>
</head><body><noscript>JavaScript</noscript></body></html>"#;

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().unwrap(),
        };
        f.write("content/site.toml", SITE_TOML);
        f.write("app/index.html", TEMPLATE);
        f.write(
            "app/main-0123456789abcdef.css",
            &"body{color:red}".repeat(20),
        );
        f.write("app/app-0123456789abcdef.js", "export default function(){}");
        f.article("a.md", "Bài thứ nhất", "2024-01-10", "tin", "Nội dung một.");
        f.article("b.md", "Bài thứ hai", "2024-02-10", "tin", "Nội dung hai.");
        f.article(
            "c.md",
            "Thông báo ba",
            "2024-03-10",
            "thong-bao",
            "Nội dung ba.",
        );
        f
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn article(&self, file: &str, title: &str, date: &str, category: &str, body: &str) {
        self.write(
            &format!("content/articles/{file}"),
            &format!(
                "+++\ntitle = \"{title}\"\ndate = {date}\ncategory = \"{category}\"\n\
                 summary = \"Tóm tắt.\"\n+++\n{body}\n"
            ),
        );
    }

    fn options(&self, out: &str) -> Options {
        Options {
            content: self.dir.path().join("content"),
            app: self.dir.path().join("app"),
            work: self.dir.path().join(format!("{out}-work")),
            out: self.dir.path().join(out),
            base_path: "/".into(),
            now: None,
            strict: false,
        }
    }

    fn publish(&self, out: &str) -> Summary {
        publish(&self.options(out)).unwrap_or_else(|e| panic!("{e}"))
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }
}

/// Every file below `dir` with its bytes, the publisher's own state left out.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    trangtin_publish::tree::list(dir)
        .unwrap()
        .into_keys()
        .filter(|p| p != trangtin_publish::state::FILE)
        .map(|p| {
            let bytes = std::fs::read(dir.join(&p)).unwrap();
            (p, bytes)
        })
        .collect()
}

/// The same files with the same bytes, but for the search index: built in steps, it
/// keeps its first build's shard ranges and a delta, and answers as the index built at
/// once does (tests/search/increments.test.mjs) from other bytes.
fn assert_same_site(a: &Path, b: &Path) {
    let outside_search = |m: BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        m.into_iter()
            .filter(|(p, _)| !p.starts_with("content/search/"))
            .collect()
    };
    let (a, b) = (outside_search(files(a)), outside_search(files(b)));
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the same files");
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs");
    }
}

#[test]
fn a_publish_writes_every_page_bundle_and_asset_and_compressed_copies_of_the_app_only() {
    let f = Fixture::new();
    let s = f.publish("site");
    assert_eq!(s.articles, 3);
    assert_eq!(s.rendered, s.pages);
    let site = f.site();
    for page in [
        "index.html",
        "404.html",
        "bai-viet/bai-thu-nhat/index.html",
        "chuyen-muc/tin/index.html",
        "embed/category/thong-bao/index.html",
        "tim-kiem/index.html",
        "content/site.json",
        "content/bai-viet/bai-thu-hai.json",
        "feed.xml",
        "sitemap.xml",
        "main-0123456789abcdef.css",
    ] {
        assert!(site.join(page).is_file(), "{page} is missing");
        // Copies for the app's own assets only; content is compressed
        // as it is sent (trangtin_publish::compress).
        for ext in ["gz", "br"] {
            assert_eq!(
                site.join(format!("{page}.{ext}")).is_file(),
                page.starts_with("main-"),
                "{page}.{ext}"
            );
        }
    }
    let page = std::fs::read_to_string(site.join("bai-viet/bai-thu-nhat/index.html")).unwrap();
    assert!(
        page.contains("<title>Bài thứ nhất | Trường Thử</title>"),
        "{page}"
    );
    assert!(page.contains("Nội dung một."), "the body is rendered");
    assert!(
        page.contains("id=\"trangtin-data\""),
        "the bundles are inlined"
    );
    assert!(
        page.contains("/app-0123456789abcdef.js"),
        "the app's loader stays"
    );
    let headers = std::fs::read_to_string(site.join("_headers")).unwrap();
    assert!(headers.contains(
        "/main-0123456789abcdef.css\n  Cache-Control: public, max-age=31536000, immutable"
    ));
    assert!(!site.join("index.html.trangtin-tmp").exists());
}

#[test]
fn publishing_again_without_a_change_writes_nothing() {
    let f = Fixture::new();
    f.publish("site");
    let before = files(&f.site());
    let s = f.publish("site");
    assert_eq!(
        (s.rendered, s.written, s.compressed, s.removed),
        (0, 0, 0, 0)
    );
    assert_eq!(before, files(&f.site()));
}

#[test]
fn an_edited_body_renders_its_own_page_alone() {
    let f = Fixture::new();
    f.publish("site");
    f.article(
        "b.md",
        "Bài thứ hai",
        "2024-02-10",
        "tin",
        "Nội dung đã sửa.",
    );
    let s = f.publish("site");
    assert_eq!(s.rendered, 1, "{s:?}");
    let page = std::fs::read_to_string(f.site().join("bai-viet/bai-thu-hai/index.html")).unwrap();
    assert!(page.contains("Nội dung đã sửa."));
}

#[test]
fn an_incremental_publish_equals_a_publish_from_scratch_byte_for_byte() {
    let f = Fixture::new();
    f.publish("site");
    // A new title (a new slug), a removed article, a new one, a new stylesheet.
    f.article(
        "a.md",
        "Bài thứ nhất đã sửa",
        "2024-01-10",
        "tin",
        "Nội dung một.",
    );
    std::fs::remove_file(f.dir.path().join("content/articles/c.md")).unwrap();
    f.article("d.md", "Bài thứ tư", "2024-04-10", "thong-bao", "Bốn.");
    std::fs::remove_file(f.dir.path().join("app/main-0123456789abcdef.css")).unwrap();
    f.write("app/main-fedcba9876543210.css", "body{color:blue}");
    let template = TEMPLATE.replace("0123456789abcdef.css", "fedcba9876543210.css");
    f.write("app/index.html", &template);
    let s = f.publish("site");
    assert!(s.removed > 0, "{s:?}");
    f.publish("fresh");
    assert_same_site(&f.site(), &f.dir.path().join("fresh"));
    let site = f.site();
    assert!(
        !site.join("bai-viet/thong-bao-ba").exists(),
        "a removed article's folder goes"
    );
    assert!(!site.join("content/bai-viet/thong-bao-ba.json.gz").exists());
    assert!(!site.join("main-0123456789abcdef.css.gz").exists());
}

#[test]
fn a_file_changed_or_lost_in_the_site_folder_is_put_back() {
    let f = Fixture::new();
    f.publish("site");
    let before = files(&f.site());
    let site = f.site();
    std::fs::write(site.join("bai-viet/bai-thu-nhat/index.html"), "broken").unwrap();
    std::fs::remove_file(site.join("main-0123456789abcdef.css.gz")).unwrap();
    std::fs::remove_file(site.join("feed.xml")).unwrap();
    let s = f.publish("site");
    assert_eq!(s.rendered, 1);
    assert_eq!(before, files(&site));
}

#[test]
fn a_broken_article_is_left_out_and_named_and_the_others_publish() {
    let f = Fixture::new();
    f.publish("site");
    f.write(
        "content/articles/bad.md",
        "+++\ntitle = \"Bài hỏng\"\ndate = 2024-04-01\ncategory = \"khong-co\"\n+++\nx\n",
    );
    f.article("d.md", "Bài thứ tư", "2024-04-10", "tin", "Bốn.");
    let s = publish(&f.options("site")).unwrap();
    let said: Vec<String> = s.left_out.iter().map(|p| p.to_string()).collect();
    assert!(
        said.iter()
            .any(|t| t.contains("bad.md:4:") && t.contains("khong-co")),
        "{said:?}"
    );
    assert_eq!(s.articles, 4);
    let site = f.site();
    assert!(
        site.join("bai-viet/bai-thu-tu/index.html").is_file(),
        "the others publish"
    );
    assert!(!site.join("bai-viet/bai-hong").exists());
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!home.contains("bai-hong"));
}

#[test]
fn a_problem_of_the_site_itself_publishes_nothing_and_says_where() {
    let f = Fixture::new();
    f.publish("site");
    let before = files(&f.site());
    f.write("content/site.toml", "[site\nname = ");
    f.article("d.md", "Bài thứ tư", "2024-04-10", "tin", "Bốn.");
    match publish(&f.options("site")) {
        Err(Error::Content(problems)) => {
            let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            assert!(text.iter().any(|t| t.contains("site.toml:")), "{text:?}");
        }
        other => panic!("expected content problems, got {other:?}"),
    }
    assert_eq!(before, files(&f.site()));
}

#[test]
fn without_an_app_build_the_error_says_how_to_make_one() {
    let f = Fixture::new();
    std::fs::remove_file(f.dir.path().join("app/index.html")).unwrap();
    let e = publish(&f.options("site")).unwrap_err().to_string();
    assert!(e.contains("make app"), "{e}");
}

#[test]
fn a_scheduled_article_gets_its_page_when_its_time_comes() {
    let f = Fixture::new();
    f.write(
        "content/articles/e.md",
        "+++\ntitle = \"Bài hẹn giờ\"\ndate = 2024-05-01\ncategory = \"tin\"\n\
         publish_at = 2030-01-01T08:00:00+07:00\n+++\nSắp đăng.\n",
    );
    let at = 1_893_459_600; // 2030-01-01 08:00 in Hà Nội
    let mut before = f.options("site");
    before.now = Some(at - 1);
    let s = publish(&before).unwrap();
    assert_eq!(s.next_change, Some(at));
    let site = f.site();
    assert!(!site.join("bai-viet/bai-hen-gio").exists());
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!home.contains("bai-hen-gio"));

    let mut after = f.options("site");
    after.now = Some(at);
    let s = publish(&after).unwrap();
    assert_eq!(s.next_change, None);
    let page = std::fs::read_to_string(site.join("bai-viet/bai-hen-gio/index.html")).unwrap();
    assert!(page.contains("Sắp đăng."));
    let mut fresh = f.options("fresh");
    fresh.now = Some(at);
    publish(&fresh).unwrap();
    assert_same_site(&site, &f.dir.path().join("fresh"));
}

#[test]
fn an_articles_source_and_its_pictures_description_reach_the_page() {
    let f = Fixture::new();
    f.write(
        "content/media/hoi-nghi.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"/>"#,
    );
    f.write(
        "content/articles/d.md",
        "+++\ntitle = \"Hội nghị tổng kết\"\ndate = 2024-04-10\ncategory = \"tin\"\n\
         source = \"https://baoquangninh.vn/hoi-nghi-tong-ket\"\n\
         thumbnail = \"../media/hoi-nghi.svg\"\nthumbnail_alt = \"Đại biểu dự hội nghị\"\n+++\nNội dung.\n",
    );
    f.write(
        "content/articles/e.md",
        "+++\ntitle = \"Tin từ báo\"\ndate = 2024-04-11\ncategory = \"tin\"\nsource = \"Báo Quảng Ninh\"\n+++\nNội dung.\n",
    );
    f.publish("site");
    let page =
        std::fs::read_to_string(f.site().join("bai-viet/hoi-nghi-tong-ket/index.html")).unwrap();
    assert!(
        page.contains(r#"Nguồn: <a href="https://baoquangninh.vn/hoi-nghi-tong-ket" rel="nofollow noopener noreferrer" target="_blank">baoquangninh.vn/hoi-nghi-tong-ket"#),
        "{page}"
    );
    assert!(page.contains(r#"<meta property="og:image:alt" content="Đại biểu dự hội nghị">"#));
    let page = std::fs::read_to_string(f.site().join("bai-viet/tin-tu-bao/index.html")).unwrap();
    assert!(page.contains("Nguồn: <span>Báo Quảng Ninh"), "{page}");
    assert!(!page.contains("og:image:alt"));
}

/// A folder of someone's with links to two others, given as the site folder (as a shell
/// with `WORK` or `DIST` set for something else once did).
fn someones_folder(f: &Fixture) -> (PathBuf, [PathBuf; 2]) {
    let mine = f.dir.path().join("mine");
    let others = [f.dir.path().join("repo"), f.dir.path().join("photos")];
    for (i, o) in others.iter().enumerate() {
        std::fs::create_dir_all(o.join("objects")).unwrap();
        std::fs::write(o.join("objects/keep.bin"), [i as u8; 16]).unwrap();
    }
    std::fs::create_dir_all(&mine).unwrap();
    std::os::unix::fs::symlink(&others[0], mine.join("repo")).unwrap();
    std::os::unix::fs::symlink(&others[1], mine.join("content")).unwrap();
    (mine, others)
}

#[test]
fn a_folder_holding_files_publish_did_not_write_is_refused_and_left_as_it_was() {
    let f = Fixture::new();
    let (mine, others) = someones_folder(&f);
    std::fs::write(mine.join("notes.txt"), "mine").unwrap();
    for out in ["mine", "mine-work"] {
        let mut o = f.options("x");
        o.out = f.dir.path().join("fresh");
        if out == "mine" {
            o.out = mine.clone();
        } else {
            o.work = mine.clone();
        }
        let e = match publish(&o).unwrap_err() {
            Error::Content(problems) => problems[0].to_string(),
            e => e.to_string(),
        };
        assert!(e.contains("did not write"), "{out}: {e}");
    }
    assert_eq!(
        std::fs::read_to_string(mine.join("notes.txt")).unwrap(),
        "mine"
    );
    for o in &others {
        assert_eq!(std::fs::read(o.join("objects/keep.bin")).unwrap().len(), 16);
    }
}

#[test]
fn cleaning_removes_only_what_publish_wrote_and_never_follows_a_link() {
    let f = Fixture::new();
    f.publish("site");
    let site = f.site();
    // Someone adds their own file, and links to two folders of theirs; one link stands
    // where a removed article's page folder was.
    let (_, others) = someones_folder(&f);
    std::fs::write(site.join("google1234.html"), "verification").unwrap();
    std::os::unix::fs::symlink(&others[0], site.join("repo")).unwrap();
    let old = site.join("bai-viet/bai-thu-nhat");
    std::fs::remove_dir_all(&old).unwrap();
    std::os::unix::fs::symlink(&others[1], &old).unwrap();
    std::fs::write(others[1].join("index.html"), "theirs").unwrap();
    std::fs::remove_file(f.dir.path().join("content/articles/a.md")).unwrap();
    let s = f.publish("site");
    assert!(s.removed > 0, "{s:?}");
    assert!(site.join("google1234.html").is_file(), "not publish's own");
    assert!(site.join("repo").is_symlink() && old.is_symlink());
    assert_eq!(
        std::fs::read_to_string(others[1].join("index.html")).unwrap(),
        "theirs"
    );
    for o in &others {
        assert!(o.join("objects/keep.bin").is_file(), "{}", o.display());
    }
    // A link where the site must write is refused, not written through.
    std::fs::remove_file(site.join("content")).ok();
    std::fs::rename(site.join("content"), f.dir.path().join("moved")).unwrap();
    std::os::unix::fs::symlink(&others[0], site.join("content")).unwrap();
    f.article("d.md", "Bài bốn", "2024-04-10", "tin", "Bốn.");
    let e = publish(&f.options("site")).unwrap_err().to_string();
    assert!(e.contains("content is a symbolic link"), "{e}");
    assert!(!others[0].join("site.json").exists());
}

#[test]
fn a_deploy_after_a_publish_trusts_what_the_publish_wrote_and_sends_only_what_changed() {
    use trangtin_publish::deploy::{self, folder::Folder};
    // What readers get: the tools' own dot files left out; compared without printing.
    let served = |dir: &Path| {
        let mut all = files(dir);
        all.retain(|p, _| !p.split('/').any(|part| part.starts_with('.')));
        all
    };
    // Every file of the site is in the target as it is in the site (the target also
    // keeps earlier hashed files for open tabs).
    let same = |target: &Path, site: &Path| {
        let (target, site) = (served(target), served(site));
        let differ: Vec<&String> = site
            .keys()
            .filter(|k| target.get(*k) != site.get(*k))
            .collect();
        assert!(differ.is_empty(), "differ: {differ:?}");
        true
    };
    let hour = std::time::Duration::from_secs(3600);
    let f = Fixture::new();
    f.publish("site");
    let www = f.dir.path().join("www");
    let target = Folder { root: www.clone() };
    let first = deploy::deploy(&f.site(), &target, hour, 0).unwrap();
    assert_eq!(first.uploaded, first.files);
    assert!(same(&www, &f.site()), "the target holds the site");
    let again = deploy::deploy(&f.site(), &target, hour, 0).unwrap();
    assert_eq!(
        (again.uploaded, again.requests),
        (0, 1),
        "nothing to send: one look at the manifest"
    );

    // One edit: what the publish wrote goes, nothing else.
    f.article(
        "b.md",
        "Bài thứ hai",
        "2024-02-10",
        "tin",
        "Nội dung đã sửa.",
    );
    let s = f.publish("site");
    let sent = deploy::deploy(&f.site(), &target, hour, 0).unwrap();
    assert!(
        sent.uploaded > 0 && sent.uploaded <= s.written * 3,
        "{sent:?} {s:?}"
    );
    assert!(same(&www, &f.site()), "the target holds the site");

    // A file changed by hand is not vouched for by the publish: it is read, and sent.
    let page = f.site().join("bai-viet/bai-thu-hai/index.html");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let text = std::fs::read_to_string(&page)
        .unwrap()
        .replace("Nội dung", "Nội-dung");
    std::fs::write(&page, text).unwrap();
    let sent = deploy::deploy(&f.site(), &target, hour, 0).unwrap();
    // The page alone: its compressed copies, no longer vouched for once their original
    // is not what the publish wrote, are read and hashed, and are what the target has.
    assert_eq!(sent.uploaded, 1, "{sent:?}");
    assert!(same(&www, &f.site()), "the target holds the site");
    // The next publish puts the page back, and the deploy follows with that page alone.
    f.publish("site");
    let sent = deploy::deploy(&f.site(), &target, hour, 0).unwrap();
    assert_eq!(sent.uploaded, 1, "{sent:?}");
    assert!(same(&www, &f.site()));
}
