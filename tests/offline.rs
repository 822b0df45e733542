//! Reading offline through the service worker (assets/sw.js), in Chromium: an article
//! opened before the signal dropped reloads and reads, whether it was opened as a page or
//! inside the app; a page never opened says "Bạn đang ngoại tuyến" and lists the saved
//! articles; a new build waits and takes over at the next page load, never under a page;
//! widgets' /embed/ pages are left alone.
//!
//! Offline is Chromium's network conditions for the page (navigator.onLine is false)
//! and a network that answers nothing (the front closes every connection), which is what
//! the worker meets when the signal drops.

#[path = "support/flaky.rs"]
#[allow(dead_code)]
mod flaky;
mod support;

use fantoccini::{Client, Locator};
use flaky::Flaky;
use support::*;

const OPENED_AS_PAGE: &str = "bai-mau-thong-bao-tuyen-sinh";
const NEVER_OPENED: &str = "bai-mau-be-giang-lop-boi-duong-can-bo";

/// Waits until a service worker controls the page.
async fn controlled(c: &Client) {
    wait_js(c, "return !!navigator.serviceWorker.controller").await;
}

/// The cache name of the worker that controls the page (`trangtin-SCHEMA-BUILD`).
async fn worker_build(c: &Client) -> String {
    let v = c
        .execute_async(
            "const done = arguments[0]; const ch = new MessageChannel(); \
             ch.port1.onmessage = (e) => done(e.data); \
             navigator.serviceWorker.controller.postMessage('version', [ch.port2]);",
            vec![],
        )
        .await
        .unwrap();
    v.as_str().unwrap_or_default().to_string()
}

async fn network(c: &Client, flaky: &Flaky, online: bool) {
    flaky.set_down(!online);
    cdp(c, "Network.enable", serde_json::json!({})).await;
    cdp(
        c,
        "Network.emulateNetworkConditions",
        serde_json::json!({ "offline": !online, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
    )
    .await;
}

#[tokio::test]
async fn opened_articles_read_offline_and_other_pages_say_so() {
    let flaky = Flaky::new(site());
    let base = flaky.url.clone();
    let c = browser(360).await;
    // One article opened as a page, then the seed article inside the app.
    c.goto(&format!("{base}/bai-viet/{OPENED_AS_PAGE}"))
        .await
        .unwrap();
    wait_text(&c, "h1", "Thông báo tuyển sinh").await;
    controlled(&c).await;
    assert!(worker_build(&c)
        .await
        .starts_with(&format!("trangtin-{}-", trangtin_model::SCHEMA_VERSION)));
    find(&c, Locator::Css("a.brand"))
        .await
        .click()
        .await
        .unwrap();
    wait_text(&c, ".site-name", "Nguyễn Văn Cừ").await;
    js(&c, "window.__sameDocument = true").await;
    find(
        &c,
        Locator::Css(&format!("a[href='/bai-viet/{SEED_SLUG}']")),
    )
    .await
    .click()
    .await
    .unwrap();
    wait_text(&c, "h1", "HỘI NGHỊ SƠ KẾT").await;
    assert_eq!(js(&c, "return window.__sameDocument === true").await, true);

    network(&c, &flaky, false).await;
    assert_eq!(js(&c, "return navigator.onLine").await, false);
    // The seed article, reloaded: its page was never fetched, its bundle was kept.
    c.refresh().await.unwrap();
    wait_text(&c, "h1", "HỘI NGHỊ SƠ KẾT").await;
    wait_text(&c, ".article-body", "Cụm thi đua").await;
    // The article opened as a page.
    c.goto(&format!("{base}/bai-viet/{OPENED_AS_PAGE}"))
        .await
        .unwrap();
    wait_text(&c, "h1", "Thông báo tuyển sinh").await;
    // One never opened: the offline page, with the two saved articles.
    c.goto(&format!("{base}/bai-viet/{NEVER_OPENED}"))
        .await
        .unwrap();
    wait_text(&c, "h1", "Bạn đang ngoại tuyến").await;
    let list = wait_text(&c, ".offline-saved", "Thông báo tuyển sinh").await;
    assert!(list.to_lowercase().contains("hội nghị sơ kết"), "{list}");
    // A saved one opens from the list.
    find(
        &c,
        Locator::Css(&format!(
            ".offline-saved a[href='/bai-viet/{OPENED_AS_PAGE}']"
        )),
    )
    .await
    .click()
    .await
    .unwrap();
    wait_text(&c, "h1", "Thông báo tuyển sinh").await;
    // Inside the app, a link to an article never opened says the same, with the way to
    // the saved ones.
    js(
        &c,
        &format!(
            "const a = document.createElement('a'); a.href = '/bai-viet/{NEVER_OPENED}'; a.id = 'di'; \
             a.textContent = 'đi'; document.querySelector('main').prepend(a); return 1;"
        ),
    )
    .await;
    find(&c, Locator::Id("di")).await.click().await.unwrap();
    wait_text(&c, "main [role=alert] h1", "Bạn đang ngoại tuyến").await;
    let link = find(&c, Locator::LinkText("Xem các bài đã lưu")).await;
    assert_eq!(
        link.attr("href").await.unwrap().as_deref(),
        Some("/ngoai-tuyen")
    );

    // Back online, the page never opened reads.
    network(&c, &flaky, true).await;
    c.goto(&format!("{base}/bai-viet/{NEVER_OPENED}"))
        .await
        .unwrap();
    wait_text(&c, "h1", "Bế giảng lớp bồi dưỡng").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_new_build_waits_and_takes_over_at_the_next_page_load() {
    let root = tempfile::tempdir().unwrap();
    copy_dir(&dist(), root.path());
    let base = serve(root.path());
    let c = browser(1280).await;
    c.goto(&base).await.unwrap();
    wait_text(&c, ".site-name", "Nguyễn Văn Cừ").await;
    controlled(&c).await;
    let first = worker_build(&c).await;
    assert!(
        first.starts_with(&format!("trangtin-{}-", trangtin_model::SCHEMA_VERSION)),
        "{first}"
    );

    // A new deploy: a worker of another build.
    let sw = root.path().join("sw.js");
    let script = std::fs::read_to_string(&sw).unwrap();
    let build = first.rsplit('-').next().unwrap();
    assert!(
        script.contains(build),
        "the published worker names its build"
    );
    std::fs::write(&sw, script.replace(build, "0123456789abcdef")).unwrap();
    for ext in ["br", "gz"] {
        let _ = std::fs::remove_file(root.path().join(format!("sw.js.{ext}")));
    }
    js(
        &c,
        "navigator.serviceWorker.getRegistration().then((r) => r.update()); return 1;",
    )
    .await;
    // Installed, it waits: the page keeps the worker it was shown with.
    wait_js(
        &c,
        "return navigator.serviceWorker.getRegistration().then((r) => !!r.waiting)",
    )
    .await;
    assert_eq!(worker_build(&c).await, first, "no take-over under a page");
    // The next page load: the new build answers, and the old build's cache is gone.
    c.refresh().await.unwrap();
    wait_text(&c, ".site-name", "Nguyễn Văn Cừ").await;
    wait_js(
        &c,
        &format!(
            "return navigator.serviceWorker.controller && new Promise((done) => {{ \
               const ch = new MessageChannel(); ch.port1.onmessage = (e) => done(e.data === 'trangtin-{}-0123456789abcdef'); \
               navigator.serviceWorker.controller.postMessage('version', [ch.port2]); }})",
            trangtin_model::SCHEMA_VERSION
        ),
    )
    .await;
    wait_js(
        &c,
        &format!("return caches.keys().then((k) => !k.includes('{first}'))"),
    )
    .await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn widgets_and_embed_pages_never_register_the_worker() {
    let c = browser(1280).await;
    c.goto(&format!("{}/embed/latest/", site())).await.unwrap();
    wait_js(&c, "return document.readyState === 'complete'").await;
    // Time for a registration to happen, had the page asked for one.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    assert_eq!(
        js(
            &c,
            "return navigator.serviceWorker.getRegistrations().then((r) => r.length)"
        )
        .await,
        0
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn the_worker_is_published_stamped_and_revalidated() {
    let sw = std::fs::read_to_string(dist().join("sw.js")).unwrap();
    assert!(
        !sw.contains("const BUILD = \"dev\";"),
        "stamped with the build"
    );
    assert!(sw.contains(&format!(
        "const SCHEMA = {};",
        trangtin_model::SCHEMA_VERSION
    )));
    let wasm = std::fs::read_dir(dist())
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .find(|n| n.ends_with("_bg.wasm"))
        .unwrap();
    assert!(
        sw.contains(&format!("\"{wasm}\"")),
        "the shell names the app's wasm"
    );
    let shell = std::fs::read_to_string(dist().join("shell.html")).unwrap();
    assert!(shell.contains("noindex"));
    let headers = std::fs::read_to_string(dist().join("_headers")).unwrap();
    assert!(
        headers.contains("/sw.js\n  Cache-Control: no-cache"),
        "{headers}"
    );
    let (status, head, _) = http_get(site(), "/sw.js", &[]);
    assert_eq!(status, 200);
    assert_eq!(header(&head, "cache-control"), Some("no-cache"));
    assert!(header(&head, "content-type").is_some_and(|t| t.contains("javascript")));
}
