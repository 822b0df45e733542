//! The shipped Content-Security-Policy, enforced: the site is served with its own
//! `_headers` (as a host applies it), and every page type, the widgets and the video
//! player are opened and used with a listener for `securitypolicyviolation` installed
//! before any script of the page runs. None may fire.

mod support;

use fantoccini::{Client, Locator};
use std::time::Duration;
use support::*;

const WATCH: &str = "window.__csp = []; \
    document.addEventListener('securitypolicyviolation', \
      e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));";

async fn violations(c: &Client) -> Vec<String> {
    let v = js(c, "return window.__csp || []").await;
    serde_json::from_value(v).unwrap_or_default()
}

async fn assert_clean(c: &Client, what: &str) {
    // Late loads (pictures, the stats, the search index) have their moment.
    tokio::time::sleep(Duration::from_millis(400)).await;
    let found = violations(c).await;
    assert!(found.is_empty(), "{what}: {found:?}");
    let refused: Vec<_> = console(c)
        .await
        .into_iter()
        .filter(|(_, m)| m.contains("Content Security Policy"))
        .collect();
    assert!(refused.is_empty(), "{what}: {refused:?}");
}

#[tokio::test]
async fn the_shipped_policy_is_sent_and_nothing_violates_it() {
    let base = site();
    // The policy is what the server sends with every page.
    let (_, headers, _) = http_get(base, "/", &[]);
    let policy = header(&headers, "content-security-policy").expect("a policy on pages");
    assert!(
        policy.contains("default-src 'self'")
            && policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-")
    );

    let c = browser(1280).await;
    cdp(&c, "Page.enable", serde_json::json!({})).await;
    cdp(
        &c,
        "Page.addScriptToEvaluateOnNewDocument",
        serde_json::json!({ "source": WATCH }),
    )
    .await;
    let article = format!("/bai-viet/{SEED_SLUG}");
    let pages = [
        ("/", ".site-name"),
        ("/chuyen-muc/tin-tuc-su-kien", ".post-list"),
        (article.as_str(), ".article-body"),
        ("/tim-kiem?q=h%E1%BB%99i+ngh%E1%BB%8B", ".site-name"),
        ("/video", ".video"),
        ("/nhung-tin", ".site-name"),
        ("/khong-co-trang-nay", ".site-name"),
        ("/embed/latest?count=3&theme=dark", "main.embed"),
        ("/embed/category/tin-tuc-su-kien?count=2", "main.embed"),
        ("/embed/video", "main.embed"),
        ("/embed/stats", "main.embed"),
    ];
    for (path, ready) in pages {
        c.goto(&format!("{base}{path}")).await.unwrap();
        wait_js(&c, &format!("return !!document.querySelector('{ready}')")).await;
        assert_clean(&c, path).await;
    }

    // Used as a reader uses it: search as you type, the news tabs, moving between pages
    // in the app, and the video player started.
    c.goto(&format!("{base}/")).await.unwrap();
    wait_text(&c, ".site-name", "Nguyễn Văn Cừ").await;
    let search = c.find(Locator::Css("#site-search-q")).await.unwrap();
    search.send_keys("chuyen doi so").await.unwrap();
    search.send_keys("\u{E007}").await.unwrap();
    wait_js(&c, "return location.pathname === '/tim-kiem'").await;
    assert_clean(&c, "search").await;
    if let Ok(tab) = c.find(Locator::Css("#tab-tin-tieu-diem")).await {
        tab.click().await.unwrap();
    }
    c.goto(&format!("{base}/video")).await.unwrap();
    wait_js(&c, "return !!document.querySelector('.video-facade')").await;
    c.find(Locator::Css(".video-facade"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_js(&c, "return !!document.querySelector('.video iframe')").await;
    assert_clean(&c, "the video player").await;
    c.close().await.unwrap();
}
