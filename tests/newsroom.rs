//! Tòa soạn in Chromium: an author writes an article and sends it for approval (and has
//! no way to publish it), an editor publishes it, and the public site has it.

mod support;

use fantoccini::{Client, Locator};
use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::*;

struct Newsroom {
    child: Child,
    dir: tempfile::TempDir,
    url: String,
    password: String,
}

impl Drop for Newsroom {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Newsroom {
    fn start() -> Newsroom {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let bin = root.join("target/native/trangtin-newsroom");
        assert!(
            bin.is_file(),
            "{} is missing: `make unit` builds it",
            bin.display()
        );
        assert!(
            root.join("target/admin/index.html").is_file(),
            "no newsroom app in target/admin: `make admin` builds it"
        );
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&root.join("content"), &dir.path().join("content"));
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let arg = |p: &Path| p.display().to_string();
        let mut child = Command::new(bin)
            .args(["--content", &arg(&dir.path().join("content"))])
            .args(["--db", &arg(&dir.path().join("newsroom.db"))])
            .args(["--app", &arg(&root.join("target/app"))])
            .args(["--work", &arg(&dir.path().join("work"))])
            .args(["--site", &arg(&dir.path().join("site"))])
            .args(["--admin", &arg(&root.join("target/admin"))])
            .args(["--listen", &format!("127.0.0.1:{port}"), "--base-path", "/"])
            .env_remove("TRANGTIN_BASE_PATH")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // The first run names the administrator's one-time password.
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let password = lines
            .by_ref()
            .map_while(Result::ok)
            .find_map(|l| {
                l.split("mật khẩu \"")
                    .nth(1)
                    .map(|rest| rest.split('"').next().unwrap().to_string())
            })
            .expect("the first run prints the administrator's password");
        std::thread::spawn(move || lines.for_each(drop));
        let newsroom = Newsroom {
            child,
            dir,
            url: format!("http://127.0.0.1:{port}"),
            password,
        };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the newsroom did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        newsroom
    }
}

async fn type_into(c: &Client, css: &str, text: &str) {
    let field = c.find(Locator::Css(css)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn click_text(c: &Client, text: &str) {
    let xpath = format!("//button[normalize-space()='{text}'] | //a[normalize-space()='{text}']");
    c.find(Locator::XPath(&xpath))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn log_in(c: &Client, url: &str, user: &str, password: &str) {
    c.goto(url).await.unwrap();
    type_into(c, "#ten-dang-nhap", user).await;
    type_into(c, "#mat-khau", password).await;
    click(c, ".admin-login button[type=submit]").await;
    wait_text(c, ".admin-who", "·").await;
}

/// The administrator adds an author (news only) and an editor on the staff screen.
async fn add_staff(admin: &Client) {
    click_text(admin, "Nhân sự").await;
    wait_text(admin, "h1", "Nhân sự").await;
    for (user, role, category) in [
        ("tacgia", "author", Some("Tin tức - Sự kiện")),
        ("bientap", "editor", None),
    ] {
        type_into(admin, "#u-name", user).await;
        type_into(admin, "#u-display", &format!("Cô {user}")).await;
        js(
            admin,
            &format!(
                "const s = document.querySelector('#u-role'); s.value = '{role}'; \
                 s.dispatchEvent(new Event('change')); return 1;"
            ),
        )
        .await;
        if let Some(name) = category {
            let xpath = format!("//label[normalize-space()='{name}']/input");
            admin
                .find(Locator::XPath(&xpath))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        }
        type_into(admin, "#u-password", "mat-khau-du-dai").await;
        click_text(admin, "Thêm").await;
        wait_text(admin, "[role=status]", &format!("Đã thêm {user}")).await;
        // The form keeps its values; the next person's replace them.
        if let Some(name) = category {
            let xpath = format!("//label[normalize-space()='{name}']/input");
            admin
                .find(Locator::XPath(&xpath))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
        }
    }
    wait_text(admin, ".admin-table", "Cô bientap").await;
}

#[tokio::test]
async fn an_author_sends_for_approval_and_an_editor_publishes_to_the_site() {
    let n = Newsroom::start();
    let admin = browser(1280).await;
    log_in(&admin, &n.url, "admin", &n.password).await;
    // A new account changes its first password before anything else.
    wait_text(&admin, "#doi-mat-khau", "đổi mật khẩu").await;
    type_into(&admin, "#p-current", &n.password).await;
    type_into(&admin, "#p-new", "mat-khau-moi-cua-admin").await;
    click_text(&admin, "Đổi mật khẩu").await;
    wait_js(&admin, "return !document.querySelector('#doi-mat-khau')").await;
    add_staff(&admin).await;
    admin.close().await.unwrap();

    // The author writes, sees the preview, saves and sends for approval.
    let c = browser(1280).await;
    log_in(&c, &n.url, "tacgia", "mat-khau-du-dai").await;
    click_text(&c, "Viết bài mới").await;
    let title = "Hội nghị tổng kết công tác đào tạo năm 2026";
    type_into(&c, "#f-title", title).await;
    type_into(
        &c,
        "#f-body",
        "Sáng ngày 1/12, Nhà trường tổ chức hội nghị tổng kết.\n\n## Kết quả\n\nNăm học đạt nhiều kết quả.",
    )
    .await;
    // The preview is the portal's article, as the reader will see it.
    wait_text(&c, ".admin-preview h1", title).await;
    wait_text(&c, ".admin-preview .article-body h2", "Kết quả").await;
    click_text(&c, "Lưu").await;
    wait_text(&c, "[role=status]", "Đã lưu").await;
    click_text(&c, "Gửi duyệt").await;
    wait_text(&c, ".admin-state", "Chờ duyệt").await;
    // Nothing lets an author publish.
    for text in ["Đăng ngay", "Hẹn giờ"] {
        let xpath = format!("//button[normalize-space()='{text}']");
        assert!(
            c.find_all(Locator::XPath(&xpath)).await.unwrap().is_empty(),
            "{text}"
        );
    }
    let file = n
        .dir
        .path()
        .join("content/articles/hoi-nghi-tong-ket-cong-tac-dao-tao-nam-2026.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("draft = true") && text.contains("## Kết quả"),
        "{text}"
    );
    assert_no_console_errors(&c).await;
    c.close().await.unwrap();

    // The editor finds it waiting and publishes it.
    let c = browser(1280).await;
    log_in(&c, &n.url, "bientap", "mat-khau-du-dai").await;
    wait_text(&c, ".admin-table", title).await;
    c.find(Locator::LinkText(title))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_text(&c, ".admin-state", "Chờ duyệt").await;
    click_text(&c, "Đăng ngay").await;
    wait_text(&c, "[role=status]", "Đã đăng").await;
    c.close().await.unwrap();
    let page = n
        .dir
        .path()
        .join("site/bai-viet/hoi-nghi-tong-ket-cong-tac-dao-tao-nam-2026/index.html");
    let html = std::fs::read_to_string(&page).expect("the article's page is published");
    assert!(html.contains(title) && html.contains("Năm học đạt nhiều kết quả."));
    assert!(!std::fs::read_to_string(&file)
        .unwrap()
        .contains("draft = true"));
}

#[tokio::test]
async fn a_scheduled_article_goes_live_at_its_time() {
    let n = Newsroom::start();
    let admin = browser(1280).await;
    log_in(&admin, &n.url, "admin", &n.password).await;
    // The administrator writes and schedules one, a few seconds ahead (site time, +07:00).
    click_text(&admin, "Viết bài mới").await;
    let title = "Thông báo lịch nghỉ Tết Dương lịch";
    type_into(&admin, "#f-title", title).await;
    type_into(&admin, "#f-body", "Nhà trường thông báo lịch nghỉ.").await;
    click_text(&admin, "Lưu").await;
    wait_text(&admin, "[role=status]", "Đã lưu").await;
    // Saved, it has its own address, and the editor's approval buttons.
    wait_js(&admin, "return !!document.querySelector('#f-publish-at')").await;
    let due = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + 6;
    let local = trangtin_model::Timestamp::from_unix(due, 7 * 60).to_string();
    let local = &local[..19];
    // The time typed into the picker, then "Hẹn giờ" once it is enabled (a datetime
    // picker takes no keys portably).
    wait_js(
        &admin,
        &format!(
            "const i = document.querySelector('#f-publish-at'); if (!i) return false; \
             if (i.value !== '{local}') {{ i.value = '{local}'; \
               i.dispatchEvent(new Event('input', {{ bubbles: true }})); return false; }} \
             const b = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Hẹn giờ'); \
             if (!b || b.disabled) return false; b.click(); return true;"
        ),
    )
    .await;
    wait_text(&admin, "[role=status]", "Đã hẹn giờ đăng").await;
    let page = n
        .dir
        .path()
        .join("site/bai-viet/thong-bao-lich-nghi-tet-duong-lich/index.html");
    assert!(!page.exists(), "published before its time");
    let started = Instant::now();
    while !page.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "not published at its time; the file is:\n{}",
            std::fs::read_to_string(
                n.dir
                    .path()
                    .join("content/articles/thong-bao-lich-nghi-tet-duong-lich.md")
            )
            .unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(std::fs::read_to_string(&page).unwrap().contains(title));
    // The list says so.
    admin.goto(&format!("{}/#/", n.url)).await.unwrap();
    admin.refresh().await.unwrap();
    js(&admin, "const s = document.querySelector('#loc-trang-thai'); s.value = 'published'; s.dispatchEvent(new Event('change')); return 1;").await;
    wait_text(&admin, ".admin-table", title).await;
    admin.close().await.unwrap();
}

#[tokio::test]
async fn no_work_is_lost_autosave_a_local_draft_and_the_edit_lock() {
    let n = Newsroom::start();
    let admin = browser(1280).await;
    log_in(&admin, &n.url, "admin", &n.password).await;
    add_staff(&admin).await;
    // A new article not saved yet: kept on this computer, offered back after a reload.
    click_text(&admin, "Viết bài mới").await;
    type_into(&admin, "#f-title", "Bài chưa kịp lưu").await;
    type_into(&admin, "#f-body", "Một đoạn quan trọng.").await;
    admin.refresh().await.unwrap();
    wait_text(&admin, ".admin-review", "bản nháp chưa lưu").await;
    click_text(&admin, "Khôi phục bản nháp").await;
    let title = js(&admin, "return document.querySelector('#f-title').value").await;
    assert_eq!(title, "Bài chưa kịp lưu");
    click_text(&admin, "Lưu").await;
    wait_text(&admin, "[role=status]", "Đã lưu").await;
    // Then every change is saved by itself a few seconds after typing stops.
    let body = admin.find(Locator::Css("#f-body")).await.unwrap();
    body.send_keys(" Câu thêm sau khi lưu.").await.unwrap();
    wait_text(&admin, ".admin-auto", "Đã tự lưu").await;
    let file = n.dir.path().join("content/articles/bai-chua-kip-luu.md");
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("Câu thêm sau khi lưu."));
    let here = admin.current_url().await.unwrap();
    // Every save is a version, which can be taken back.
    click(&admin, ".admin-history summary").await;
    wait_text(&admin, ".admin-revisions", "Phiên bản 2").await;
    click_text(&admin, "Dùng phiên bản 1").await;
    let body = js(&admin, "return document.querySelector('#f-body').value").await;
    assert_eq!(
        body.as_str().map(str::trim_end),
        Some("Một đoạn quan trọng.")
    );

    // A second person opening it sees who is editing, and may take over.
    let other = browser(1280).await;
    log_in(&other, here.as_str(), "bientap", "mat-khau-du-dai").await;
    other.goto(here.as_str()).await.unwrap();
    wait_text(&other, ".admin-review", "đang được sửa bởi Quản trị").await;
    let disabled = js(&other, "return document.querySelector('#f-body').disabled").await;
    assert_eq!(disabled, true);
    click_text(&other, "Sửa thay").await;
    wait_js(&other, "return !document.querySelector('#f-body').disabled").await;
    other.close().await.unwrap();
    admin.close().await.unwrap();
}
