//! Tòa soạn in Chromium: an author writes an article and sends it for approval (and has
//! no way to publish it), an editor publishes it, and the public site has it.

mod support;

#[path = "../crates/bundler/tests/support/camera.rs"]
mod camera;

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
    let field = find(c, Locator::Css(css)).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn click(c: &Client, css: &str) {
    find(c, Locator::Css(css)).await.click().await.unwrap();
}

async fn click_text(c: &Client, text: &str) {
    let xpath = format!("//button[normalize-space()='{text}'] | //a[normalize-space()='{text}']");
    find(c, Locator::XPath(&xpath)).await.click().await.unwrap();
}

async fn log_in(c: &Client, url: &str, user: &str, password: &str) {
    c.goto(url).await.unwrap();
    type_into(c, "#ten-dang-nhap", user).await;
    type_into(c, "#mat-khau", password).await;
    click(c, ".admin-login button[type=submit]").await;
    wait_text(c, ".admin-who", "·").await;
}

/// Clicks the checkbox labelled `name`.
async fn tick(c: &Client, name: &str) {
    let xpath = format!("//label[normalize-space()='{name}']/input");
    find(c, Locator::XPath(&xpath)).await.click().await.unwrap();
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
            tick(admin, name).await;
        }
        type_into(admin, "#u-password", "mat-khau-du-dai").await;
        click_text(admin, "Thêm").await;
        wait_text(admin, "[role=status]", &format!("Đã thêm {user}")).await;
        // The form keeps its values; the next person's replace them.
        if let Some(name) = category {
            tick(admin, name).await;
        }
    }
    wait_text(admin, ".admin-table", "Cô bientap").await;
}

/// Types into the body's rich-text editor, at its end.
async fn type_body(c: &Client, text: &str) {
    find(c, Locator::Css(".tt-prose")).await;
    js(
        c,
        "const e = document.querySelector('.tt-prose'); e.focus(); \
         const s = getSelection(); s.selectAllChildren(e); s.collapseToEnd(); return 1;",
    )
    .await;
    find(c, Locator::Css(".tt-prose"))
        .await
        .send_keys(text)
        .await
        .unwrap();
}

/// Pastes `html` into the body's editor as the clipboard of a copy in Word would.
async fn paste_html(c: &Client, html: &str) {
    let script = "const e = document.querySelector('.tt-prose'); e.focus(); \
         const s = getSelection(); s.selectAllChildren(e); s.collapseToEnd(); \
         const d = new DataTransfer(); d.setData('text/html', arguments[0]); \
         d.setData('text/plain', 'không dùng'); \
         e.dispatchEvent(new ClipboardEvent('paste', { clipboardData: d, bubbles: true, cancelable: true })); \
         return 1;";
    c.execute(script, vec![serde_json::Value::String(html.into())])
        .await
        .unwrap();
}

/// The body's Markdown as the app holds it (the Markdown box follows the editor).
async fn body_markdown(c: &Client) -> String {
    js(c, "return document.querySelector('#f-body').value")
        .await
        .as_str()
        .unwrap()
        .to_string()
}

/// A file's body: what follows its front matter.
fn file_body(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let rest = text.splitn(3, "+++\n").nth(2).unwrap_or_default();
    rest.trim_start_matches('\n').to_string()
}

/// Chooses "Hẹn giờ" for `seconds` from now, in the site's time (+07:00).
async fn schedule_in(c: &Client, seconds: i64) {
    let due = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + seconds;
    let local = trangtin_model::Timestamp::from_unix(due, 7 * 60).to_string();
    // As the picker shows it: Chromium leaves out zero seconds.
    let local = &local[..19];
    let local = local.strip_suffix(":00").unwrap_or(local);
    // The time typed into the picker, then "Hẹn giờ" once it is enabled (a datetime
    // picker takes no keys portably).
    wait_js(
        c,
        &format!(
            "const i = document.querySelector('#f-publish-at'); if (!i) return false; \
             if (i.value !== '{local}') {{ i.value = '{local}'; \
               i.dispatchEvent(new Event('input', {{ bubbles: true }})); return false; }} \
             const b = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Hẹn giờ'); \
             if (!b || b.disabled) return false; b.click(); return true;"
        ),
    )
    .await;
    wait_text(c, "[role=status]", "Đã hẹn giờ đăng").await;
}

async fn open_article(c: &Client, title: &str) {
    wait_text(c, ".admin-table", title).await;
    find(c, Locator::LinkText(title))
        .await
        .click()
        .await
        .unwrap();
    wait_js(c, "return !!document.querySelector('.tt-prose')").await;
}

#[tokio::test]
async fn an_article_from_word_with_photos_is_approved_scheduled_and_published() {
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

    // The author writes a line, then pastes the rest from Word.
    let c = browser(1280).await;
    log_in(&c, &n.url, "tacgia", "mat-khau-du-dai").await;
    click_text(&c, "Viết bài mới").await;
    let title = "Hội nghị tổng kết công tác đào tạo năm 2026";
    type_into(&c, "#f-title", title).await;
    // A line of one's own, a new paragraph, and the rest from Word.
    type_body(&c, "Bài viết từ Word.\n").await;
    let word = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/word-paste.html"),
    )
    .unwrap();
    paste_html(&c, &word).await;
    wait_js(
        &c,
        "return document.querySelector('#f-body').value.includes('Phương hướng')",
    )
    .await;
    let md = body_markdown(&c).await;
    // Its structure is kept: headings, bold and italic, both lists (nested), the table.
    for kept in [
        "Bài viết từ Word.",
        "## Kết quả nổi bật",
        "**hội nghị tổng kết**",
        "*Phó Hiệu trưởng*",
        "- Mở 12 lớp bồi dưỡng\n  - trong đó 4 lớp trung cấp lý luận chính trị\n- Hoàn thành 2 đề tài",
        "## Phương hướng năm 2027",
        "1. Đổi mới phương pháp giảng dạy\n2. Chuyển đổi số",
        "| Nội dung | Số lượng |\n| --- | --- |\n| Học viên tốt nghiệp | 1.250 |",
        "**Phòng Quản lý đào tạo**",
    ] {
        assert!(md.contains(kept), "{kept:?} is not in:\n{md}");
    }
    // Its junk is not: Word's styles and markers, no-break space runs, empty paragraphs,
    // decomposed letters, the picture left on the writer's disk.
    for junk in [
        "mso",
        "MsoNormal",
        "\u{a0}",
        "&nbsp;",
        "\n\n\n",
        "file:",
        "·",
        "o:p",
    ] {
        assert!(!md.contains(junk), "{junk:?} is in:\n{md}");
    }
    assert!(
        !md.lines().any(|l| l.trim().contains("  ")),
        "a run of spaces:\n{md}"
    );
    assert!(
        !md.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)),
        "Vietnamese in NFC, no combining marks:\n{md}"
    );
    assert!(md.contains("Nguyễn Văn Cừ tổ chức **hội nghị"), "{md}");
    // Word's photo cannot come with the paste, and the editor says so where it stood.
    wait_text(&c, ".tt-photo-problem", "nằm trên máy").await;

    // Three photos from the camera, by the photo button.
    let photos = tempfile::tempdir().unwrap();
    let paths: Vec<String> = (1..=3u32)
        .map(|i| {
            let path = photos.path().join(format!("IMG_20261128_09{i:02}.jpg"));
            let photo = camera::jpeg(
                &camera::halves(1600 + i * 100, 1200),
                88,
                camera::exif(6, Some((20.95, 107.08))),
                None,
            );
            std::fs::write(&path, photo).unwrap();
            path.display().to_string()
        })
        .collect();
    find(&c, Locator::Css(".tt-file-picker"))
        .await
        .send_keys(&paths.join("\n"))
        .await
        .unwrap();
    wait_js(
        &c,
        "return document.querySelectorAll('.tt-figure img').length === 3 \
           && !document.querySelector('.tt-figure progress')",
    )
    .await;
    // Each gets a caption under it.
    js(
        &c,
        "const f = document.querySelectorAll('.tt-figure figcaption')[1]; \
         const s = getSelection(); s.selectAllChildren(f); s.collapseToEnd(); return 1;",
    )
    .await;
    c.active_element()
        .await
        .unwrap()
        .send_keys("Đại biểu dự hội nghị")
        .await
        .unwrap();
    wait_js(
        &c,
        "return (document.querySelector('#f-body').value.match(/\\]\\(\\.\\.\\/media\\/20\\d\\d\\/\\d\\d\\/img-20261128-09\\d\\d\\.jpg/g) || []).length === 3 \
           && document.querySelector('#f-body').value.includes('\"Đại biểu dự hội nghị\")')",
    )
    .await;
    // The preview shows them as the reader will get them.
    wait_js(
        &c,
        "return document.querySelectorAll('.admin-preview .article-body picture source[type=\"image/webp\"]').length === 3",
    )
    .await;
    click_text(&c, "Lưu").await;
    wait_text(&c, "[role=status]", "Đã lưu").await;
    click_text(&c, "Gửi duyệt").await;
    wait_text(&c, ".admin-state", "Chờ duyệt").await;
    assert_no_console_errors(&c).await;
    // Nothing lets an author publish: no button, and a forged request is refused.
    for text in ["Đăng ngay", "Hẹn giờ"] {
        let xpath = format!("//button[normalize-space()='{text}']");
        assert!(
            c.find_all(Locator::XPath(&xpath)).await.unwrap().is_empty(),
            "{text}"
        );
    }
    let forged = c
        .execute_async(
            "const done = arguments[0]; \
             const me = await (await fetch('/api/me')).json(); \
             const id = location.hash.split('/').pop(); \
             const r = await fetch('/api/articles/' + id + '/publish', { method: 'POST', \
               headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf }, body: '{}' }); \
             done(r.status);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(forged, 403);
    let file = n
        .dir
        .path()
        .join("content/articles/hoi-nghi-tong-ket-cong-tac-dao-tao-nam-2026.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("draft = true"), "{text}");
    // The file holds what the editor showed.
    assert_eq!(file_body(&file), body_markdown(&c).await);

    // The editor sends it back with a note.
    let e = browser(1280).await;
    log_in(&e, &n.url, "bientap", "mat-khau-du-dai").await;
    open_article(&e, title).await;
    wait_text(&e, ".admin-state", "Chờ duyệt").await;
    type_into(&e, "#f-reject", "Thêm tên người chụp ảnh ở cuối bài.").await;
    click_text(&e, "Trả lại").await;
    wait_text(&e, ".admin-state", "Trả lại").await;

    // The author reads the note, fixes the article and sends it again.
    c.goto(&format!("{}/#/", n.url)).await.unwrap();
    c.refresh().await.unwrap();
    open_article(&c, title).await;
    wait_text(&c, ".admin-review", "Thêm tên người chụp ảnh").await;
    type_body(&c, "\nẢnh: Phòng Quản lý đào tạo.").await;
    wait_js(
        &c,
        "return document.querySelector('#f-body').value.endsWith('Ảnh: Phòng Quản lý đào tạo.\\n')",
    )
    .await;
    click_text(&c, "Lưu").await;
    wait_text(&c, "[role=status]", "Đã lưu").await;
    click_text(&c, "Gửi duyệt").await;
    wait_text(&c, ".admin-state", "Chờ duyệt").await;
    c.close().await.unwrap();

    // Opened again, the editor writes back the same bytes when nothing is changed.
    e.refresh().await.unwrap();
    wait_text(&e, ".admin-state", "Chờ duyệt").await;
    wait_js(
        &e,
        "return document.querySelector('#f-body').value.includes('Ảnh: Phòng')",
    )
    .await;
    let before = std::fs::read(&file).unwrap();
    assert_eq!(file_body(&file), body_markdown(&e).await);
    click_text(&e, "Lưu").await;
    wait_text(&e, "[role=status]", "Đã lưu").await;
    assert_eq!(std::fs::read(&file).unwrap(), before, "an unchanged save");

    // The editor schedules it; when its time comes it is on the site, with its photos.
    schedule_in(&e, 6).await;
    let page = n
        .dir
        .path()
        .join("site/bai-viet/hoi-nghi-tong-ket-cong-tac-dao-tao-nam-2026/index.html");
    assert!(!page.exists(), "published before its time");
    let started = Instant::now();
    while !page.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(40),
            "not published at its time"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains(title) && html.contains("Kết quả nổi bật"));
    assert!(html.contains("Đại biểu dự hội nghị"));
    let variants: Vec<&str> = html
        .split(['"', ' ', ','])
        .filter(|s| s.starts_with("/content/media/20") && s.ends_with("-800.webp"))
        .collect();
    assert!(
        variants.len() >= 3,
        "{variants:?} in {}",
        html.split("article-body").nth(1).unwrap_or(&html)
    );
    for v in variants {
        let served = n.dir.path().join("site").join(v.trim_start_matches('/'));
        assert!(served.is_file(), "{}", served.display());
    }
    e.close().await.unwrap();
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
    type_body(&admin, "Nhà trường thông báo lịch nghỉ.").await;
    // A footnote (as imported articles hold): the rich view cannot keep it yet, so the
    // body is edited as Markdown, and staff are told why.
    click_text(&admin, "Markdown").await;
    find(&admin, Locator::Css("#f-body"))
        .await
        .send_keys(" Theo quy định[^1].\n\n[^1]: Quy chế năm 2024.")
        .await
        .unwrap();
    wait_text(&admin, ".admin-note", "chế độ Markdown").await;
    wait_js(&admin, "return [...document.querySelectorAll('.admin-modes button')].find(b => b.textContent.trim() === 'Soạn thảo').disabled").await;
    click_text(&admin, "Lưu").await;
    wait_text(&admin, "[role=status]", "Đã lưu").await;
    // Saved, it has its own address, and the editor's approval buttons.
    wait_js(&admin, "return !!document.querySelector('#f-publish-at')").await;
    schedule_in(&admin, 6).await;
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
    // Once the list has drawn its filter.
    wait_js(&admin, "const s = document.querySelector('#loc-trang-thai'); if (!s) return false; s.value = 'published'; s.dispatchEvent(new Event('change')); return true;").await;
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
    type_body(&admin, "Một đoạn quan trọng.").await;
    admin.refresh().await.unwrap();
    wait_text(&admin, ".admin-review", "bản nháp chưa lưu").await;
    click_text(&admin, "Khôi phục bản nháp").await;
    wait_js(
        &admin,
        "return document.querySelector('#f-title')?.value === 'Bài chưa kịp lưu'",
    )
    .await;
    click_text(&admin, "Lưu").await;
    wait_text(&admin, "[role=status]", "Đã lưu").await;
    // Then every change is saved by itself a few seconds after typing stops.
    type_body(&admin, " Câu thêm sau khi lưu.").await;
    wait_text(&admin, ".admin-auto", "Đã tự lưu").await;
    let file = n.dir.path().join("content/articles/bai-chua-kip-luu.md");
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("Câu thêm sau khi lưu."));
    let here = admin.current_url().await.unwrap();
    // Every save is a version, which can be taken back.
    click(&admin, ".admin-history summary").await;
    wait_text(&admin, ".admin-revisions", "Phiên bản 2").await;
    // Two versions compared side by side: what the second added is marked.
    click_text(&admin, "So sánh").await;
    wait_text(&admin, ".admin-diff ins", "Câu thêm sau khi lưu.").await;
    click_text(&admin, "Dùng phiên bản 1").await;
    wait_js(
        &admin,
        "return document.querySelector('#f-body')?.value.trimEnd() === 'Một đoạn quan trọng.'",
    )
    .await;
    // The version taken back is saved as any edit is, a few seconds later.
    wait_file(&file, |t| !t.contains("Câu thêm sau khi lưu.")).await;

    // A second person opening it sees who is editing, and may take over.
    let other = browser(1280).await;
    log_in(&other, here.as_str(), "bientap", "mat-khau-du-dai").await;
    other.goto(here.as_str()).await.unwrap();
    wait_text(&other, ".admin-review", "đang được sửa bởi Quản trị").await;
    let editable = js(
        &other,
        "return document.querySelector('.tt-prose').contentEditable",
    )
    .await;
    assert_eq!(editable, "false");
    // The first person saves once more while the second only looks: taking over
    // edits what is saved now, not what was shown.
    type_body(&admin, " Câu trước khi được nhận.").await;
    wait_file(&file, |t| t.contains("Câu trước khi được nhận.")).await;
    click_text(&other, "Sửa thay").await;
    wait_js(
        &other,
        "return document.querySelector('.tt-prose').contentEditable === 'true'",
    )
    .await;
    wait_text(&other, ".tt-prose", "Câu trước khi được nhận.").await;
    type_body(&other, " Sửa của biên tập.").await;
    click_text(&other, "Lưu").await;
    wait_text(&other, "[role=status]", "Đã lưu").await;
    // The first person, not told yet, types on: their save is refused as stale, both
    // versions are shown, and nothing is overwritten.
    type_body(&admin, " Câu của quản trị.").await;
    wait_text(&admin, ".admin-conflict", "Sửa của biên tập.").await;
    wait_text(&admin, ".admin-conflict", "Câu của quản trị.").await;
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("Sửa của biên tập.") && !text.contains("Câu của quản trị."),
        "{text}"
    );
    // Their words are still in their editor, and kept on their computer.
    assert!(body_markdown(&admin).await.contains("Câu của quản trị."));
    let kept = js(
        &admin,
        "return Object.keys(localStorage).map(k => localStorage.getItem(k)).join(' ')",
    )
    .await;
    assert!(kept.as_str().unwrap().contains("Câu của quản trị."));
    other.close().await.unwrap();
    admin.close().await.unwrap();
}

#[tokio::test]
async fn wrong_passwords_lock_the_account_and_changes_need_the_csrf_token() {
    let n = Newsroom::start();
    let c = browser(360).await;
    c.goto(&n.url).await.unwrap();
    for _ in 0..5 {
        type_into(&c, "#ten-dang-nhap", "admin").await;
        type_into(&c, "#mat-khau", "sai-mat-khau").await;
        click(&c, ".admin-login button[type=submit]").await;
        wait_text(&c, ".admin-login [role=alert]", "").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    // Now even the right password waits.
    type_into(&c, "#mat-khau", &n.password).await;
    click(&c, ".admin-login button[type=submit]").await;
    wait_text(&c, ".admin-login [role=alert]", "tạm khóa").await;
    c.close().await.unwrap();

    // A change sent without the session's token is refused, whatever the cookie says.
    let n = Newsroom::start();
    let c = browser(1280).await;
    log_in(&c, &n.url, "admin", &n.password).await;
    let status = c
        .execute_async(
            "const done = arguments[0]; \
             fetch('/api/articles', { method: 'POST', headers: { 'Content-Type': 'application/json' }, \
               body: JSON.stringify({ title: 'Giả mạo', category: 'thong-bao', body: 'x' }) }) \
             .then(r => done(r.status));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(status, 403);
    c.close().await.unwrap();
}

#[tokio::test]
async fn an_administrator_changes_the_sites_side_parts() {
    let n = Newsroom::start();
    let admin = browser(360).await;
    log_in(&admin, &n.url, "admin", &n.password).await;
    click_text(&admin, "Cài đặt trang").await;
    wait_text(&admin, "h1", "Cài đặt trang").await;
    wait_js(
        &admin,
        "return document.querySelector('#s-name').value.length > 0",
    )
    .await;
    // The example's linked sites are marked as examples until given a real address.
    wait_text(&admin, ".admin-settings", "Địa chỉ mẫu").await;
    type_into(&admin, "#s-wl-0-1", "https://hcma.vn").await;
    click_text(&admin, "Thêm website").await;
    type_into(&admin, "#s-wl-2-0", "Báo Quảng Ninh").await;
    type_into(&admin, "#s-wl-2-1", "https://baoquangninh.vn").await;
    // A category that holds articles cannot be removed.
    let disabled = js(
        &admin,
        "return [...document.querySelectorAll('[aria-label=\"Chuyên mục 1\"] button')].find(b => b.textContent === 'Bỏ').disabled",
    )
    .await;
    assert_eq!(disabled, true);
    click_text(&admin, "Lưu cài đặt").await;
    wait_text(&admin, "[role=status]", "Đã lưu cài đặt").await;
    let toml = std::fs::read_to_string(n.dir.path().join("content/site.toml")).unwrap();
    assert!(
        toml.contains("label = \"Báo Quảng Ninh\"\nhref = \"https://baoquangninh.vn\""),
        "{toml}"
    );
    assert!(toml.contains("href = \"https://hcma.vn\"\n\n"), "{toml}");
    assert!(
        toml.contains("# \"Website liên kết\": the seed shows the menu"),
        "comments kept"
    );
    // The public site has it on every page.
    let home = std::fs::read_to_string(n.dir.path().join("site/index.html")).unwrap();
    assert!(home.contains("https://baoquangninh.vn") && home.contains("Báo Quảng Ninh"));
    assert_no_console_errors(&admin).await;
    // A wrong address is refused, with the reason, and nothing is written.
    type_into(&admin, "#s-fb-href", "facebook.com/truong").await;
    click_text(&admin, "Lưu cài đặt").await;
    wait_text(&admin, "[role=status]", "Fanpage 1: địa chỉ").await;
    assert_eq!(
        std::fs::read_to_string(n.dir.path().join("content/site.toml")).unwrap(),
        toml
    );
    admin.close().await.unwrap();
}

/// Waits up to 15 s for a file's text to satisfy `done` (a save the page makes by itself).
async fn wait_file(file: &Path, done: impl Fn(&str) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        if done(&text) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{} did not change as expected within 15 s; it holds:\n{text}",
            file.display()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
