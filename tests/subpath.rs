//! The site built for hosting under `/portal/` (`make dist-portal` → target/dist-portal),
//! served there as a CDN would, in real Chromium: every asset, bundle, link and the search
//! stay under the sub-path.

mod support;

use fantoccini::key::Key;
use fantoccini::Locator;
use std::path::Path;
use std::sync::OnceLock;
use support::*;

const BASE: &str = "/portal/";

fn portal() -> &'static str {
    static SITE: OnceLock<String> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/dist-portal");
        assert!(
            root.join("index.html").is_file() && root.join("content/site.json").is_file(),
            "{} has no built site: run `make dist-portal` (or `make test`) first",
            root.display()
        );
        serve_under(&root, BASE)
    })
}

/// Every URL the page asked for, and every address it links to in its head.
const REQUESTED: &str = "return [...performance.getEntriesByType('resource').map(e => e.name), \
    ...[...document.querySelectorAll('head link[href]')].map(l => l.href)]";

#[tokio::test]
async fn the_site_lives_under_its_sub_path() {
    let c = browser(1280).await;
    c.goto(&format!("{}{BASE}", portal())).await.unwrap();
    wait_text(&c, ".featured .section-title", "Tin tiêu điểm").await;
    // site.toml names the origin; the public address includes the sub-path.
    assert_eq!(
        js(
            &c,
            "return document.querySelector('link[rel=canonical]').href"
        )
        .await,
        "https://trangtin.example.org/portal/"
    );
    // The stylesheet applied: the skip link is moved off screen, as main.css says.
    wait_js(
        &c,
        "return getComputedStyle(document.querySelector('.skip-link')).position === 'absolute'",
    )
    .await;
    // The app started (trunk's loader exposes the wasm's bindings once it ran).
    wait_js(&c, "return typeof window.wasmBindings === 'object'").await;
    js(&c, "window.__sameDocument = true").await;

    let link = c
        .find(Locator::Css(&format!(
            "a[href='{BASE}bai-viet/{SEED_SLUG}']"
        )))
        .await
        .unwrap();
    link.click().await.unwrap();
    wait_text(&c, "h1", "HỘI NGHỊ SƠ KẾT").await;
    assert_eq!(
        c.current_url().await.unwrap().path(),
        format!("{BASE}bai-viet/{SEED_SLUG}")
    );
    assert_eq!(js(&c, "return window.__sameDocument === true").await, true);
    wait_js(
        &c,
        // Each picture loads; a lazy one once the reader scrolls to it.
        "const waiting = [...document.querySelectorAll('.article-body img')].find(i => !(i.complete && i.naturalWidth > 0)); \
         if (waiting) waiting.scrollIntoView(); return !waiting;",
    )
    .await;

    let origin = portal();
    let requested = js(&c, REQUESTED).await;
    let requested: Vec<&str> = requested
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        requested
            .iter()
            .any(|u| u.ends_with(&format!("content/bai-viet/{SEED_SLUG}.json"))),
        "{requested:?}"
    );
    for url in &requested {
        if let Some(path) = url.strip_prefix(origin) {
            assert!(path.starts_with(BASE), "{url} is outside {BASE}");
        }
    }
    // The page's own links too: to the home page, categories and articles.
    let outside = js(
        &c,
        "return [...document.querySelectorAll('a[href^=\"/\"]')].map(a => a.getAttribute('href')).filter(h => !h.startsWith('/portal/'))",
    )
    .await;
    assert_eq!(outside, serde_json::json!([]));
    assert_no_console_errors(&c).await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn search_and_not_found_work_under_the_sub_path() {
    let c = browser(1280).await;
    c.goto(&format!("{}{BASE}", portal())).await.unwrap();
    wait_js(&c, "return typeof window.wasmBindings === 'object'").await;
    let input = c.find(Locator::Css("#site-search-q")).await.unwrap();
    input.send_keys("nguyen van cu").await.unwrap();
    input.send_keys(&Key::Enter.to_string()).await.unwrap();
    wait_text(&c, ".search-status", "Tìm thấy").await;
    assert_eq!(
        c.current_url().await.unwrap().path(),
        format!("{BASE}tim-kiem")
    );
    let first = js(
        &c,
        "return document.querySelector('.search-hit-title a').getAttribute('href')",
    )
    .await;
    assert_eq!(first, format!("{BASE}bai-viet/{SEED_SLUG}").as_str());

    c.goto(&format!("{}{BASE}khong-co-trang-nay", portal()))
        .await
        .unwrap();
    wait_text(&c, "h1", "Không tìm thấy trang").await;
    wait_text(&c, &format!("main a[href='{BASE}']"), "Về trang chủ").await;
    c.close().await.unwrap();
}
