//! The site server on small folders: the rules a CDN is configured with, validators,
//! ranges, and live reload.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use std::path::Path;
use trangtin_server::{answer, Live, Options};

fn site() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let put = |rel: &str, text: &[u8]| {
        let p = d.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    put("index.html", b"<html><body>home</body></html>");
    put(
        "404.html",
        "<html><body>Không tìm thấy trang</body></html>".as_bytes(),
    );
    put(
        "bai-viet/bai-mot/index.html",
        b"<html><body>bai mot</body></html>",
    );
    put("content/bai-viet/bai-mot.json", br#"{"schema_version":1}"#);
    put("content/bai-viet/bai-mot.json.br", b"BROTLI");
    put("content/bai-viet/bai-mot.json.gz", b"GZIP");
    d
}

async fn get(
    root: &Path,
    base: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut request = Request::get(path);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = answer(root, base, request.body(Body::empty()).unwrap()).await;
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, headers, body.to_vec())
}

fn text(h: &axum::http::HeaderMap, name: header::HeaderName) -> &str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[tokio::test]
async fn a_page_is_served_at_its_address_without_a_redirect() {
    let d = site();
    let (status, h, body) = get(d.path(), "/", "/bai-viet/bai-mot", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&h, header::CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(body, b"<html><body>bai mot</body></html>");
    let (status, _, body) = get(d.path(), "/", "/", &[]).await;
    assert_eq!(
        (status, body.as_slice()),
        (StatusCode::OK, &b"<html><body>home</body></html>"[..])
    );
}

#[tokio::test]
async fn an_unknown_page_gets_the_not_found_page_with_status_404() {
    let d = site();
    for path in [
        "/khong/co/trang-nay",
        "/bai-viet/khong-co",
        "/bai-viet/..%2Fsite",
    ] {
        let (status, h, body) = get(d.path(), "/", path, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            text(&h, header::CONTENT_TYPE).starts_with("text/html"),
            "{path}"
        );
        assert!(
            String::from_utf8_lossy(&body).contains("Không tìm thấy trang"),
            "{path}"
        );
    }
    // A build without a not-found page lets the app route it.
    std::fs::remove_file(d.path().join("404.html")).unwrap();
    let (status, _, body) = get(d.path(), "/", "/khong-co", &[]).await;
    assert_eq!(
        (status, body.as_slice()),
        (StatusCode::OK, &b"<html><body>home</body></html>"[..])
    );
}

#[tokio::test]
async fn a_missing_bundle_or_asset_stays_a_plain_404_never_html() {
    let d = site();
    for path in [
        "/content/bai-viet/khong-co.json",
        "/main-123.css",
        "/content/khong-co",
    ] {
        let (status, h, _) = get(d.path(), "/", path, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!text(&h, header::CONTENT_TYPE).contains("html"), "{path}");
    }
}

#[tokio::test]
async fn bundles_are_public_json_and_precompressed_copies_go_to_who_accepts_them() {
    let d = site();
    let path = "/content/bai-viet/bai-mot.json";
    let (status, h, body) = get(d.path(), "/", path, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text(&h, header::CONTENT_TYPE), "application/json");
    assert_eq!(text(&h, header::ACCESS_CONTROL_ALLOW_ORIGIN), "*");
    assert_eq!(text(&h, header::CACHE_CONTROL), "no-cache");
    assert_eq!(body, br#"{"schema_version":1}"#);
    let (_, h, body) = get(d.path(), "/", path, &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(
        (text(&h, header::CONTENT_ENCODING), body.as_slice()),
        ("br", &b"BROTLI"[..])
    );
    let (_, h, body) = get(d.path(), "/", path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(
        (text(&h, header::CONTENT_ENCODING), body.as_slice()),
        ("gzip", &b"GZIP"[..])
    );
}

#[tokio::test]
async fn an_unchanged_file_is_answered_304_and_a_range_206() {
    let d = site();
    let path = "/content/bai-viet/bai-mot.json";
    let (_, h, _) = get(d.path(), "/", path, &[]).await;
    let tag = text(&h, header::ETAG).to_string();
    assert!(tag.starts_with('"'), "an ETag: {h:?}");
    let (status, h2, body) = get(d.path(), "/", path, &[("if-none-match", &tag)]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    assert_eq!(text(&h2, header::ETAG), tag);
    // The compressed answer is another representation, with a validator of its own.
    let (_, h3, _) = get(d.path(), "/", path, &[("accept-encoding", "br")]).await;
    assert_ne!(text(&h3, header::ETAG), tag);
    // A changed file no longer matches.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(
        d.path().join("content/bai-viet/bai-mot.json"),
        br#"{"schema_version":2}"#,
    )
    .unwrap();
    let (status, _, _) = get(d.path(), "/", path, &[("if-none-match", &tag)]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, body) = get(d.path(), "/", path, &[("range", "bytes=0-3")]).await;
    assert_eq!(
        (status, body.as_slice()),
        (StatusCode::PARTIAL_CONTENT, &br#"{"sc"#[..])
    );
}

#[tokio::test]
async fn a_site_below_a_path_is_served_there_and_only_there() {
    let d = site();
    let (status, _, body) = get(d.path(), "/portal/", "/portal/bai-viet/bai-mot", &[]).await;
    assert_eq!(
        (status, body.as_slice()),
        (StatusCode::OK, &b"<html><body>bai mot</body></html>"[..])
    );
    let (status, _, _) = get(d.path(), "/portal/", "/portal/khong-co", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, h, _) = get(d.path(), "/portal/", "/bai-viet/bai-mot", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!text(&h, header::CONTENT_TYPE).contains("html"));
}

/// A raw HTTP/1.1 request over a socket; the answer's head and as much body as came
/// before `until` appeared or the time ran out.
async fn raw(addr: std::net::SocketAddr, path: &str, until: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    while !String::from_utf8_lossy(&got).contains(until) {
        match tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
            Ok(Ok(0)) | Err(_) => break,
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Ok(Err(e)) => panic!("{e}"),
        }
    }
    String::from_utf8_lossy(&got).into_owned()
}

#[tokio::test]
async fn with_live_reload_pages_listen_and_reload_when_the_publisher_says_so() {
    let d = site();
    let live = Live::new();
    let addr = trangtin_server::spawn(
        Options {
            root: d.path().to_path_buf(),
            base_path: "/".into(),
            live: Some(live.clone()),
        },
        "127.0.0.1:0",
    )
    .unwrap();
    let page = raw(addr, "/bai-viet/bai-mot", "</html>").await;
    assert!(
        page.contains("new EventSource(\"/_trangtin/live?seen=0\")"),
        "{page}"
    );
    assert!(page.contains("bai mot"));
    // A page that saw generation 0 hears of the next change.
    let listening =
        tokio::spawn(async move { raw(addr, "/_trangtin/live?seen=0", "data: reload").await });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(!listening.is_finished(), "nothing changed yet");
    live.reload();
    let events = listening.await.unwrap();
    assert!(
        events.contains("text/event-stream") && events.contains("data: reload"),
        "{events}"
    );
    // A page served before that change reloads as soon as it listens.
    let late = raw(addr, "/_trangtin/live?seen=0", "data: reload").await;
    assert!(late.contains("data: reload"), "{late}");
}

#[tokio::test]
async fn one_connection_serves_request_after_request() {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    let d = site();
    let addr = trangtin_server::spawn(
        Options {
            root: d.path().to_path_buf(),
            base_path: "/".into(),
            live: None,
        },
        "127.0.0.1:0",
    )
    .unwrap();
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut stream = BufReader::new(stream);
    for path in ["/bai-viet/bai-mot", "/content/bai-viet/bai-mot.json", "/"] {
        stream
            .get_mut()
            .write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
            .await
            .unwrap();
        let mut status = String::new();
        stream.read_line(&mut status).await.unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "{path}: {status}");
        let mut length = 0;
        loop {
            let mut line = String::new();
            stream.read_line(&mut line).await.unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        stream.read_exact(&mut body).await.unwrap();
    }
}

#[tokio::test]
async fn text_without_a_copy_beside_it_is_compressed_as_it_is_sent_with_its_own_validator() {
    let d = site();
    let page = "<p>Trường Đào tạo cán bộ Nguyễn Văn Cừ</p>".repeat(40);
    std::fs::write(d.path().join("bai-viet/bai-mot/index.html"), &page).unwrap();
    let path = "/bai-viet/bai-mot";
    let (_, plain, body) = get(d.path(), "/", path, &[]).await;
    assert_eq!(body, page.as_bytes());
    assert_eq!(text(&plain, header::CONTENT_ENCODING), "");
    let (status, h, body) = get(d.path(), "/", path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text(&h, header::CONTENT_ENCODING), "gzip");
    assert!(text(&h, header::VARY).contains("accept-encoding"));
    assert!(body.len() < page.len() / 4, "{} bytes", body.len());
    let mut back = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&body[..]), &mut back).unwrap();
    assert_eq!(back, page);
    // The compressed answer is another representation: its validator differs, and it
    // is answered 304 when it has not changed.
    let tag = text(&h, header::ETAG).to_string();
    assert!(tag.starts_with('"') && tag.ends_with("-gzip\""), "{tag}");
    assert_ne!(tag, text(&plain, header::ETAG));
    let (status, h, body) = get(
        d.path(),
        "/",
        path,
        &[("accept-encoding", "gzip"), ("if-none-match", &tag)],
    )
    .await;
    assert_eq!((status, body.len()), (StatusCode::NOT_MODIFIED, 0));
    assert_eq!(text(&h, header::CONTENT_ENCODING), "");
    // An image is compressed already.
    std::fs::write(d.path().join("content/anh.png"), vec![7u8; 4096]).unwrap();
    let (_, h, _) = get(
        d.path(),
        "/",
        "/content/anh.png",
        &[("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(text(&h, header::CONTENT_ENCODING), "");
}
