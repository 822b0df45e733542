//! Reading on a weak network: a bundle that stalls gets a message within the time limit
//! and "Thử lại" works once the server answers; a passing failure (503) is asked again
//! without the reader seeing an error; a page the reader leaves has its request given up.

#[path = "support/flaky.rs"]
#[allow(dead_code)]
mod flaky;
mod support;

use fantoccini::{Client, Locator};
use flaky::{Flaky, Trouble};
use std::time::{Duration, Instant};
use support::*;

const OTHER_SLUG: &str = "bai-mau-thong-bao-tuyen-sinh";

fn bundle(slug: &str) -> String {
    format!("/content/bai-viet/{slug}.json")
}

/// Follows the first link on the page to the article `slug`.
async fn click_article(c: &Client, slug: &str) {
    c.find(Locator::Css(&format!("a[href='/bai-viet/{slug}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// The home page, then an article reached by its link (the SPA fetches its bundle).
async fn open_article_from_home(c: &Client, base: &str, slug: &str) {
    c.goto(base).await.unwrap();
    wait_text(c, ".site-name", "Nguyễn Văn Cừ").await;
    js(c, "window.__sameDocument = true").await;
    click_article(c, slug).await;
}

#[tokio::test]
async fn a_stalled_bundle_gets_a_message_in_time_and_retry_succeeds() {
    let flaky = Flaky::new(site());
    flaky.trouble(&bundle(SEED_SLUG), Trouble::Stall);
    let c = browser(360).await;
    let started = Instant::now();
    open_article_from_home(&c, &flaky.url, SEED_SLUG).await;
    wait_text(&c, "[role=alert] p", "không trả lời sau 10 giây").await;
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(14), "told after {waited:?}");
    assert!(
        waited >= Duration::from_secs(9),
        "told too soon: {waited:?}"
    );
    // The header and footer are still there, and the way on is a button.
    wait_text(&c, ".site-name", "Nguyễn Văn Cừ").await;
    flaky.lift(&bundle(SEED_SLUG));
    click_button(&c, "Thử lại").await;
    wait_text(&c, "h1", "HỘI NGHỊ SƠ KẾT").await;
    assert_eq!(js(&c, "return window.__sameDocument === true").await, true);
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_503_then_success_shows_the_article_without_an_error() {
    let flaky = Flaky::new(site());
    flaky.trouble(
        &bundle(SEED_SLUG),
        Trouble::Fail {
            status: 503,
            times: 1,
        },
    );
    let c = browser(1280).await;
    c.goto(&flaky.url).await.unwrap();
    wait_text(&c, ".site-name", "Nguyễn Văn Cừ").await;
    // Any error view that shows, even for a moment, is recorded.
    js(
        &c,
        "window.__alerts = 0; new MutationObserver(() => { if (document.querySelector('main [role=alert]')) window.__alerts++; }) \
         .observe(document.body, { subtree: true, childList: true }); return 1;",
    )
    .await;
    click_article(&c, SEED_SLUG).await;
    wait_text(&c, "h1", "HỘI NGHỊ SƠ KẾT").await;
    assert_eq!(js(&c, "return window.__alerts").await, 0);
    assert_eq!(
        flaky.requests(&bundle(SEED_SLUG)),
        2,
        "the failure, then the retry"
    );
    // When all is well: one request per navigation.
    let before = flaky.requests(&bundle(OTHER_SLUG));
    click_article(&c, OTHER_SLUG).await;
    wait_text(&c, "h1", "Thông báo tuyển sinh").await;
    assert_eq!(flaky.requests(&bundle(OTHER_SLUG)), before + 1);
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_page_left_gives_its_request_up_and_its_late_answer_never_shows() {
    let flaky = Flaky::new(site());
    flaky.trouble(&bundle(SEED_SLUG), Trouble::Stall);
    let c = browser(1280).await;
    open_article_from_home(&c, &flaky.url, SEED_SLUG).await;
    // Still loading; the reader goes elsewhere.
    tokio::time::sleep(Duration::from_millis(500)).await;
    click_article(&c, OTHER_SLUG).await;
    wait_text(&c, "h1", "Thông báo tuyển sinh").await;
    let started = Instant::now();
    while flaky.given_up(&bundle(SEED_SLUG)) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "the stalled request was not given up"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    flaky.lift(&bundle(SEED_SLUG));
    tokio::time::sleep(Duration::from_millis(500)).await;
    let h1 = c
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(h1.contains("Thông báo tuyển sinh"), "{h1}");
    c.close().await.unwrap();
}
