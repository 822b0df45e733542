//! Search as a reader uses it, in real Chromium: the header box and its `/` shortcut,
//! a query typed without accents, highlighted results, keyboard navigation, pages and
//! filters, a shared URL, the empty state, and a broken index.

mod support;

use fantoccini::key::Key;
use fantoccini::Locator;
use support::*;

async fn hits(c: &fantoccini::Client) -> Vec<String> {
    js(
        c,
        "return [...document.querySelectorAll('.search-hit-title a')].map(a => a.getAttribute('href'))",
    )
    .await
    .as_array()
    .unwrap()
    .iter()
    .map(|v| v.as_str().unwrap().to_string())
    .collect()
}

#[tokio::test]
async fn a_query_typed_without_accents_opens_the_seed_article() {
    let c = browser(1280).await;
    c.goto(&format!("{}/", site())).await.unwrap();
    wait_text(&c, ".featured .section-title", "Tin tiêu điểm").await;
    let loaded =
        "return performance.getEntriesByType('resource').some(e => e.name.endsWith('/search.js'))";
    // The search code is not part of the page's load.
    assert_eq!(js(&c, loaded).await, false);
    // `/` focuses the header's box, then the reader types and presses Enter.
    c.find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("/")
        .await
        .unwrap();
    wait_js(&c, "return document.activeElement.id === 'site-search-q'").await;
    let input = c.find(Locator::Css("#site-search-q")).await.unwrap();
    input.send_keys("nguyen van cu").await.unwrap();
    input.send_keys(&Key::Enter.to_string()).await.unwrap();
    wait_text(&c, ".search-status", "Tìm thấy").await;
    assert_eq!(js(&c, loaded).await, true);
    assert!(c
        .current_url()
        .await
        .unwrap()
        .as_str()
        .ends_with("/tim-kiem?q=nguyen+van+cu"));
    // One live status line says what was found.
    assert_eq!(
        js(&c, "return document.querySelectorAll('.search-output > p.search-status[role=status]').length").await,
        1
    );
    // The page's own box shows the query; the title is highlighted as the article writes it.
    wait_js(
        &c,
        "return document.getElementById('search-q').value === 'nguyen van cu'",
    )
    .await;
    let marks = js(
        &c,
        "return [...document.querySelectorAll('.search-hit-title mark')].map(m => m.textContent)",
    )
    .await;
    for word in ["NGUYỄN", "VĂN", "CỪ"] {
        assert!(marks.to_string().contains(word), "{marks}");
    }
    assert!(hits(&c).await[0].ends_with(SEED_SLUG));
    wait_text(&c, ".search-hit .post-meta", "Tin tức - Sự kiện").await;
    wait_text(&c, ".search-snippet mark", "Nguyễn").await;

    // Down arrow from the box reaches the first result; Enter opens it in the app.
    let boxed = c.find(Locator::Css("#search-q")).await.unwrap();
    boxed.click().await.unwrap();
    boxed.send_keys(&Key::Down.to_string()).await.unwrap();
    wait_js(
        &c,
        "return document.activeElement.closest('.search-hit-title') !== null",
    )
    .await;
    let fetched_before = js(&c, "return performance.getEntriesByType('resource').length").await;
    c.active_element()
        .await
        .unwrap()
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    wait_text(&c, "h1", "NGUYỄN VĂN CỪ").await;
    assert!(c.current_url().await.unwrap().as_str().ends_with(SEED_SLUG));
    // Opened as a client-side navigation (no new page load).
    let fetched_after = js(&c, "return performance.getEntriesByType('resource').length").await;
    assert!(fetched_after.as_u64() > fetched_before.as_u64());
    assert_no_console_errors(&c).await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn accents_rank_numbers_match_and_a_shared_url_works() {
    let c = browser(1280).await;
    // A shared URL: the results come up on a fresh load.
    c.goto(&format!("{}/tim-kiem?q=dao+tao", site()))
        .await
        .unwrap();
    wait_text(&c, ".search-status", "Tìm thấy").await;
    wait_text(&c, ".search-snippet mark", "đào").await;
    let title = js(&c, "return document.title").await;
    assert!(
        title.as_str().unwrap().starts_with("Tìm kiếm: dao tao"),
        "{title}"
    );

    // Typing updates the results and the address as the reader goes.
    let input = c.find(Locator::Css("#search-q")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys("12.378").await.unwrap();
    wait_js(&c, "return location.search === '?q=12.378'").await;
    wait_text(&c, ".search-snippet mark", "12.378").await;
    assert_eq!(hits(&c).await.len(), 1);
    assert!(hits(&c).await[0].ends_with(SEED_SLUG));

    // Nothing found: a clear message, tips and a way on.
    c.goto(&format!("{}/tim-kiem?q=zzzyyyxx", site()))
        .await
        .unwrap();
    wait_text(&c, ".search-status", "Không tìm thấy bài viết nào").await;
    wait_text(&c, ".search-tips", "không dấu").await;
    wait_text(&c, ".search-browse a", "Thông báo").await;
    assert_no_console_errors(&c).await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn pages_and_filters_change_the_results_and_the_url() {
    let c = browser(768).await;
    // A common word: more than one page.
    c.goto(&format!("{}/tim-kiem?q=b%C3%A0i", site()))
        .await
        .unwrap();
    wait_text(&c, ".search-status", "trang 1/").await;
    let first = hits(&c).await;
    assert_eq!(first.len(), 10);
    c.find(Locator::Css(".search-output .pagination a[rel=next]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_text(&c, ".search-status", "trang 2/").await;
    assert!(c.current_url().await.unwrap().as_str().contains("trang=2"));
    assert!(hits(&c).await.iter().all(|h| !first.contains(h)));

    // The category filter applies from the first page, and keeps the query.
    js(
        &c,
        "const s = document.querySelector('select[name=chuyen-muc]'); s.value = 'thong-bao'; s.dispatchEvent(new Event('change', {bubbles: true})); return true",
    )
    .await;
    wait_js(&c, "return location.search.includes('chuyen-muc=thong-bao') && !location.search.includes('trang=')").await;
    wait_js(&c, "return document.querySelectorAll('.search-hit').length > 0 && [...document.querySelectorAll('.search-hit .post-meta a')].every(a => a.textContent === 'Thông báo')").await;
    // The year filter lists the years articles have.
    let years = js(
        &c,
        "return [...document.querySelectorAll('select[name=nam] option')].map(o => o.value).filter(Boolean)",
    )
    .await;
    let select = js(
        &c,
        "return document.querySelector('select[name=nam]').outerHTML",
    )
    .await;
    assert!(years.to_string().contains("2024"), "{years} {select}");
    assert_no_console_errors(&c).await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_broken_index_is_reported_with_a_retry() {
    let root = tempfile::tempdir().unwrap();
    copy_dir(&dist(), root.path());
    // An SPA host answering the index with its HTML page.
    let index = root.path().join("content/search/index.json");
    std::fs::write(&index, "<!doctype html><title>Trang chủ</title>").unwrap();
    let base = serve(root.path());
    let c = browser(360).await;
    c.goto(&format!("{base}/tim-kiem?q=dao+tao")).await.unwrap();
    wait_text(&c, ".search-error[role=alert]", "trang HTML").await;
    // Mended, "Thử lại" brings the results.
    std::fs::copy(dist().join("content/search/index.json"), &index).unwrap();
    c.find(Locator::Css(".search-error button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_text(&c, ".search-status", "Tìm thấy").await;
    c.close().await.unwrap();
}
