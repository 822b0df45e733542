//! End-to-end harness: serves a built `dist/` on 127.0.0.1 the way a CDN would, starts
//! Debian's chromedriver, and opens headless Chromium sessions against it.

// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub const SEED_SLUG: &str =
    "tin-truong-dao-tao-can-bo-nguyen-van-cu-dong-chu-tri-hoi-nghi-so-ket-6-thang-cum-thi-dua-cac-truong-chinh-tri";
pub const SEED_TITLE: &str =
    "TIN TRƯỜNG ĐÀO TẠO CÁN BỘ NGUYỄN VĂN CỪ ĐỒNG CHỦ TRÌ HỘI NGHỊ SƠ KẾT 6 THÁNG CỤM THI ĐUA CÁC TRƯỜNG CHÍNH TRỊ";
const WAIT: Duration = Duration::from_secs(15);

/// The built site; `make dist` makes it.
pub fn dist() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    assert!(
        dist.join("index.html").is_file() && dist.join("content/site.json").is_file(),
        "{} has no built site: run `make dist` (or `make test`) first",
        dist.display()
    );
    dist
}

/// Serves `root` on a free port for the rest of the test process.
pub fn serve(root: &Path) -> String {
    let server =
        trangtin_bundler::preview::Preview::bind(root, "127.0.0.1:0").expect("bind preview server");
    let addr = server.local_addr().expect("an IP address");
    std::thread::spawn(move || server.run());
    format!("http://{addr}")
}

/// The shared `dist/` server.
pub fn site() -> &'static str {
    static SITE: OnceLock<String> = OnceLock::new();
    SITE.get_or_init(|| serve(&dist()))
}

struct Driver {
    url: String,
    _child: Child,
}

fn driver() -> &'static Driver {
    static DRIVER: OnceLock<Driver> = OnceLock::new();
    DRIVER.get_or_init(|| {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let child = Command::new(&bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin}: {e} (make browser-tools installs it)"));
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let started = Instant::now();
        while TcpStream::connect(addr).is_err() {
            assert!(
                started.elapsed() < WAIT,
                "chromedriver did not start on {addr}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            url: format!("http://{addr}"),
            _child: child,
        }
    })
}

/// A fresh headless Chromium session, `width` CSS pixels wide.
pub async fn browser(width: u32) -> Client {
    browser_with(width, &[]).await
}

/// A session with extra Chromium flags, such as `--force-dark-mode`.
pub async fn browser_with(width: u32, extra: &[&str]) -> Client {
    let profile = tempfile::tempdir().unwrap().keep();
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ]
    .into_iter()
    .chain(extra.iter().copied())
    .map(String::from)
    .collect();
    args.push(format!("--window-size={width},900"));
    args.push(format!("--user-data-dir={}", profile.display()));
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": args,
        }),
    );
    ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&driver().url)
        .await
        .expect("open a Chromium session through chromedriver")
}

/// Waits until an element matching `css` contains `needle`, and returns its text. The
/// match ignores case: WebDriver reports text as rendered, after `text-transform`.
pub async fn wait_text(c: &Client, css: &str, needle: &str) -> String {
    let started = Instant::now();
    loop {
        if let Ok(elements) = c.find_all(Locator::Css(css)).await {
            for e in elements {
                if let Ok(text) = e.text().await {
                    if text.to_lowercase().contains(&needle.to_lowercase()) {
                        return text;
                    }
                }
            }
        }
        if started.elapsed() > WAIT {
            let body = c.source().await.unwrap_or_default();
            panic!("no `{css}` containing {needle:?} within {WAIT:?}; page was:\n{body}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until `script` returns true.
pub async fn wait_js(c: &Client, script: &str) {
    let started = Instant::now();
    while js(c, script).await != serde_json::Value::Bool(true) {
        assert!(
            started.elapsed() < WAIT,
            "`{script}` stayed false for {WAIT:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Runs a script in the page and returns its value.
pub async fn js(c: &Client, script: &str) -> serde_json::Value {
    c.execute(script, vec![]).await.expect("script runs")
}
