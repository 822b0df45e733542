//! The lists every page shows ("Tin mới", "Tin tiêu điểm", "Tin đọc nhiều", the
//! statistics) arrive after the page, from `content/lists.json`: a new article rewrites
//! that one file, not every page, and every page still shows it, in space the page
//! reserved, so that nothing moves.

#[path = "support/flaky.rs"]
#[allow(dead_code)]
mod flaky;
mod support;

use flaky::{Flaky, Trouble};
use support::*;

/// Sums layout shifts from the first paint on (installed before the page's scripts).
const WATCH_SHIFTS: &str = "window.__shifts = 0; \
    new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value; }) \
      .observe({ type: 'layout-shift', buffered: true });";

async fn watch_shifts(c: &fantoccini::Client) {
    cdp(
        c,
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": WATCH_SHIFTS }),
    )
    .await;
}

const NEW: &str = "+++\ntitle = \"Tin vừa đăng: hội nghị tổng kết năm\"\ndate = 2026-12-01\n\
    category = \"thong-bao\"\nsummary = \"Tin mới nhất.\"\n+++\nNội dung tin vừa đăng.\n";

#[tokio::test]
async fn a_new_article_shows_in_an_old_page_that_was_not_rendered_again() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &content,
    );
    let base = publish_and_serve(&content, dir.path());
    let page = dir
        .path()
        .join(format!("site/bai-viet/{SEED_SLUG}/index.html"));
    let before = std::fs::read_to_string(&page).unwrap();
    let written = std::fs::metadata(&page).unwrap().modified().unwrap();

    std::fs::write(content.join("articles/2026-12-01-tin-vua-dang.md"), NEW).unwrap();
    publish_and_serve(&content, dir.path());
    // The new article is of another category than the seed article: nothing the seed
    // article's page shows changed but the lists.
    assert!(
        std::fs::read_to_string(&page).unwrap() == before,
        "an old article's page is not rendered again for a new article"
    );
    assert_eq!(
        std::fs::metadata(&page).unwrap().modified().unwrap(),
        written,
        "nor written again"
    );

    let c = browser(1280).await;
    watch_shifts(&c).await;
    c.goto(&format!("{base}/bai-viet/{SEED_SLUG}"))
        .await
        .unwrap();
    wait_text(&c, "#panel-tin-moi", "Tin vừa đăng: hội nghị tổng kết năm").await;
    // The lists came into the space the page kept for them.
    let shifts = js(&c, "return window.__shifts").await;
    assert_eq!(shifts.as_f64(), Some(0.0), "layout shift {shifts}");
    assert_eq!(
        js(
            &c,
            "return document.querySelector('#panel-tin-moi li a').textContent"
        )
        .await,
        "Tin vừa đăng: hội nghị tổng kết năm",
        "the newest first"
    );
    assert_no_console_errors(&c).await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_stalled_lists_bundle_leaves_the_article_readable() {
    let flaky = Flaky::new(site());
    flaky.trouble("/content/lists.json", Trouble::Stall);
    let c = browser(360).await;
    watch_shifts(&c).await;
    c.goto(&format!("{}/bai-viet/{SEED_SLUG}", flaky.url))
        .await
        .unwrap();
    assert_eq!(
        js(&c, "return document.querySelector('h1').textContent").await,
        SEED_TITLE
    );
    assert!(js(
        &c,
        "return document.querySelector('.article-body').textContent"
    )
    .await
    .as_str()
    .unwrap()
    .contains("238 lớp với 12.378 học viên"));
    // The lists' space says what is going on, and keeps its size.
    let status = wait_text(&c, "#panel-tin-moi", "Đang tải danh sách tin").await;
    assert!(!status.is_empty());
    let height = js(
        &c,
        "return document.getElementById('panel-tin-moi').offsetHeight",
    )
    .await;
    assert!(height.as_f64().unwrap() > 80.0, "{height}");
    // The request's limit passes: a message and a way to try again, in the same space.
    wait_text(&c, "#panel-tin-moi", "Thử lại").await;
    let after = js(
        &c,
        "return document.getElementById('panel-tin-moi').offsetHeight",
    )
    .await;
    assert_eq!(after, height, "the space keeps its size");
    assert_eq!(js(&c, "return window.__shifts").await.as_f64(), Some(0.0));
    // Once the network is back, trying again shows the lists.
    flaky.lift("/content/lists.json");
    js(
        &c,
        "document.querySelector('#panel-tin-moi button').click()",
    )
    .await;
    wait_text(&c, "#panel-tin-moi", "Bài mẫu").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_stalled_page_bundle_leaves_the_article_readable_and_says_so() {
    // The page hydrates from its own bundle, which it preloads rather than carries.
    let flaky = Flaky::new(site());
    let own = format!("/content/bai-viet/{SEED_SLUG}.json");
    flaky.trouble(&own, Trouble::Stall);
    let c = browser(360).await;
    watch_shifts(&c).await;
    c.goto(&format!("{}/bai-viet/{SEED_SLUG}", flaky.url))
        .await
        .unwrap();
    assert_eq!(
        js(&c, "return document.querySelector('h1').textContent").await,
        SEED_TITLE
    );
    assert!(js(
        &c,
        "return document.querySelector('.article-body').textContent"
    )
    .await
    .as_str()
    .unwrap()
    .contains("238 lớp với 12.378 học viên"));
    let height = js(
        &c,
        "return document.getElementById('panel-tin-moi').offsetHeight",
    )
    .await;
    // Once the request's limit passes, the lists' space says what happened, in place.
    wait_text(&c, "#panel-tin-moi", "Không tải được").await;
    wait_text(&c, "#panel-tin-moi a", "Tải lại trang").await;
    assert_eq!(
        js(
            &c,
            "return document.getElementById('panel-tin-moi').offsetHeight"
        )
        .await,
        height,
        "the space keeps its size"
    );
    assert_eq!(js(&c, "return window.__shifts").await.as_f64(), Some(0.0));
    // The article's links still lead on, as plain links.
    flaky.lift(&own);
    js(
        &c,
        "document.querySelector('#panel-tin-moi a').click(); return 1",
    )
    .await;
    wait_text(&c, "#panel-tin-moi", "Bài mẫu").await;
    c.close().await.unwrap();
}
