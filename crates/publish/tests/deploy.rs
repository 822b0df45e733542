//! `trangtin deploy` to a folder and to a real S3-compatible server (moto's, started
//! here on 127.0.0.1): only what changed is sent, pages after what they name, removed
//! files go and hashed ones of earlier releases stay a while; a failed deploy leaves the
//! previous site whole and a rerun completes it.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use trangtin_publish::deploy::{self, folder::Folder, s3::Bucket, Target, Upload};

const HOUR: Duration = Duration::from_secs(3600);

/// A published site, as `trangtin publish` leaves it.
fn site(dir: &Path, release: u32) {
    let put = |rel: &str, text: &str| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    let css = format!("main-{:016x}.css", 0xabc0 + u64::from(release));
    put(
        "index.html",
        &format!("<link href=\"/{css}\"><p>Trang chủ {release}</p>"),
    );
    put("404.html", "<p>Không tìm thấy trang</p>");
    put(&css, "body{}");
    put(&format!("{css}.gz"), "gz");
    put(
        "bai-viet/bai-mot/index.html",
        &format!("<p>Bài một {release}</p>"),
    );
    put(
        "content/bai-viet/bai-mot.json",
        &format!("{{\"r\":{release}}}"),
    );
    put("content/media/anh.0123456789ab.jpg", "JPEG");
    put("_headers", "/*\n  X-Content-Type-Options: nosniff\n");
    put(".trangtin-publish.json", "{}");
    if release == 1 {
        put("bai-viet/bai-hai/index.html", "<p>Bài hai</p>");
        put("content/bai-viet/bai-hai.json", "{}");
    }
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    trangtin_publish::tree::list(dir)
        .unwrap()
        .into_keys()
        .filter(|p| !p.starts_with('.'))
        .map(|p| {
            let bytes = std::fs::read(dir.join(&p)).unwrap();
            (p, bytes)
        })
        .collect()
}

#[test]
fn a_folder_gets_what_changed_and_keeps_hashed_files_for_open_tabs() {
    let d = tempfile::tempdir().unwrap();
    let (src, www) = (d.path().join("dist"), d.path().join("www"));
    site(&src, 1);
    let target = Folder { root: www.clone() };
    let r = deploy::deploy(&src, &target, 48 * HOUR, 1000).unwrap();
    assert_eq!((r.files, r.uploaded, r.deleted), (10, 10, 0));
    assert_eq!(files(&src), files(&www), "the publisher's state stays home");

    let again = deploy::deploy(&src, &target, 48 * HOUR, 1001).unwrap();
    assert_eq!(again.uploaded, 0, "nothing changed, nothing sent");

    // Release 2: a new stylesheet, an edited article, an article removed.
    std::fs::remove_dir_all(&src).unwrap();
    site(&src, 2);
    let r = deploy::deploy(&src, &target, 48 * HOUR, 2000).unwrap();
    // index.html, the stylesheet and its gzip copy, bai-mot's page and bundle
    assert_eq!(r.uploaded, 5, "{r:?}");
    assert_eq!(r.deleted, 2, "bai-hai's page and bundle");
    assert_eq!(r.kept, 2, "the old stylesheet and its copy, for open tabs");
    assert!(!www.join("bai-viet/bai-hai").exists());
    assert!(www.join(format!("main-{:016x}.css", 0xabc1)).is_file());
    // Once the grace period is over, it goes too.
    let later = deploy::deploy(&src, &target, 48 * HOUR, 2000 + 48 * 3600).unwrap();
    assert_eq!((later.deleted, later.kept), (2, 0));
    assert_eq!(files(&src), files(&www));
}

/// Records what a deploy sends, in order.
struct Recorder(std::sync::Mutex<Vec<Vec<String>>>);

impl Target for Recorder {
    fn describe(&self) -> String {
        "recorder".into()
    }
    fn manifest(&self) -> Result<Option<Vec<u8>>, String> {
        Ok(None)
    }
    fn put_all(&self, files: &[Upload]) -> Result<(), String> {
        let batch = files.iter().map(|u| u.rel.clone()).collect();
        self.0.lock().unwrap().push(batch);
        Ok(())
    }
    fn delete_all(&self, _: &[String]) -> Result<(), String> {
        Ok(())
    }
    fn put_manifest(&self, _: Vec<u8>) -> Result<(), String> {
        Ok(())
    }
}

#[test]
fn pages_are_sent_after_the_bundles_and_assets_they_name() {
    let d = tempfile::tempdir().unwrap();
    site(d.path(), 1);
    let r = Recorder(Default::default());
    deploy::deploy(d.path(), &r, HOUR, 0).unwrap();
    let batches = r.0.into_inner().unwrap();
    assert_eq!(batches.len(), 2);
    assert!(batches[0]
        .iter()
        .all(|p| !p.contains(".html") && p != "_headers"));
    assert!(batches[1]
        .iter()
        .all(|p| p.contains(".html") || p == "_headers"));
    assert_eq!(batches[1].len(), 5);
}

#[test]
fn a_failed_folder_deploy_leaves_the_previous_site_whole_and_a_rerun_completes_it() {
    let d = tempfile::tempdir().unwrap();
    let (src, www) = (d.path().join("dist"), d.path().join("www"));
    site(&src, 1);
    let target = Folder { root: www.clone() };
    deploy::deploy(&src, &target, HOUR, 0).unwrap();
    let before = files(&www);
    std::fs::remove_dir_all(&src).unwrap();
    site(&src, 2);
    // A page that cannot be read stops the deploy after the bundles and assets went.
    let page = src.join("bai-viet/bai-mot/index.html");
    std::fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(d.path().join("missing"), &page).unwrap();
    let e = deploy::deploy(&src, &target, HOUR, 10)
        .unwrap_err()
        .to_string();
    assert!(e.contains("bai-viet/bai-mot/index.html"), "{e}");
    let now = files(&www);
    for (path, bytes) in &before {
        if path.ends_with(".html") || path.ends_with(".gz") {
            assert_eq!(now.get(path), Some(bytes), "{path}: the old page stays");
        }
        assert!(now.contains_key(path), "{path} is still there");
    }
    std::fs::remove_file(&page).unwrap();
    std::fs::write(&page, "<p>Bài một 2</p>").unwrap();
    deploy::deploy(&src, &target, HOUR, 20).unwrap();
    deploy::deploy(&src, &target, HOUR, 20 + 3600).unwrap();
    assert_eq!(files(&src), files(&www));
}

/// moto's S3 server on a free port, stopped when dropped.
struct Moto {
    child: Child,
    endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn moto() -> Moto {
    moto_with(&[])
}

fn moto_with(env: &[(&str, &str)]) -> Moto {
    moto_logging(env, Stdio::null())
}

/// The keys moto accepts. Set before any bucket is made, so that the S3 client
/// never falls back to asking the cloud's metadata service.
fn test_credentials() {
    std::env::set_var("AWS_ACCESS_KEY_ID", "trangtin");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "trangtin-secret");
    std::env::set_var("AWS_REGION", "us-east-1");
}

/// moto with its request log (one line per request) written to `log`.
fn moto_logging(env: &[(&str, &str)], log: Stdio) -> Moto {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/py/bin/moto_server");
    assert!(
        bin.is_file(),
        "{} is missing: `tools/bootstrap.sh services` (part of `make test`) installs it",
        bin.display()
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(bin)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "moto did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    test_credentials();
    Moto {
        child,
        endpoint: format!("http://127.0.0.1:{port}"),
    }
}

/// Reads an object as a client with the bucket's credentials does: status (200 or
/// 404), its headers as `name: value` lines (lower case), its bytes.
fn get(endpoint: &str, bucket: &str, key: &str) -> (u16, String, Vec<u8>) {
    use object_store::{Attribute, ObjectStoreExt};
    let store = object_store::aws::AmazonS3Builder::from_env()
        .with_bucket_name(bucket)
        .with_endpoint(endpoint)
        .with_allow_http(true)
        .build()
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        match store.get(&object_store::path::Path::from(key)).await {
            Ok(found) => {
                let mut head = String::new();
                for (name, attribute) in [
                    ("content-type", Attribute::ContentType),
                    ("cache-control", Attribute::CacheControl),
                    ("content-encoding", Attribute::ContentEncoding),
                ] {
                    if let Some(v) = found.attributes.get(&attribute) {
                        head.push_str(&format!("{name}: {}\n", v.as_ref().to_lowercase()));
                    }
                }
                (200, head, found.bytes().await.unwrap().to_vec())
            }
            Err(object_store::Error::NotFound { .. }) => (404, String::new(), Vec::new()),
            Err(e) => panic!("{e}"),
        }
    })
}

/// A plain HTTP request to moto: status, lower-cased headers, body.
fn http(endpoint: &str, method: &str, path: &str) -> (u16, String, Vec<u8>) {
    let host = endpoint.trim_start_matches("http://");
    let mut s = TcpStream::connect(host).unwrap();
    write!(s, "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head, raw[split + 4..].to_vec())
}

#[test]
fn a_bucket_gets_each_file_with_its_type_and_caching_and_loses_removed_articles() {
    let moto = moto();
    let (status, _, _) = http(&moto.endpoint, "PUT", "/portal");
    assert_eq!(status, 200, "create the bucket");
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("dist");
    site(&src, 1);
    let bucket = Bucket::new("s3://portal/truong", Some(&moto.endpoint), None).unwrap();
    let r = deploy::deploy(&src, &bucket, HOUR, 0).unwrap();
    assert_eq!(r.uploaded, 10);

    let (status, head, body) = get(
        &moto.endpoint,
        "portal",
        "truong/bai-viet/bai-mot/index.html",
    );
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(head.contains("cache-control: no-cache"), "{head}");
    assert_eq!(body, "<p>Bài một 1</p>".as_bytes());
    let css = format!("truong/main-{:016x}.css", 0xabc1);
    let (_, head, _) = get(&moto.endpoint, "portal", &format!("{css}.gz"));
    assert!(
        head.contains("content-encoding: gzip") && head.contains("content-type: text/css"),
        "{head}"
    );
    let (_, head, _) = get(&moto.endpoint, "portal", &css);
    assert!(
        head.contains("cache-control: public, max-age=31536000, immutable"),
        "{head}"
    );
    let (status, _, _) = get(&moto.endpoint, "portal", "truong/.trangtin-publish.json");
    assert_eq!(status, 404, "the publisher's state stays home");

    std::fs::remove_dir_all(&src).unwrap();
    site(&src, 2);
    let r = deploy::deploy(&src, &bucket, HOUR, 100).unwrap();
    assert_eq!((r.uploaded, r.deleted, r.kept), (5, 2, 2), "{r:?}");
    let (status, _, _) = get(
        &moto.endpoint,
        "portal",
        "truong/content/bai-viet/bai-hai.json",
    );
    assert_eq!(status, 404, "a removed article is deleted");
    let (status, _, _) = get(&moto.endpoint, "portal", &css);
    assert_eq!(status, 200, "the old stylesheet stays for open tabs");
    deploy::deploy(&src, &bucket, HOUR, 100 + 3600).unwrap();
    let (status, _, _) = get(&moto.endpoint, "portal", &css);
    assert_eq!(status, 404, "and goes after the grace period");
}

#[test]
fn a_failed_bucket_deploy_loses_nothing_and_a_rerun_completes_it() {
    let moto = moto();
    http(&moto.endpoint, "PUT", "/site");
    let d = tempfile::tempdir().unwrap();
    let src = d.path().join("dist");
    site(&src, 1);
    let bucket = Bucket::new("s3://site", Some(&moto.endpoint), None).unwrap();
    deploy::deploy(&src, &bucket, HOUR, 0).unwrap();
    std::fs::remove_dir_all(&src).unwrap();
    site(&src, 2);
    let page = src.join("bai-viet/bai-mot/index.html");
    std::fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(d.path().join("missing"), &page).unwrap();
    assert!(deploy::deploy(&src, &bucket, HOUR, 10).is_err());
    // Nothing was deleted: the old article is still there, and the old page.
    let (status, _, _) = get(&moto.endpoint, "site", "content/bai-viet/bai-hai.json");
    assert_eq!(status, 200);
    let (_, _, body) = get(&moto.endpoint, "site", "bai-viet/bai-mot/index.html");
    assert_eq!(body, "<p>Bài một 1</p>".as_bytes());
    std::fs::remove_file(&page).unwrap();
    std::fs::write(&page, "<p>Bài một 2</p>").unwrap();
    let r = deploy::deploy(&src, &bucket, HOUR, 20).unwrap();
    assert!(r.uploaded >= 1 && r.deleted == 2, "{r:?}");
    let (_, _, body) = get(&moto.endpoint, "site", "bai-viet/bai-mot/index.html");
    assert_eq!(body, "<p>Bài một 2</p>".as_bytes());
}

#[test]
fn an_unreachable_bucket_is_a_clear_error() {
    let d = tempfile::tempdir().unwrap();
    site(d.path(), 1);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("http://127.0.0.1:{port}");
    test_credentials();
    let bucket = Bucket::new("s3://site", Some(&endpoint), Some("us-east-1")).unwrap();
    let started = Instant::now();
    let e = deploy::deploy(d.path(), &bucket, HOUR, 0)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("s3://site/") && e.contains("cannot reach"),
        "{e}"
    );
    assert!(started.elapsed() < Duration::from_secs(60));
    let bad = Bucket::new("site", None, None).err().unwrap();
    assert!(bad.contains("s3://bucket"), "{bad}");
}

#[test]
fn refused_credentials_are_a_clear_error_and_nothing_is_lost() {
    // moto checks credentials against its own users from the first request on.
    let moto = moto_with(&[("INITIAL_NO_AUTH_ACTION_COUNT", "0")]);
    let d = tempfile::tempdir().unwrap();
    site(d.path(), 1);
    let before = files(d.path());
    let bucket = Bucket::new("s3://site", Some(&moto.endpoint), None).unwrap();
    let e = deploy::deploy(d.path(), &bucket, HOUR, 0)
        .unwrap_err()
        .to_string();
    assert!(e.contains("refused the credentials"), "{e}");
    assert_eq!(before, files(d.path()));
}

/// Requests moto logged for `bucket` since `from` lines: (method, path) each.
fn logged(log: &Path, bucket: &str, from: usize) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains(&format!(" /{bucket}/")) || l.contains(&format!(" /{bucket}?")))
        .skip(from)
        .map(str::to_string)
        .collect()
}

#[test]
fn a_new_article_sends_its_files_and_the_report_counts_the_requests_the_bucket_got() {
    let d = tempfile::tempdir().unwrap();
    let log = d.path().join("moto.log");
    let moto = moto_logging(&[], Stdio::from(std::fs::File::create(&log).unwrap()));
    http(&moto.endpoint, "PUT", "/site");
    let src = d.path().join("dist");
    site(&src, 1);
    let bucket = Bucket::new("s3://site", Some(&moto.endpoint), None).unwrap();
    deploy::deploy(&src, &bucket, HOUR, 0).unwrap();
    let before = logged(&log, "site", 0).len();
    // A new article: its bundle and page, and the listing and home that show it.
    let put = |rel: &str, text: &str| {
        let p = src.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    put(
        "content/bai-viet/bai-moi.json",
        r#"{"schema_version":3,"moi":true}"#,
    );
    put("bai-viet/bai-moi/index.html", "<p>Bài mới</p>");
    put("index.html", "<p>Trang chủ, có bài mới</p>");
    let r = deploy::deploy(&src, &bucket, HOUR, 10).unwrap();
    assert_eq!(r.uploaded, 3, "{r:?}");
    // moto writes its log line once it has answered.
    std::thread::sleep(Duration::from_millis(300));
    let requests = logged(&log, "site", before);
    assert_eq!(r.requests, requests.len(), "{r:?}\n{}", requests.join("\n"));
    let puts = requests.iter().filter(|l| l.contains("\"PUT ")).count();
    assert_eq!(
        puts,
        4,
        "three files and the manifest:\n{}",
        requests.join("\n")
    );
    let (status, _, body) = get(&moto.endpoint, "site", "bai-viet/bai-moi/index.html");
    assert_eq!((status, body), (200, "<p>Bài mới</p>".as_bytes().to_vec()));
}
