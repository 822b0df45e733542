//! `trangtin serve` as an editor uses it: an edit to an article reaches the page open in
//! the browser, reloaded, within a second; a broken edit leaves the served site as it was.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use support::*;

const SEED_FILE: &str = "tin-truong-dao-tao-can-bo-nguyen-van-cu-dong-chu-tri-hoi-nghi-so-ket.md";

/// `trangtin serve` on a copy of the example content, stopped when dropped.
struct Serving {
    child: Child,
    dir: tempfile::TempDir,
    url: String,
    /// How many times it has published.
    published: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serving {
    fn start() -> Serving {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let bin = root.join("target/native/trangtin");
        assert!(
            bin.is_file(),
            "{} is missing: `make unit` builds it",
            bin.display()
        );
        let app = root.join("target/app");
        assert!(
            app.join("index.html").is_file(),
            "no app build in {}: `make app` makes it",
            app.display()
        );
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&root.join("content"), &dir.path().join("content"));
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let arg = |p: PathBuf| p.display().to_string();
        let child = Command::new(bin)
            .args(["serve", "--content", &arg(dir.path().join("content"))])
            .args(["--app", &arg(app)])
            .args(["--work", &arg(dir.path().join("work"))])
            .args(["--dist", &arg(dir.path().join("site"))])
            .args(["--listen", &format!("127.0.0.1:{port}"), "--base-path", "/"])
            .env_remove("TRANGTIN_BASE_PATH")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut child = child;
        let published = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let stdout = child.stdout.take().unwrap();
        let count = published.clone();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if line.starts_with("published ") {
                    count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
            }
        });
        let serving = Serving {
            child,
            dir,
            url: format!("http://127.0.0.1:{port}"),
            published,
        };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "trangtin serve did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        serving
    }

    fn article(&self) -> PathBuf {
        self.dir.path().join("content/articles").join(SEED_FILE)
    }
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0
}

#[tokio::test]
async fn an_edit_reaches_the_open_page_reloaded_within_a_second() {
    let serving = Serving::start();
    let c = browser(1280).await;
    c.goto(&format!("{}/bai-viet/{SEED_SLUG}", serving.url))
        .await
        .unwrap();
    wait_text(&c, "h1", SEED_TITLE).await;
    let original = std::fs::read_to_string(serving.article()).unwrap();
    let mut delays = Vec::new();
    for round in 1..=3 {
        let sentence = format!("Câu được sửa lần thứ {round}.");
        let edited = format!("{original}\n{sentence}\n");
        let edited_at = now_ms();
        std::fs::write(serving.article(), edited).unwrap();
        wait_text(&c, ".article-body", &sentence).await;
        // When the reloaded page had its HTML: the browser's clock is this machine's.
        let loaded = js(
            &c,
            "const n = performance.getEntriesByType('navigation')[0]; \
             return performance.timeOrigin + n.domContentLoadedEventEnd;",
        )
        .await
        .as_f64()
        .unwrap();
        delays.push(loaded - edited_at);
    }
    delays.sort_by(f64::total_cmp);
    eprintln!("edit to reloaded page: {delays:?} ms");
    assert!(
        delays[1] <= 1000.0,
        "an edit took {:.0} ms (median of {delays:?}) to reach the page",
        delays[1]
    );
    c.close().await.unwrap();
}

#[test]
fn with_nothing_changed_it_publishes_nothing_more() {
    let serving = Serving::start();
    let (status, _, _) = http_get(&serving.url, "/", &[]);
    assert_eq!(status, 200);
    // Reading the content to publish it is no change to it.
    std::thread::sleep(Duration::from_millis(1500));
    let n = serving.published.load(std::sync::atomic::Ordering::SeqCst);
    assert_eq!(n, 1, "published {n} times with nothing changed");
}

#[test]
fn a_broken_article_is_left_out_while_the_rest_is_served_and_comes_back_fixed() {
    let serving = Serving::start();
    let page = format!("/bai-viet/{SEED_SLUG}");
    let (status, _, _) = http_get(&serving.url, &page, &[]);
    assert_eq!(status, 200);
    let good = std::fs::read_to_string(serving.article()).unwrap();
    std::fs::write(serving.article(), "+++\ntitle = \"không đóng\n+++\nx\n").unwrap();
    let other = "/chuyen-muc/tin-tuc-su-kien";
    let started = std::time::Instant::now();
    while http_get(&serving.url, &page, &[]).0 != 404 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the broken article stayed"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let (status, _, body) = http_get(&serving.url, other, &[]);
    assert_eq!(status, 200, "the rest is served");
    assert!(!String::from_utf8_lossy(&body).contains(SEED_SLUG));
    std::fs::write(serving.article(), good).unwrap();
    let started = std::time::Instant::now();
    while http_get(&serving.url, &page, &[]).0 != 200 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the fixed article did not come back"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_watching_publisher_publishes_a_scheduled_article_at_its_time() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root.join("content"), &dir.path().join("content"));
    let due = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 4;
    let due_text = trangtin_model::Timestamp::from_unix(due as i64, 7 * 60).to_string();
    std::fs::write(
        dir.path().join("content/articles/hen-gio.md"),
        format!(
            "+++\ntitle = \"Thông báo hẹn giờ\"\ndate = 2024-12-01\ncategory = \"thong-bao\"\n\
             publish_at = \"{due_text}\"\n+++\nĐăng đúng giờ.\n"
        ),
    )
    .unwrap();
    let arg = |p: PathBuf| p.display().to_string();
    let site = dir.path().join("site");
    let mut child = Command::new(root.join("target/native/trangtin"))
        .args([
            "publish",
            "--watch",
            "--content",
            &arg(dir.path().join("content")),
        ])
        .args(["--app", &arg(root.join("target/app"))])
        .args(["--work", &arg(dir.path().join("work"))])
        .args(["--out", &arg(site.clone()), "--base-path", "/"])
        .env_remove("TRANGTIN_BASE_PATH")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let page = site.join("bai-viet/thong-bao-hen-gio/index.html");
    let result = std::panic::catch_unwind(|| {
        let started = Instant::now();
        while !site.join("index.html").is_file() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "nothing published"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert!(
            now < due,
            "the test machine is too slow to see the article wait"
        );
        assert!(!page.exists(), "published before its time");
        while !page.is_file() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "not published at its time"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let late = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs_f64();
        assert!(
            late - due as f64 <= 3.0,
            "published {:.1} s late",
            late - due as f64
        );
    });
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}
