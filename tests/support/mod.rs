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

/// A copy of a built site to break or strip in one test.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let dest = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// Serves `root` on a free port for the rest of the test process.
pub fn serve(root: &Path) -> String {
    serve_under(root, "/")
}

/// Serves `root` under `base_path` (`/portal/`), as a site built for it is hosted.
pub fn serve_under(root: &Path, base_path: &str) -> String {
    let options = trangtin_server::Options {
        root: root.to_path_buf(),
        base_path: base_path.to_string(),
        live: None,
    };
    let addr = trangtin_server::spawn(options, "127.0.0.1:0").expect("serve the site");
    format!("http://{addr}")
}

/// Publishes the site in `content` with the app's build (target/app) into `dir/site`,
/// as `trangtin publish` does (`make unit` builds target/native/trangtin), and serves it.
pub fn publish_and_serve(content: &Path, dir: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let arg = |p: &Path| p.display().to_string();
    let status = Command::new(root.join("target/native/trangtin"))
        .args(["publish", "--content", &arg(content)])
        .args(["--app", &arg(&root.join("target/app"))])
        .args(["--work", &arg(&dir.join("work"))])
        .args(["--out", &arg(&dir.join("site")), "--base-path", "/"])
        .env_remove("TRANGTIN_BASE_PATH")
        .stderr(Stdio::null())
        .status()
        .expect("target/native/trangtin: `make unit` builds it");
    assert!(status.success(), "trangtin publish {}", content.display());
    serve(&dir.join("site"))
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

/// The services started for the whole test process (chromedriver) or that a test may
/// leave behind when it fails (nginx): each gets SIGTERM when the process exits, so that
/// a test run leaves nothing running. A static is never dropped; `atexit` runs.
fn end_with_the_tests(child: &Child) {
    static PIDS: std::sync::Mutex<Vec<i32>> = std::sync::Mutex::new(Vec::new());
    static REGISTER: std::sync::Once = std::sync::Once::new();
    extern "C" fn end_them() {
        if let Ok(pids) = PIDS.lock() {
            for &pid in pids.iter() {
                // SAFETY: kill(2) with a child's pid; a pid already gone gives ESRCH.
                unsafe {
                    libc::kill(pid, libc::SIGTERM);
                }
            }
        }
    }
    REGISTER.call_once(|| {
        // SAFETY: registers a plain function that takes no arguments.
        unsafe {
            libc::atexit(end_them);
        }
    });
    if let (Ok(mut pids), Ok(pid)) = (PIDS.lock(), i32::try_from(child.id())) {
        pids.push(pid);
    }
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
        let mut cmd = Command::new(&bin);
        if let Ok(log) = std::env::var("CHROMEDRIVER_LOG") {
            cmd.arg("--verbose").arg(format!("--log-path={log}"));
        }
        let child = cmd
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin}: {e} (make browser-tools installs it)"));
        end_with_the_tests(&child);
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
    session(width, extra).await
}

/// Sends a Chrome DevTools Protocol command through chromedriver.
pub async fn cdp(c: &Client, cmd: &str, params: serde_json::Value) -> serde_json::Value {
    #[derive(Debug)]
    struct Cdp(String);
    impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
        fn endpoint(
            &self,
            base: &url::Url,
            session: Option<&str>,
        ) -> Result<url::Url, url::ParseError> {
            base.join(&format!(
                "session/{}/goog/cdp/execute",
                session.unwrap_or_default()
            ))
        }
        fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
            (http::Method::POST, Some(self.0.clone()))
        }
    }
    let body = serde_json::json!({ "cmd": cmd, "params": params }).to_string();
    c.issue_cmd(Cdp(body))
        .await
        .expect("chromedriver runs the DevTools command")
}

async fn session(width: u32, extra: &[&str]) -> Client {
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
        "goog:loggingPrefs".into(),
        serde_json::json!({ "browser": "ALL" }),
    );
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": args,
        }),
    );
    let c = ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&driver().url)
        .await
        .expect("open a Chromium session through chromedriver");
    // Headless Chromium keeps a window at least 500 px wide: a phone's width is emulated.
    if width < 500 {
        cdp(
            &c,
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({ "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": false }),
        )
        .await;
    }
    c
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

/// How many elements match `css` now.
pub async fn count(c: &Client, css: &str) -> usize {
    c.find_all(Locator::Css(css)).await.unwrap().len()
}

/// Waits until `script` returns true.
/// Finds an element, waiting for it as a reader waits for a page to draw.
pub async fn find(c: &Client, locator: Locator<'_>) -> fantoccini::elements::Element {
    let what = format!("{locator:?}");
    c.wait()
        .at_most(WAIT)
        .for_element(locator)
        .await
        .unwrap_or_else(|e| panic!("no {what} within {WAIT:?}: {e}"))
}

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

/// The browser console since the last call: (level, message) pairs.
/// Asserts that the page logged no error (level SEVERE) to the console.
pub async fn assert_no_console_errors(c: &Client) {
    let errors: Vec<_> = console(c)
        .await
        .into_iter()
        .filter(|(level, _)| level == "SEVERE")
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

pub async fn console(c: &Client) -> Vec<(String, String)> {
    #[derive(Debug)]
    struct BrowserLog;
    impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
        fn endpoint(
            &self,
            base: &url::Url,
            session: Option<&str>,
        ) -> Result<url::Url, url::ParseError> {
            base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
        }
        fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
            (http::Method::POST, Some(r#"{"type":"browser"}"#.into()))
        }
    }
    let entries = c
        .issue_cmd(BrowserLog)
        .await
        .expect("chromedriver returns the browser log");
    entries
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    let text = |k: &str| e[k].as_str().unwrap_or_default().to_string();
                    (text("level"), text("message"))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A plain HTTP/1.1 GET, as a crawler without JavaScript makes it: status, headers
/// (lower-cased names) and body.
pub fn http_get(
    base: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    use std::io::{Read, Write};
    let host = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).expect("connect");
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if head.to_lowercase().contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    (status, headers, body)
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(std::str::from_utf8(&data[..end]).unwrap().trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
    out
}

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// nginx serving `root` with the shipped configuration on a free port, stopped when
/// dropped.
pub struct Nginx {
    child: Child,
    pub base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM: the master stops its workers before it exits (SIGKILL left them
        // running, orphaned).
        if let Ok(pid) = i32::try_from(self.child.id()) {
            // SAFETY: kill(2) with our child's pid.
            unsafe {
                libc::kill(pid, libc::SIGTERM);
            }
        }
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn nginx(root: &Path) -> Nginx {
    let bin = ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"]
        .iter()
        .map(|d| Path::new(d).join("nginx"))
        .find(|p| p.is_file())
        .expect("nginx is not installed: `make browser-tools` installs it");
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let dir = tempfile::tempdir().unwrap();
    let build = trangtin_publish::serving::Build::read(root).unwrap();
    let server = trangtin_publish::serving::nginx_conf(&build, root, &listen);
    let prefix = dir.path();
    std::fs::create_dir_all(prefix.join("logs")).unwrap();
    // nginx started as root runs its workers as `nobody`, who cannot read a checkout in a
    // private (0700) folder such as a clone in /root or under `mktemp -d`: they answer
    // 403. The workers run as this test's user instead.
    let is_root =
        std::os::unix::fs::MetadataExt::uid(&std::fs::metadata("/proc/self").unwrap()) == 0;
    let user = if is_root { "user root;" } else { "" };
    let conf = format!(
        "{user} worker_processes 1; pid {p}/nginx.pid; error_log {p}/logs/error.log; daemon off;\n\
         events {{ worker_connections 64; }}\n\
         http {{ include /etc/nginx/mime.types; access_log off; \
         client_body_temp_path {p}; proxy_temp_path {p}; fastcgi_temp_path {p}; uwsgi_temp_path {p}; scgi_temp_path {p};\n{server}}}\n",
        p = prefix.display()
    );
    std::fs::write(prefix.join("nginx.conf"), conf).unwrap();
    let child = Command::new(bin)
        .args([
            "-p",
            &prefix.display().to_string(),
            "-c",
            &prefix.join("nginx.conf").display().to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    end_with_the_tests(&child);
    let started = Instant::now();
    while TcpStream::connect(&listen).is_err() {
        assert!(started.elapsed() < WAIT, "nginx did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Nginx {
        child,
        base: format!("http://{listen}"),
        _dir: dir,
    }
}

/// Clicks the button whose text is `text`.
pub async fn click_button(c: &Client, text: &str) {
    let xpath = format!("//button[normalize-space()='{text}']");
    c.find(Locator::XPath(&xpath))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}
