//! A static file server for a built `dist/`, with the same rules a CDN is configured with:
//! routes fall back to `index.html`, while a missing file (a bundle, an image, a script)
//! stays a 404 so that readers never get HTML where they expected data.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// A small HTTP/1.1 server: a thread per connection, one request per connection.
pub struct Preview {
    listener: TcpListener,
    root: PathBuf,
    base_path: String,
    live_reload: bool,
}

/// The event stream a page served with live reload listens to, below the base path.
pub const LIVE_PATH: &str = "_trangtin/live";

impl Preview {
    pub fn bind(root: &Path, addr: &str) -> io::Result<Preview> {
        Ok(Preview {
            listener: TcpListener::bind(addr)?,
            root: root.to_path_buf(),
            base_path: "/".into(),
            live_reload: false,
        })
    }

    /// For development (`trangtin serve`): every HTML page gets a small script that
    /// reloads it when the served folder changes (a rebuild by `trunk watch`).
    pub fn with_live_reload(mut self) -> Preview {
        self.live_reload = true;
        self
    }

    /// Serves the site under `base_path` (`/portal/`) instead of the root.
    pub fn with_base_path(mut self, base_path: &str) -> Preview {
        self.base_path = base_path.to_string();
        self
    }

    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// Serves until the process ends.
    pub fn run(self) {
        let shared = std::sync::Arc::new(self);
        for stream in shared.listener.incoming().flatten() {
            let me = shared.clone();
            std::thread::spawn(move || {
                let _ = me.handle(stream);
            });
        }
    }

    fn handle(&self, mut stream: TcpStream) -> io::Result<()> {
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut request_line = String::new();
        reader.read_line(&mut request_line)?;
        let mut accept_encoding = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.trim().eq_ignore_ascii_case("accept-encoding") {
                    accept_encoding = value.trim().to_string();
                }
            }
        }
        let mut parts = request_line.split_whitespace();
        let (method, url) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
        let live = format!("{}{LIVE_PATH}", self.base_path);
        if self.live_reload && url == live {
            return self.live_events(stream);
        }
        let (status, content_type, mut body, file) = if method != "GET" && method != "HEAD" {
            (
                405,
                "text/plain; charset=utf-8",
                b"method not allowed".to_vec(),
                None,
            )
        } else {
            match url.strip_prefix(self.base_path.trim_end_matches('/')) {
                Some(rest) if rest.starts_with('/') => answer(&self.root, rest),
                _ => (
                    404,
                    "text/plain; charset=utf-8",
                    b"404 not found".to_vec(),
                    None,
                ),
            }
        };
        // Files precompressed beside the original (`trangtin compress`) are sent as they
        // are to clients that accept them, as a CDN would.
        let mut encoding = None;
        let live_page = self.live_reload && content_type.starts_with("text/html");
        if live_page {
            // Served as is (not precompressed), with the reload script.
            let script = format!(
                "<script>new EventSource(\"{live}\").onmessage = function () {{ location.reload(); }};</script>"
            );
            let html = String::from_utf8_lossy(&body).into_owned();
            body = match html.rfind("</body>") {
                Some(at) => format!("{}{script}{}", &html[..at], &html[at..]),
                None => format!("{html}{script}"),
            }
            .into_bytes();
        }
        if let Some(file) = file.as_ref().filter(|_| !live_page) {
            let accepts = |coding: &str| {
                accept_encoding
                    .split(',')
                    .any(|c| c.trim().starts_with(coding))
            };
            for (coding, ext) in [("br", "br"), ("gzip", "gz")] {
                let mut packed = file.as_os_str().to_owned();
                packed.push(format!(".{ext}"));
                if accepts(coding) {
                    if let Ok(bytes) = std::fs::read(PathBuf::from(packed)) {
                        body = bytes;
                        encoding = Some(coding);
                        break;
                    }
                }
            }
        }
        let mut head = format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
             Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nVary: Accept-Encoding\r\n\
             Connection: close\r\n",
            reason(status),
            body.len()
        );
        if let Some(coding) = encoding {
            head.push_str(&format!("Content-Encoding: {coding}\r\n"));
        }
        // Bundles and media are public: the script widget on other sites reads them.
        if url
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .contains("/content/")
        {
            head.push_str("Access-Control-Allow-Origin: *\r\n");
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        if method != "HEAD" {
            stream.write_all(&body)?;
        }
        if std::env::var_os("TRANGTIN_PREVIEW_LOG").is_some() {
            eprintln!("preview: {status} {url}");
        }
        stream.flush()
    }
}

impl Preview {
    /// Server-sent events: one `reload` once the served folder has changed and settled
    /// (trunk swaps the whole folder in), then the stream ends; the page reloads.
    fn live_events(&self, mut stream: TcpStream) -> io::Result<()> {
        // The state to compare with is taken before the page hears it is being watched:
        // a change right after that must count.
        let first = crate::watch::fingerprint(&self.root);
        stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
              Connection: close\r\n\r\n: watching\n\n",
        )?;
        let settled = |root: &Path| root.join("index.html").is_file();
        let mut last = first.clone();
        let mut quiet_ticks = 0;
        let mut ticks = 0u32;
        loop {
            std::thread::sleep(Duration::from_millis(300));
            ticks += 1;
            let now = crate::watch::fingerprint(&self.root);
            quiet_ticks = if now == last { quiet_ticks + 1 } else { 0 };
            last = now;
            if last != first && quiet_ticks >= 2 && settled(&self.root) {
                stream.write_all(b"data: reload\n\n")?;
                return stream.flush();
            }
            // A comment now and then: a closed page ends this thread with a write error.
            if ticks.is_multiple_of(50) {
                stream.write_all(b": ping\n\n")?;
            }
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    }
}

/// What the server answers for a request URL: status, content type and body.
pub fn respond(root: &Path, url: &str) -> (u16, &'static str, Vec<u8>) {
    let (status, content_type, body, _) = answer(root, url);
    (status, content_type, body)
}

type Answer = (u16, &'static str, Vec<u8>, Option<PathBuf>);

/// The answer, and the file it came from.
fn answer(root: &Path, url: &str) -> Answer {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let Some(decoded) = percent_decode(path) else {
        return (
            400,
            "text/plain; charset=utf-8",
            b"bad request path".to_vec(),
            None,
        );
    };
    // A path that tries to leave the root is never looked up; as a route, the app
    // answers it with its not-found view.
    if let Some(rel) = safe_relative(&decoded) {
        let mut file = root.join(&rel);
        if file.is_dir() {
            file = file.join("index.html");
        }
        if let Ok(bytes) = std::fs::read(&file) {
            return (200, content_type(&file), bytes, Some(file));
        }
    }
    let last = decoded.rsplit('/').next().unwrap_or("");
    let is_route = !last.contains('.') && !decoded.starts_with("/content/");
    if is_route {
        // A prerendered site answers unknown routes with its not-found page; a plain SPA
        // build lets the app route them.
        for (page, status) in [("404.html", 404), ("index.html", 200)] {
            let file = root.join(page);
            if let Ok(bytes) = std::fs::read(&file) {
                return (status, "text/html; charset=utf-8", bytes, Some(file));
            }
        }
    }
    (
        404,
        "text/plain; charset=utf-8",
        b"404 not found".to_vec(),
        None,
    )
}

fn safe_relative(path: &str) -> Option<PathBuf> {
    let rel = PathBuf::from(path.trim_start_matches('/'));
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then_some(rel)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_reload_pages_reload_once_the_folder_changes() {
        use std::io::Read;
        let d = dist();
        std::fs::write(
            d.path().join("index.html"),
            "<!doctype html><html><body>app</body></html>",
        )
        .unwrap();
        std::fs::write(d.path().join("index.html.br"), "packed").unwrap();
        let server = Preview::bind(d.path(), "127.0.0.1:0")
            .unwrap()
            .with_live_reload();
        let addr = server.local_addr().unwrap();
        std::thread::spawn(move || server.run());
        let get = |path: &str| {
            let mut s = TcpStream::connect(addr).unwrap();
            write!(
                s,
                "GET {path} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\n\r\n"
            )
            .unwrap();
            s
        };
        let mut page = String::new();
        get("/").read_to_string(&mut page).unwrap();
        assert!(
            page.contains("new EventSource(\"/_trangtin/live\")")
                && page.ends_with("</body></html>"),
            "the page is served as is, with the script: {page}"
        );
        let mut events = get("/_trangtin/live");
        events
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut head = Vec::new();
        let mut buf = [0u8; 256];
        while !String::from_utf8_lossy(&head).contains(": watching") {
            let n = events.read(&mut buf).unwrap();
            assert!(n > 0, "the stream ended early");
            head.extend_from_slice(&buf[..n]);
        }
        assert!(String::from_utf8_lossy(&head).contains("text/event-stream"));
        std::fs::write(d.path().join("new.js"), "x").unwrap();
        let mut rest = String::new();
        events.read_to_string(&mut rest).unwrap();
        assert!(rest.contains("data: reload"), "{rest}");
    }

    fn dist() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("index.html"), "<!doctype html>app").unwrap();
        std::fs::create_dir_all(d.path().join("content/bai-viet")).unwrap();
        std::fs::write(d.path().join("content/bai-viet/a.json"), "{}").unwrap();
        d
    }

    #[test]
    fn routes_fall_back_to_the_app() {
        let d = dist();
        let (status, ty, body) = respond(d.path(), "/bai-viet/a?x=1");
        assert_eq!((status, ty), (200, "text/html; charset=utf-8"));
        assert_eq!(body, b"<!doctype html>app");
        assert_eq!(respond(d.path(), "/").0, 200);
    }

    #[test]
    fn a_prerendered_site_answers_unknown_routes_with_its_404_page() {
        let d = dist();
        std::fs::write(d.path().join("404.html"), "not found page").unwrap();
        std::fs::create_dir_all(d.path().join("bai-viet/a")).unwrap();
        std::fs::write(d.path().join("bai-viet/a/index.html"), "article a").unwrap();
        assert_eq!(respond(d.path(), "/bai-viet/a").2, b"article a");
        assert_eq!(respond(d.path(), "/bai-viet/a/").2, b"article a");
        let (status, ty, body) = respond(d.path(), "/bai-viet/b");
        assert_eq!(
            (status, ty, body.as_slice()),
            (
                404,
                "text/html; charset=utf-8",
                b"not found page".as_slice()
            )
        );
        assert_eq!(
            respond(d.path(), "/content/bai-viet/b.json").1,
            "text/plain; charset=utf-8"
        );
    }

    #[test]
    fn existing_bundles_are_json() {
        let d = dist();
        assert_eq!(
            respond(d.path(), "/content/bai-viet/a.json").1,
            "application/json"
        );
    }

    #[test]
    fn a_missing_bundle_stays_a_404_not_html() {
        let d = dist();
        let (status, ty, _) = respond(d.path(), "/content/bai-viet/missing.json");
        assert_eq!(status, 404);
        assert!(!ty.starts_with("text/html"));
        assert_eq!(respond(d.path(), "/content/site").0, 404);
        assert_eq!(respond(d.path(), "/missing.wasm").0, 404);
    }

    #[test]
    fn paths_cannot_escape_the_root() {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("dist");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("index.html"), "app").unwrap();
        std::fs::write(outer.path().join("secret.txt"), "secret").unwrap();
        for url in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/a/..%2F..%2Fsecret.txt",
        ] {
            let (status, _, body) = respond(&root, url);
            assert_eq!(
                (status, body.as_slice()),
                (404, b"404 not found".as_slice()),
                "{url}"
            );
        }
        // As a route, such a path gets the app, which shows its not-found view.
        assert_eq!(respond(&root, "/bai-viet/..%2F..%2Fsecret").2, b"app");
    }
}
