//! The newsroom over HTTP on 127.0.0.1, as the admin app and a forger would call it.

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const SITE_TOML: &str = r#"
[site]
name = "Trường Đào tạo cán bộ"
base_url = "https://t.example.vn"

[[categories]]
slug = "tin-tuc"
name = "Tin tức"

[[categories]]
slug = "thong-bao"
name = "Thông báo"
"#;

struct Newsroom {
    dir: tempfile::TempDir,
    addr: std::net::SocketAddr,
    admin_password: String,
    published: Arc<AtomicUsize>,
    _runtime: tokio::runtime::Runtime,
}

impl Newsroom {
    fn start() -> Newsroom {
        Newsroom::start_with(|_, _| {})
    }

    /// With `configure` given the options and the test's folder before the service opens.
    fn start_with(
        configure: impl FnOnce(&mut trangtin_newsroom::Options, &std::path::Path),
    ) -> Newsroom {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/articles")).unwrap();
        std::fs::write(dir.path().join("content/site.toml"), SITE_TOML).unwrap();
        let published = Arc::new(AtomicUsize::new(0));
        let count = published.clone();
        let mut options = trangtin_newsroom::Options::new(
            dir.path().join("content"),
            dir.path().join("newsroom.db"),
        );
        options.lock_after = 3;
        options.work = dir.path().join("work");
        // The tests' "other site" is on 127.0.0.1.
        options.fetch_private = true;
        // Published only when the tests' requests ask.
        options.scheduled = false;
        options.publisher = Some(Arc::new(move || {
            count.fetch_add(1, Ordering::SeqCst);
            Ok(trangtin_newsroom::Published {
                summary: "đã đăng".into(),
                next_change: None,
            })
        }));
        configure(&mut options, dir.path());
        let service = trangtin_newsroom::open(options).unwrap();
        let first = service.first_password.clone();
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        runtime.spawn(trangtin_newsroom::serve(listener, service));
        Newsroom {
            dir,
            addr,
            admin_password: first.expect("a first admin on an empty database"),
            published,
            _runtime: runtime,
        }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join("content/articles").join(name)
    }
}

/// A logged-in person (or none): their cookie and CSRF token.
#[derive(Clone, Default)]
struct Who {
    cookie: Option<String>,
    csrf: Option<String>,
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Value,
}

fn call(n: &Newsroom, who: &Who, method: &str, path: &str, body: Option<Value>) -> Answer {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    send(n, who, method, path, "application/json", body.as_bytes())
}

fn send(n: &Newsroom, who: &Who, method: &str, path: &str, kind: &str, body: &[u8]) -> Answer {
    let mut stream = std::net::TcpStream::connect(n.addr).unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n",
        n.addr,
        body.len()
    );
    if let Some(c) = &who.cookie {
        request.push_str(&format!("Cookie: {c}\r\n"));
    }
    if let Some(t) = &who.csrf {
        request.push_str(&format!("X-CSRF-Token: {t}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let rest = String::from_utf8_lossy(&raw[split + 4..]).into_owned();
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
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: serde_json::from_str(&rest).unwrap_or(Value::Null),
    }
}

fn login(n: &Newsroom, username: &str, password: &str) -> Who {
    let a = call(
        n,
        &Who::default(),
        "POST",
        "/api/login",
        Some(json!({ "username": username, "password": password })),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let cookie = a
        .headers
        .iter()
        .find(|(k, _)| k == "set-cookie")
        .map(|(_, v)| v.clone())
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    Who {
        cookie: Some(cookie.split(';').next().unwrap().to_string()),
        csrf: a.body["csrf"].as_str().map(String::from),
    }
}

/// The admin adds an author (news only) and an editor; returns the three logged in.
fn staff(n: &Newsroom) -> (Who, Who, Who) {
    let admin = login(n, "admin", &n.admin_password);
    for (name, role, cats) in [
        ("tacgia", "author", json!(["tin-tuc"])),
        ("bientap", "editor", json!([])),
    ] {
        let a = call(
            n,
            &admin,
            "POST",
            "/api/users",
            Some(
                json!({ "username": name, "display_name": name, "role": role,
                         "categories": cats, "password": "mat-khau-du-dai" }),
            ),
        );
        assert_eq!(a.status, 201, "{}", a.body);
    }
    let author = login(n, "tacgia", "mat-khau-du-dai");
    let editor = login(n, "bientap", "mat-khau-du-dai");
    (admin, author, editor)
}

fn draft(title: &str) -> Value {
    json!({ "title": title, "category": "tin-tuc", "date": "2024-06-25",
            "summary": "Tóm tắt.", "body": "Đoạn một của bài.\n\nĐoạn hai.\n" })
}

#[test]
fn an_author_writes_and_sends_for_approval_but_can_never_publish() {
    let n = Newsroom::start();
    let (_, author, _) = staff(&n);
    let a = call(
        &n,
        &author,
        "POST",
        "/api/articles",
        Some(draft("Hội nghị sơ kết")),
    );
    assert_eq!(a.status, 201, "{}", a.body);
    let id = a.body["id"].as_i64().unwrap();
    let file = n.file("hoi-nghi-so-ket.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("draft = true") && text.contains("author = \"tacgia\""),
        "{text}"
    );
    // Not in a category of theirs.
    let mut other = draft("Thông báo khác");
    other["category"] = json!("thong-bao");
    assert_eq!(
        call(&n, &author, "POST", "/api/articles", Some(other)).status,
        403
    );
    let a = call(
        &n,
        &author,
        "POST",
        &format!("/api/articles/{id}/submit"),
        Some(json!({})),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    // A forged request to publish, with the author's own valid session and token.
    let a = call(
        &n,
        &author,
        "POST",
        &format!("/api/articles/{id}/publish"),
        Some(json!({})),
    );
    assert_eq!(a.status, 403, "{}", a.body);
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("draft = true"));
    assert_eq!(n.published.load(Ordering::SeqCst), 0);
    // Nor approve or reject it.
    let a = call(
        &n,
        &author,
        "POST",
        &format!("/api/articles/{id}/reject"),
        Some(json!({ "note": "x" })),
    );
    assert_eq!(a.status, 403);
    // Waiting for approval, it is the editor's: the author cannot change it meanwhile.
    let a = call(
        &n,
        &author,
        "PUT",
        &format!("/api/articles/{id}"),
        Some(json!({ "version": 1, "fields": draft("Sửa") })),
    );
    assert_eq!(a.status, 403);
}

#[test]
fn an_editor_rejects_with_a_note_then_schedules_and_the_site_is_published() {
    let n = Newsroom::start();
    let (admin, author, editor) = staff(&n);
    let id = call(
        &n,
        &author,
        "POST",
        "/api/articles",
        Some(draft("Khai giảng lớp mới")),
    )
    .body["id"]
        .as_i64()
        .unwrap();
    call(
        &n,
        &author,
        "POST",
        &format!("/api/articles/{id}/submit"),
        Some(json!({})),
    );
    let a = call(
        &n,
        &editor,
        "POST",
        &format!("/api/articles/{id}/reject"),
        Some(json!({ "note": "Thiếu ảnh và tên người phát biểu." })),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let a = call(&n, &author, "GET", &format!("/api/articles/{id}"), None);
    assert_eq!(a.body["status"], "rejected");
    assert_eq!(a.body["note"], "Thiếu ảnh và tên người phát biểu.");
    // The author fixes it and sends it again.
    let mut fixed = a.body["fields"].clone();
    fixed["body"] = json!("Đồng chí Phạm Thùy Dương phát biểu khai giảng.\n");
    let a = call(
        &n,
        &author,
        "PUT",
        &format!("/api/articles/{id}"),
        Some(json!({ "version": 1, "fields": fixed })),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    call(
        &n,
        &author,
        "POST",
        &format!("/api/articles/{id}/submit"),
        Some(json!({})),
    );
    // The editor schedules it for a time to come.
    let a = call(
        &n,
        &editor,
        "POST",
        &format!("/api/articles/{id}/publish"),
        Some(json!({ "publish_at": "2099-01-01T07:00:00+07:00" })),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["status"], "scheduled");
    assert_eq!(a.body["published"], "đã đăng");
    let text = std::fs::read_to_string(n.file("khai-giang-lop-moi.md")).unwrap();
    assert!(
        !text.contains("draft = true")
            && text.contains("publish_at = \"2099-01-01T07:00:00+07:00\""),
        "{text}"
    );
    assert_eq!(n.published.load(Ordering::SeqCst), 1);
    // Every step is in the audit log, with who did it.
    let log = call(&n, &admin, "GET", "/api/audit", None).body;
    let actions: Vec<(String, String)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["user"].as_str().unwrap_or("").to_string(),
                e["action"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for step in [
        ("tacgia", "create"),
        ("tacgia", "submit"),
        ("bientap", "reject"),
        ("tacgia", "save"),
        ("bientap", "scheduled"),
    ] {
        assert!(
            actions.contains(&(step.0.into(), step.1.into())),
            "{step:?} not in {actions:?}"
        );
    }
    // The revisions say who saved what.
    let revs = call(
        &n,
        &editor,
        "GET",
        &format!("/api/articles/{id}/revisions"),
        None,
    )
    .body;
    assert_eq!(revs.as_array().unwrap().len(), 3, "{revs}");
}

#[test]
fn a_stale_save_is_refused_with_both_versions_and_nothing_is_overwritten() {
    let n = Newsroom::start();
    let (_, author, editor) = staff(&n);
    let id = call(
        &n,
        &author,
        "POST",
        "/api/articles",
        Some(draft("Tọa đàm khoa học")),
    )
    .body["id"]
        .as_i64()
        .unwrap();
    // Both open version 1; the editor saves first.
    let mut theirs = draft("Tọa đàm khoa học");
    theirs["body"] = json!("Bản của biên tập.\n");
    let a = call(
        &n,
        &editor,
        "PUT",
        &format!("/api/articles/{id}"),
        Some(json!({ "version": 1, "fields": theirs })),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let mut mine = draft("Tọa đàm khoa học");
    mine["body"] = json!("Bản của tác giả.\n");
    let a = call(
        &n,
        &author,
        "PUT",
        &format!("/api/articles/{id}"),
        Some(json!({ "version": 1, "fields": mine })),
    );
    assert_eq!(a.status, 409, "{}", a.body);
    assert_eq!(a.body["detail"]["theirs"]["body"], "Bản của biên tập.\n");
    assert_eq!(a.body["detail"]["yours"]["body"], "Bản của tác giả.\n");
    assert_eq!(a.body["detail"]["version"], 2);
    let text = std::fs::read_to_string(n.file("toa-dam-khoa-hoc.md")).unwrap();
    assert!(text.contains("Bản của biên tập."), "{text}");
}

#[test]
fn saving_an_unchanged_article_gives_the_same_bytes() {
    let n = Newsroom::start();
    let (_, author, _) = staff(&n);
    let mut fields = draft("Đoàn công tác đến thăm");
    fields["tags"] = json!(["hợp tác", "đối ngoại"]);
    fields["body"] = json!("Đoạn có **chữ đậm**, [liên kết](https://example.vn) và ảnh:\n\n![Ảnh](../media/a.jpg \"Chú thích\")\n\n- một\n- hai\n");
    let id = call(&n, &author, "POST", "/api/articles", Some(fields)).body["id"]
        .as_i64()
        .unwrap();
    let file = n.file("doan-cong-tac-den-tham.md");
    let before = std::fs::read(&file).unwrap();
    let opened = call(&n, &author, "GET", &format!("/api/articles/{id}"), None).body;
    let a = call(
        &n,
        &author,
        "PUT",
        &format!("/api/articles/{id}"),
        Some(json!({ "version": opened["version"], "fields": opened["fields"] })),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_change_without_the_csrf_token_is_refused() {
    let n = Newsroom::start();
    let (_, author, _) = staff(&n);
    let id = call(
        &n,
        &author,
        "POST",
        "/api/articles",
        Some(draft("Thông báo tuyển sinh")),
    )
    .body["id"]
        .as_i64()
        .unwrap();
    let file = n.file("thong-bao-tuyen-sinh.md");
    let before = std::fs::read(&file).unwrap();
    for csrf in [None, Some("0".repeat(64))] {
        let forged = Who {
            cookie: author.cookie.clone(),
            csrf,
        };
        let a = call(
            &n,
            &forged,
            "PUT",
            &format!("/api/articles/{id}"),
            Some(json!({ "version": 1, "fields": draft("Đã bị sửa") })),
        );
        assert_eq!(a.status, 403, "{}", a.body);
        assert_eq!(
            call(&n, &forged, "POST", "/api/articles", Some(draft("Bài giả"))).status,
            403
        );
    }
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // Without a session at all: 401.
    assert_eq!(
        call(&n, &Who::default(), "GET", "/api/articles", None).status,
        401
    );
}

/// Every route that changes something refuses a request without the session's CSRF
/// token, and every route but logging in and "who is in" refuses one without a session,
/// before its handler runs (the extractors do it, so that no handler can forget).
#[test]
fn every_route_checks_the_session_and_every_change_the_csrf_token() {
    let n = Newsroom::start();
    let (admin, author, _) = staff(&n);
    let id = call(
        &n,
        &author,
        "POST",
        "/api/articles",
        Some(draft("Bài của tác giả")),
    )
    .body["id"]
        .as_i64()
        .unwrap();
    let changes = [
        ("POST", "/api/logout".to_string()),
        ("POST", "/api/password".to_string()),
        ("POST", "/api/users".to_string()),
        ("POST", "/api/articles".to_string()),
        ("PUT", format!("/api/articles/{id}")),
        ("POST", format!("/api/articles/{id}/submit")),
        ("POST", format!("/api/articles/{id}/reject")),
        ("POST", format!("/api/articles/{id}/publish")),
        ("POST", format!("/api/articles/{id}/lock")),
        ("POST", "/api/media/fetch".to_string()),
        ("PUT", "/api/settings".to_string()),
    ];
    let reads = [
        ("GET", "/api/users".to_string()),
        ("GET", "/api/articles".to_string()),
        ("GET", format!("/api/articles/{id}")),
        ("GET", format!("/api/articles/{id}/revisions")),
        ("GET", format!("/api/articles/{id}/compare?a=1&b=1")),
        ("GET", "/api/audit".to_string()),
        ("GET", "/api/settings".to_string()),
        ("GET", "/api/media/2026/01/x.jpg".to_string()),
        ("POST", "/api/preview".to_string()),
    ];
    for who in [&admin, &author] {
        let forged = Who {
            cookie: who.cookie.clone(),
            csrf: None,
        };
        for (method, path) in &changes {
            let a = call(&n, &forged, method, path, Some(json!({})));
            assert_eq!(
                a.status, 403,
                "{method} {path} without the CSRF token: {}",
                a.body
            );
            assert!(
                a.body["error"].as_str().unwrap().contains("CSRF"),
                "{}",
                a.body
            );
        }
    }
    for (method, path) in changes.iter().chain(&reads) {
        let a = call(&n, &Who::default(), method, path, Some(json!({})));
        assert_eq!(
            a.status, 401,
            "{method} {path} without a session: {}",
            a.body
        );
        assert!(
            a.body["error"].as_str().unwrap().contains("đăng nhập"),
            "{}",
            a.body
        );
    }
    // The media upload, which takes a file rather than JSON, too.
    let forged = Who {
        cookie: author.cookie.clone(),
        csrf: None,
    };
    assert_eq!(
        send(
            &n,
            &forged,
            "POST",
            "/api/media?name=x.jpg",
            "image/jpeg",
            b"x"
        )
        .status,
        403
    );
    assert_eq!(
        send(
            &n,
            &Who::default(),
            "POST",
            "/api/media?name=x.jpg",
            "image/jpeg",
            b"x"
        )
        .status,
        401
    );
}

#[test]
fn wrong_passwords_lock_the_account_for_a_while() {
    let n = Newsroom::start();
    staff(&n);
    for _ in 0..3 {
        let a = call(
            &n,
            &Who::default(),
            "POST",
            "/api/login",
            Some(json!({ "username": "tacgia", "password": "sai-mat-khau" })),
        );
        assert_eq!(a.status, 401);
    }
    // Locked: even the right password is refused, with when to try again.
    let a = call(
        &n,
        &Who::default(),
        "POST",
        "/api/login",
        Some(json!({ "username": "tacgia", "password": "mat-khau-du-dai" })),
    );
    assert_eq!(a.status, 423, "{}", a.body);
    assert!(
        a.body["error"].as_str().unwrap().contains("phút"),
        "{}",
        a.body
    );
    // Others are not.
    login(&n, "bientap", "mat-khau-du-dai");
}

#[test]
fn a_second_person_sees_who_is_editing_and_may_take_over() {
    let n = Newsroom::start();
    let (_, author, editor) = staff(&n);
    let id = call(
        &n,
        &author,
        "POST",
        "/api/articles",
        Some(draft("Bài đang sửa")),
    )
    .body["id"]
        .as_i64()
        .unwrap();
    let lock = |who: &Who, take: bool| {
        call(
            &n,
            who,
            "POST",
            &format!("/api/articles/{id}/lock"),
            Some(json!({ "take": take })),
        )
        .body
    };
    assert_eq!(lock(&author, false)["mine"], true);
    let seen = lock(&editor, false);
    assert_eq!(seen["mine"], false);
    assert_eq!(seen["held_by"], "tacgia");
    // Renewing keeps it; the editor takes it over; the author hears at the next renewal.
    assert_eq!(lock(&author, false)["mine"], true);
    assert_eq!(lock(&editor, true)["mine"], true);
    let lost = lock(&author, false);
    assert_eq!(
        (&lost["mine"], &lost["held_by"]),
        (&json!(false), &json!("bientap"))
    );
}

/// A photo as a camera would send it: JPEG, `width`×`height`, with some detail.
fn jpeg(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, shade])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&pixels)
        .unwrap();
    out
}

#[test]
fn photos_go_up_through_the_photo_pipeline_and_broken_ones_are_refused() {
    let n = Newsroom::start();
    let (author, _, _) = staff(&n);
    let photo = jpeg(900, 600, 40);
    let up = |who: &Who, name: &str, bytes: &[u8]| {
        send(
            &n,
            who,
            "POST",
            &format!("/api/media?name={name}"),
            "image/jpeg",
            bytes,
        )
    };

    let a = up(
        &author,
        "%E1%BA%A2nh%20H%E1%BB%99i%20ngh%E1%BB%8B.JPG",
        &photo,
    );
    assert_eq!(a.status, 201, "{}", a.body);
    let src = a.body["src"].as_str().unwrap().to_string();
    assert!(
        src.starts_with("../media/20") && src.ends_with("/anh-hoi-nghi.jpg"),
        "{src}"
    );
    assert_eq!(a.body["width"], 900);
    assert_eq!(a.body["height"], 600);
    let rel = src.trim_start_matches("../media/");
    let on_disk = n.dir.path().join("content/media").join(rel);
    assert_eq!(std::fs::read(&on_disk).unwrap(), photo, "kept as sent");

    // The same photo again is the same file; another under the same name gets its own.
    assert_eq!(
        up(&author, "Ảnh-hội-nghị.jpg", &photo).body["src"],
        src.as_str()
    );
    let other = up(&author, "Ảnh-hội-nghị.jpg", &jpeg(640, 480, 200));
    assert!(other.body["src"]
        .as_str()
        .unwrap()
        .ends_with("/anh-hoi-nghi-2.jpg"));

    // Staff see it; nobody else.
    let shown = send(&n, &author, "GET", &format!("/api/media/{rel}"), "", b"");
    assert_eq!(shown.status, 200);
    assert!(shown
        .headers
        .contains(&("content-type".into(), "image/jpeg".into())));
    assert_eq!(
        send(
            &n,
            &Who::default(),
            "GET",
            &format!("/api/media/{rel}"),
            "",
            b""
        )
        .status,
        401
    );
    assert_eq!(
        send(
            &n,
            &author,
            "GET",
            "/api/media/..%2F..%2Fnewsroom.db",
            "",
            b""
        )
        .status,
        404
    );

    // A cut-off photo, a page saved as .jpg, and a forged request.
    let before = std::fs::read_dir(on_disk.parent().unwrap())
        .unwrap()
        .count();
    let cut = up(&author, "cut.jpg", &photo[..photo.len() / 2]);
    assert_eq!(cut.status, 422, "{}", cut.body);
    assert!(cut.body["error"]
        .as_str()
        .unwrap()
        .contains("Không dùng được ảnh"));
    let page = up(&author, "page.jpg", b"<!doctype html><title>404</title>");
    assert_eq!(page.status, 415);
    let forged = Who {
        csrf: None,
        ..author.clone()
    };
    assert_eq!(up(&forged, "x.jpg", &photo).status, 403);
    let after = std::fs::read_dir(on_disk.parent().unwrap())
        .unwrap()
        .count();
    assert_eq!(before, after, "nothing refused is kept");
}

fn git(dir: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Lập trình viên")
        .env("GIT_AUTHOR_EMAIL", "dev@example.vn")
        .env("GIT_COMMITTER_NAME", "Lập trình viên")
        .env("GIT_COMMITTER_EMAIL", "dev@example.vn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn publishing_commits_the_content_with_the_publisher_as_author() {
    let n = Newsroom::start();
    let content = n.dir.path().join("content");
    git(&content, &["init", "--quiet"]);
    git(&content, &["add", "--all"]);
    git(&content, &["commit", "--quiet", "-m", "Trang mới"]);
    let (_, author, editor) = staff(&n);
    let id = call(
        &n,
        &author,
        "POST",
        "/api/articles",
        Some(draft("Lễ kết nạp đảng viên mới")),
    )
    .body["id"]
        .as_i64()
        .unwrap();
    // Saving a draft commits nothing: only publishing does.
    assert_eq!(git(&content, &["rev-list", "--count", "HEAD"]), "1");
    let a = call(
        &n,
        &editor,
        "POST",
        &format!("/api/articles/{id}/publish"),
        Some(json!({})),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.body["commit"].is_string(), "{}", a.body);
    assert_eq!(
        git(&content, &["log", "-1", "--format=%an <%ae>|%cn|%s"]),
        "bientap <bientap@toa-soan.invalid>|Tòa soạn trangtin|Đăng: Lễ kết nạp đảng viên mới"
    );
    assert_eq!(
        git(&content, &["show", "--name-only", "--format=", "HEAD"]),
        "articles/le-ket-nap-dang-vien-moi.md"
    );
    assert_eq!(
        git(&content, &["status", "--porcelain"]),
        "",
        "all committed"
    );
}

#[test]
fn administrators_change_the_sites_settings_in_site_toml() {
    let n = Newsroom::start();
    let (admin, author, _) = staff(&n);
    std::fs::create_dir_all(n.dir.path().join("content/media/banners")).unwrap();
    std::fs::write(
        n.dir.path().join("content/media/banners/tuyen-sinh.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"/>"#,
    )
    .unwrap();
    assert_eq!(call(&n, &author, "GET", "/api/settings", None).status, 403);
    let a = call(&n, &admin, "GET", "/api/settings", None);
    assert_eq!(a.status, 200, "{}", a.body);
    let version = a.body["version"].clone();
    let mut s = a.body["settings"].clone();
    assert_eq!(s["categories"][1]["name"], "Thông báo");

    s["categories"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "slug": "van-ban", "name": "Văn bản" }));
    s["banners"] = json!([{ "label": "Tuyển sinh 2027", "href": "https://truong.edu.vn/tuyen-sinh",
        "image": "media/banners/tuyen-sinh.svg" }]);
    s["fanpage"] = json!({ "label": "Fanpage của Trường", "href": "https://facebook.com/truong" });
    let a = call(
        &n,
        &admin,
        "PUT",
        "/api/settings",
        Some(json!({ "version": version, "settings": s })),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let toml = std::fs::read_to_string(n.dir.path().join("content/site.toml")).unwrap();
    assert!(
        toml.contains("slug = \"van-ban\"") && toml.contains("Tuyển sinh 2027"),
        "{toml}"
    );
    assert!(toml.contains("[fanpage]") && toml.contains("base_url = \"https://t.example.vn\""));
    assert_eq!(
        n.published.load(Ordering::SeqCst),
        1,
        "the site is published again"
    );

    // A stale change is refused; so is one that would orphan articles or link badly.
    let stale = call(
        &n,
        &admin,
        "PUT",
        "/api/settings",
        Some(json!({ "version": version, "settings": s })),
    );
    assert_eq!(stale.status, 409);
    let version = call(&n, &admin, "GET", "/api/settings", None).body["version"].clone();
    call(
        &n,
        &author,
        "POST",
        "/api/articles",
        Some(draft("Bài tin tức")),
    );
    let mut bad = s.clone();
    bad["categories"] = json!([{ "slug": "thong-bao", "name": "Thông báo" }]);
    bad["fanpage"]["href"] = json!("javascript:alert(1)");
    let a = call(
        &n,
        &admin,
        "PUT",
        "/api/settings",
        Some(json!({ "version": version, "settings": bad })),
    );
    assert_eq!(a.status, 422, "{}", a.body);
    let why = a.body["detail"].to_string();
    assert!(
        why.contains("Không bỏ được chuyên mục “tin-tuc”: còn 1 bài"),
        "{why}"
    );
    assert!(
        why.contains("Fanpage 1: địa chỉ “javascript:alert(1)” không hợp lệ"),
        "{why}"
    );
    assert_eq!(
        std::fs::read_to_string(n.dir.path().join("content/site.toml")).unwrap(),
        toml,
        "nothing written"
    );
}

#[test]
fn two_versions_are_compared_side_by_side_word_by_word() {
    let n = Newsroom::start();
    let (_, author, _) = staff(&n);
    let id = call(
        &n,
        &author,
        "POST",
        "/api/articles",
        Some(draft("Hội thảo khoa học")),
    )
    .body["id"]
        .as_i64()
        .unwrap();
    let mut fields =
        call(&n, &author, "GET", &format!("/api/articles/{id}"), None).body["fields"].clone();
    fields["body"] = json!("Đoạn một của bài, đã sửa.\n\nĐoạn hai.\n");
    let a = call(
        &n,
        &author,
        "PUT",
        &format!("/api/articles/{id}"),
        Some(json!({ "version": 1, "fields": fields })),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let a = call(
        &n,
        &author,
        "GET",
        &format!("/api/articles/{id}/compare?from=1&to=2"),
        None,
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let changed: Vec<&Value> = a.body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["left"] != r["right"])
        .collect();
    assert_eq!(changed.len(), 1, "{}", a.body);
    let marked = |side: &str| -> String {
        changed[0][side]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["changed"] == true)
            .map(|p| p["text"].as_str().unwrap())
            .collect()
    };
    assert_eq!(marked("left"), "bài.");
    assert_eq!(marked("right"), "bài, đã sửa.");
    let missing = call(
        &n,
        &author,
        "GET",
        &format!("/api/articles/{id}/compare?from=1&to=9"),
        None,
    );
    assert_eq!(missing.status, 404);
}

/// An old web site on 127.0.0.1 holding one photo, and a moved address for it.
fn old_site(photo: Vec<u8>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut buf = [0u8; 2048];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).into_owned();
            let path = request.split(' ').nth(1).unwrap_or("/").to_string();
            let head = |status: &str, extra: &str, len: usize| {
                format!("HTTP/1.1 {status}\r\n{extra}Content-Length: {len}\r\nConnection: close\r\n\r\n")
            };
            let _ = match path.as_str() {
                "/uploads/H%E1%BB%99i%20ngh%E1%BB%8B.jpg" => stream
                    .write_all(
                        head("200 OK", "Content-Type: image/jpeg\r\n", photo.len()).as_bytes(),
                    )
                    .and_then(|()| stream.write_all(&photo)),
                "/cu/anh.jpg" => stream.write_all(
                    head(
                        "301 Moved Permanently",
                        "Location: /uploads/H%E1%BB%99i%20ngh%E1%BB%8B.jpg\r\n",
                        0,
                    )
                    .as_bytes(),
                ),
                _ => stream.write_all(head("404 Not Found", "", 0).as_bytes()),
            };
        }
    });
    format!("http://{addr}")
}

#[test]
fn a_photo_pasted_from_another_site_is_fetched_once_and_kept() {
    let n = Newsroom::start();
    let (author, _, _) = staff(&n);
    let site = old_site(jpeg(700, 500, 90));
    let a = call(
        &n,
        &author,
        "POST",
        "/api/media/fetch",
        Some(json!({ "url": format!("{site}/cu/anh.jpg") })),
    );
    assert_eq!(a.status, 201, "{}", a.body);
    let src = a.body["src"].as_str().unwrap();
    assert!(
        src.ends_with("/hoi-nghi.jpg"),
        "named after the photo: {src}"
    );
    assert_eq!(a.body["width"], 700);
    let missing = call(
        &n,
        &author,
        "POST",
        "/api/media/fetch",
        Some(json!({ "url": format!("{site}/khong-co.jpg") })),
    );
    assert_eq!(missing.status, 502);
    assert!(
        missing.body["error"].as_str().unwrap().contains("404"),
        "{}",
        missing.body
    );
    let local = call(
        &n,
        &author,
        "POST",
        "/api/media/fetch",
        Some(json!({ "url": "file:///etc/passwd" })),
    );
    assert_eq!(local.status, 502);
}

/// The titles the list shows `who`, after waiting up to 15 s for `until` to hold.
fn list_until(n: &Newsroom, who: &Who, until: impl Fn(&[String]) -> bool) -> Vec<String> {
    let started = std::time::Instant::now();
    loop {
        let a = call(n, who, "GET", "/api/articles", None);
        assert_eq!(a.status, 200, "{}", a.body);
        let titles: Vec<String> = a.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["title"].as_str().unwrap_or_default().to_string())
            .collect();
        if until(&titles) || started.elapsed() > std::time::Duration::from_secs(15) {
            return titles;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn files_added_and_edited_by_hand_reach_the_list_while_the_newsroom_runs() {
    let n = Newsroom::start();
    let admin = login(&n, "admin", &n.admin_password);
    let written = call(
        &n,
        &admin,
        "POST",
        "/api/articles",
        Some(draft("Bài viết trong tòa soạn")),
    );
    assert_eq!(written.status, 201, "{}", written.body);
    let by_hand = |title: &str| {
        format!("+++\ntitle = \"{title}\"\ndate = 2024-06-20\ncategory = \"thong-bao\"\n+++\nThêm bằng tay.\n")
    };
    std::fs::write(n.file("them-bang-tay.md"), by_hand("Thêm bằng tay")).unwrap();
    let titles = list_until(&n, &admin, |t| t.iter().any(|t| t == "Thêm bằng tay"));
    assert!(titles.iter().any(|t| t == "Thêm bằng tay"), "{titles:?}");
    assert!(
        titles.iter().any(|t| t == "Bài viết trong tòa soạn"),
        "{titles:?}"
    );

    // Edited by hand, as an editor saves (a new file renamed over the old one).
    let tmp = n.file(".them-bang-tay.md.tmp");
    std::fs::write(&tmp, by_hand("Đã sửa bằng tay")).unwrap();
    std::fs::rename(&tmp, n.file("them-bang-tay.md")).unwrap();
    let titles = list_until(&n, &admin, |t| t.iter().any(|t| t == "Đã sửa bằng tay"));
    assert!(titles.iter().any(|t| t == "Đã sửa bằng tay"), "{titles:?}");
    assert!(!titles.iter().any(|t| t == "Thêm bằng tay"), "{titles:?}");

    // Removed by hand: it leaves the list, and the newsroom's own article stays.
    std::fs::remove_file(n.file("them-bang-tay.md")).unwrap();
    let titles = list_until(&n, &admin, |t| t.len() == 1);
    assert_eq!(titles, ["Bài viết trong tòa soạn"]);
}

#[test]
fn the_list_comes_a_page_at_a_time_with_the_count_of_each_state() {
    let n = Newsroom::start();
    let (admin, author, _) = staff(&n);
    for i in 0..7 {
        let body = format!(
            "+++\ntitle = \"Thông báo số {i}\"\ndate = 2024-06-0{}\ncategory = \"thong-bao\"\n+++\nNội dung.\n",
            i + 1
        );
        std::fs::write(n.file(&format!("thong-bao-{i}.md")), body).unwrap();
    }
    let a = call(
        &n,
        &author,
        "POST",
        "/api/articles",
        Some(draft("Tin nháp của tác giả")),
    );
    assert_eq!(a.status, 201, "{}", a.body);
    list_until(&n, &admin, |t| t.len() == 8);

    let page =
        |who: &Who, query: &str| call(&n, who, "GET", &format!("/api/articles?{query}"), None).body;
    let first = page(&admin, "per_page=3");
    assert_eq!(
        (first["total"].as_u64(), first["pages"].as_u64()),
        (Some(8), Some(3)),
        "{first}"
    );
    assert_eq!(first["items"].as_array().unwrap().len(), 3);
    assert_eq!(first["counts"]["published"], 7, "{first}");
    assert_eq!(first["counts"]["draft"], 1, "{first}");
    let last = page(&admin, "per_page=3&page=99");
    assert_eq!(last["page"], 3, "past the end: the last page");
    assert_eq!(last["items"].as_array().unwrap().len(), 2);
    let drafts = page(&admin, "status=draft");
    assert_eq!(
        drafts["items"][0]["title"], "Tin nháp của tác giả",
        "{drafts}"
    );
    assert_eq!(
        drafts["counts"]["published"], 7,
        "counts ignore the state filter"
    );
    let news = page(&admin, "category=thong-bao&q=so+3");
    assert_eq!(news["total"], 1, "{news}");
    // The author works in news only: the notices are not theirs to see.
    let theirs = page(&author, "");
    assert_eq!(theirs["total"], 1, "{theirs}");
}

#[test]
fn a_missing_app_file_is_a_404_that_says_so_not_the_apps_page() {
    let n = Newsroom::start_with(|options, dir| {
        let app = dir.join("admin-app");
        std::fs::create_dir_all(&app).unwrap();
        std::fs::write(
            app.join("index.html"),
            "<!doctype html><title>Tòa soạn</title>",
        )
        .unwrap();
        std::fs::write(app.join("admin-0123.js"), "export {}").unwrap();
        options.app = Some(app);
    });
    let get = |path: &str| send(&n, &Who::default(), "GET", path, "text/plain", b"");
    assert_eq!(get("/admin-0123.js").status, 200);
    // A route of the app gets its page.
    assert_eq!(get("/bai-viet/12").status, 200);
    assert_eq!(get("/").status, 200);
    // Its wasm gone from the folder: a 404 naming it, not the page (a blank screen).
    let missing = get("/admin-0123_bg.wasm");
    assert_eq!(missing.status, 404);
    assert!(
        missing
            .headers
            .iter()
            .all(|(k, v)| k != "content-type" || !v.contains("text/html")),
        "{:?}",
        missing.headers
    );
}
