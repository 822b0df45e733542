//! Serves a published site folder the way a CDN configured for it would (axum and
//! tower-http): pages are files, an unknown page gets `404.html` with status 404, a
//! missing bundle or asset stays a plain 404 (never HTML where data was expected), files
//! precompressed beside the original (`.br`, `.gz`: the app's assets) go to clients that
//! accept them, and other text is compressed as it is sent.
//! Answers carry `ETag` and `Last-Modified`, honour `If-None-Match` and `Range`, and
//! connections are kept alive.
//!
//! The site's `_headers` (its Content-Security-Policy, caching rules) is applied as a
//! host applies it, except when editing: then pages also get a small script that reloads
//! them when the publisher says the site changed (`Live::reload`), which that policy
//! would refuse.

mod live;
mod rules;

pub use live::Live;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::CompressionLevel;

/// The event stream a page served with live reload listens to, below the base path.
pub const LIVE_PATH: &str = "_trangtin/live";

#[derive(Clone)]
struct Site {
    root: PathBuf,
    base_path: String,
    live: Option<Live>,
    rules: Option<Arc<rules::Watched>>,
}

/// What to serve and how.
pub struct Options {
    pub root: PathBuf,
    /// `/`, or `/portal/` for a site served below a path.
    pub base_path: String,
    /// Live reload, for editing.
    pub live: Option<Live>,
}

/// The service: `root` under `base_path`.
pub fn router(options: Options) -> Router {
    let rules = options
        .live
        .is_none()
        .then(|| Arc::new(rules::Watched::new(&options.root)));
    let site = Arc::new(Site {
        root: options.root,
        base_path: options.base_path,
        live: options.live,
        rules,
    });
    let files = ServeDir::new(&site.root)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .fallback(axum::routing::any(not_found).with_state(site.clone()));
    // Each file's validator is taken before it is compressed, from the file as stored;
    // `headers` then marks it with the encoding the answer went out in.
    let files = tower::ServiceBuilder::new()
        .layer(
            CompressionLayer::new()
                .gzip(true)
                .br(true)
                .quality(CompressionLevel::Precise(3)),
        )
        .layer(middleware::from_fn(tag))
        .service(files);
    let base = site.base_path.trim_end_matches('/').to_string();
    let mut app = Router::new();
    if site.live.is_some() {
        app = app.route(
            &format!("{base}/{LIVE_PATH}"),
            axum::routing::get(live::events).with_state(site.clone()),
        );
    }
    let app = if base.is_empty() {
        app.fallback_service(files)
    } else {
        app.nest_service(&base, files)
            .fallback(|| async { plain_404() })
    };
    app.layer(middleware::from_fn_with_state(site, headers))
}

/// Serves on `addr` from a thread of its own until the process ends; returns the address
/// (useful with port 0).
pub fn spawn(options: Options, addr: &str) -> std::io::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    let local = listener.local_addr()?;
    let app = router(options);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            match tokio::net::TcpListener::from_std(listener) {
                Ok(listener) => {
                    if let Err(e) = axum::serve(listener, app).await {
                        eprintln!("trangtin: the server stopped: {e}");
                    }
                }
                Err(e) => eprintln!("trangtin: cannot serve: {e}"),
            }
        })
    });
    Ok(local)
}

/// Serves on `addr` until the process ends.
pub fn run(options: Options, addr: &str) -> std::io::Result<()> {
    spawn(options, addr)?;
    loop {
        std::thread::park();
    }
}

/// A path the site has no file for. A page (a path without a file extension, outside the
/// bundles) gets the site's not-found page with status 404, or `index.html` for a build
/// that has none (the app routes it); anything else is a plain 404.
async fn not_found(State(site): State<Arc<Site>>, request: Request) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return (StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n").into_response();
    }
    let path = percent_decode(request.uri().path());
    // An old address the site keeps (`_redirects`, as a host applies it where no file is).
    let full = format!("{}{path}", site.base_path.trim_end_matches('/'));
    if let Some(response) = redirect(&site.root, &full).await {
        return response;
    }
    let last = path.rsplit('/').next().unwrap_or("");
    let is_page = !last.contains('.') && !path.starts_with("/content/");
    if is_page {
        for (page, status) in [
            ("404.html", StatusCode::NOT_FOUND),
            ("index.html", StatusCode::OK),
        ] {
            let file = site.root.join(page);
            if let Ok(bytes) = tokio::fs::read(&file).await {
                let mut response = (status, bytes).into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                );
                return response;
            }
        }
    }
    plain_404()
}

/// The answer of the site's `_redirects` for `path` (`/old /new 301` per line; the
/// address with or without its final slash), if it has one.
async fn redirect(root: &std::path::Path, path: &str) -> Option<Response> {
    let text = tokio::fs::read_to_string(root.join("_redirects"))
        .await
        .ok()?;
    let bare = path.trim_end_matches('/');
    text.lines()
        .map(str::split_whitespace)
        .filter_map(|mut fields| Some((fields.next()?, fields.next()?, fields.next())))
        .find(|(from, _, _)| {
            !from.starts_with('#')
                && (*from == path || from.trim_end_matches('/') == bare && !bare.is_empty())
        })
        .and_then(|(_, to, status)| {
            let status = StatusCode::from_u16(status.map_or(Ok(301), str::parse).ok()?).ok()?;
            let location = HeaderValue::from_str(to).ok()?;
            let mut response = (status, format!("{to}\n")).into_response();
            response.headers_mut().insert(header::LOCATION, location);
            Some(response)
        })
}

/// `%2F` → `/`; an invalid escape stays as written.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let escaped = (b[i] == b'%')
            .then(|| std::str::from_utf8(b.get(i + 1..i + 3)?).ok())
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn plain_404() -> Response {
    (StatusCode::NOT_FOUND, "404 not found\n").into_response()
}

/// The headers every answer gets, the validators (`ETag`, `If-None-Match`), and for live
/// reload the script in each page.
async fn headers(State(site): State<Arc<Site>>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    if site.live.is_some() && !path.ends_with(LIVE_PATH) {
        // Pages get a script added, which a precompressed file cannot take. Nothing here
        // leaves the machine: every answer goes uncompressed.
        request.headers_mut().remove(header::ACCEPT_ENCODING);
    }
    // A page is its folder's index.html, served at the folder's address as it is: no
    // redirect to a trailing slash (links and canonical addresses have none).
    if let Some(rel) = path
        .strip_prefix(site.base_path.trim_end_matches('/'))
        .filter(|r| r.len() > 1 && !r.ends_with('/') && !r.contains(".."))
    {
        if tokio::fs::metadata(site.root.join(&rel[1..]))
            .await
            .is_ok_and(|m| m.is_dir())
        {
            let query = request
                .uri()
                .query()
                .map(|q| format!("?{q}"))
                .unwrap_or_default();
            if let Ok(uri) = format!("{path}/index.html{query}").parse() {
                *request.uri_mut() = uri;
            }
        }
    }
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Bundles and media are public: the script widget on other sites reads them.
    if path.contains("/content/") {
        h.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
    }
    if let Some(watched) = &site.rules {
        let rules = watched.get();
        for (name, value) in rules.for_path(&path) {
            h.insert(name.clone(), value.clone());
        }
    }
    let is_html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if let (Some(live), true) = (&site.live, is_html) {
        return live.inject(response, &site.base_path).await;
    }
    if response.status() == StatusCode::OK {
        if let Some(tag) = etag(&response) {
            let matches = if_none_match
                .as_ref()
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
            let tag = HeaderValue::from_str(&tag).expect("an ETag is ASCII");
            if matches {
                let mut not_modified = Response::new(Body::empty());
                *not_modified.status_mut() = StatusCode::NOT_MODIFIED;
                let nh = not_modified.headers_mut();
                for name in [
                    header::CACHE_CONTROL,
                    header::VARY,
                    header::CONTENT_LOCATION,
                    header::LAST_MODIFIED,
                ] {
                    if let Some(v) = response.headers().get(&name) {
                        nh.insert(name, v.clone());
                    }
                }
                nh.insert(header::ETAG, tag);
                return not_modified;
            }
            response.headers_mut().insert(header::ETAG, tag);
        }
    }
    response
}

/// Gives a file's answer, as stored, a strong validator as nginx makes one: from its
/// modification time and length.
async fn tag(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let h = response.headers();
    let (Some(modified), Some(length)) = (
        h.get(header::LAST_MODIFIED).and_then(|v| v.to_str().ok()),
        h.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()),
    ) else {
        return response;
    };
    // FNV-1a: short, stable, and enough to tell versions of one file apart.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in modified.bytes() {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("\"{hash:x}-{length}\"")) {
        response.headers_mut().insert(header::ETAG, v);
    }
    response
}

/// The answer's validator: its file's, with the encoding it went out in (a compressed
/// answer is another representation).
fn etag(response: &Response) -> Option<String> {
    let h = response.headers();
    let tag = h.get(header::ETAG)?.to_str().ok()?;
    let coding = h
        .get(header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Some(match tag.strip_suffix('"') {
        Some(open) if !coding.is_empty() => format!("{open}-{coding}\""),
        _ => tag.to_string(),
    })
}

/// Answers one request without a socket (for tests and tools): status, headers, body.
pub async fn answer(root: &Path, base_path: &str, request: Request) -> Response {
    let app = router(Options {
        root: root.to_path_buf(),
        base_path: base_path.to_string(),
        live: None,
    });
    match app.oneshot(request).await {
        Ok(r) => r,
        Err(never) => match never {},
    }
}
