//! The portal against a live counter service (`trangtin-stats` on a loopback port): page
//! views move the numbers, votes count once, and a service that is down is said so.

mod support;

use fantoccini::Locator;
use std::path::Path;
use std::sync::Arc;
use support::*;

/// A reader's browser: headless Chromium says "HeadlessChrome", which the service rightly
/// does not count.
const READER: &str = "--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

/// A copy of `dist/` whose manifest names `api` as its counter service. The prerendered
/// pages carry the manifest inline too; precompressed copies are dropped so that the
/// edited files are the ones served.
fn site_with_counter(api: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&dist(), dir.path());
    patch(dir.path(), &format!("\"stats_api\":\"{api}\""));
    let url = serve(dir.path());
    (dir, url)
}

fn patch(dir: &Path, with: &str) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            patch(&path, with);
        } else if path.extension().is_some_and(|e| e == "br" || e == "gz") {
            std::fs::remove_file(&path).unwrap();
        } else if path.file_name().is_some_and(|n| n == "_headers") {
            // As `trangtin deploy-config` writes it for a site with a counter service.
            let api = with
                .trim_start_matches("\"stats_api\":\"")
                .trim_end_matches('"');
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(
                &path,
                text.replace("connect-src 'self'", &format!("connect-src 'self' {api}")),
            )
            .unwrap();
        } else if path.extension().is_some_and(|e| e == "html" || e == "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            if text.contains("\"stats_api\":null") {
                std::fs::write(&path, text.replace("\"stats_api\":null", with)).unwrap();
            }
        }
    }
}

/// The live service, counting for pages served from `origin`.
async fn counter(dir: &Path, origin: &str) -> trangtin_stats::Running {
    let config = trangtin_stats::Config {
        db: dir.join("stats.db"),
        listen: "127.0.0.1:0".parse().unwrap(),
        site_origins: vec![origin.to_string()],
        utc_offset_minutes: 420,
        trusted_proxies: Vec::new(),
        rate_limit_per_minute: 120,
    };
    trangtin_stats::start(config, Arc::new(trangtin_stats::SystemClock))
        .await
        .expect("the counter service starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_views_move_the_numbers_and_a_vote_counts_once() {
    let db = tempfile::tempdir().unwrap();
    // The site's port must be known before the service (CORS), and the service's before
    // the site's manifest names it: serve first, then patch the files being served.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&dist(), dir.path());
    let url = serve(dir.path());
    let service = counter(db.path(), &url).await;
    let api = format!("http://{}", service.addr);
    patch(dir.path(), &format!("\"stats_api\":\"{api}\""));

    let c = browser_with(1280, &[READER]).await;
    c.goto(&format!("{url}/bai-viet/{SEED_SLUG}"))
        .await
        .unwrap();
    wait_stat(&c, "Hôm nay", "1").await;
    wait_stat(&c, "Đang online", "1").await;

    // A second page, reached inside the app: one more view, the same visitor.
    c.find(Locator::Css(".site-nav a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_stat(&c, "Hôm nay", "2").await;
    wait_stat(&c, "Tất cả", "2").await;

    // Back on the article: vote, once.
    c.goto(&format!("{url}/bai-viet/{SEED_SLUG}"))
        .await
        .unwrap();
    wait_stat(&c, "Hôm nay", "3").await;
    let button = support::find(&c, Locator::Css(".vote-button")).await;
    assert_eq!(button.text().await.unwrap(), "Bình chọn");
    button.click().await.unwrap();
    wait_text(&c, ".vote-box", "1 vote").await;
    wait_text(&c, ".vote-button", "Đã bình chọn").await;
    assert_eq!(
        js(&c, "return document.querySelector('.vote-button').disabled").await,
        true
    );
    c.refresh().await.unwrap();
    wait_text(&c, ".vote-button", "Đã bình chọn").await;
    wait_text(&c, ".vote-box", "1 vote").await;

    // The service saw what the reader did, and the console stayed clean.
    let (status, _, body) = http_get(&api, &format!("/api/views/{SEED_SLUG}"), &[]);
    assert_eq!(status, 200);
    let views: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(views["views"], 3);
    assert_no_console_errors(&c).await;
    c.close().await.unwrap();
    service.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_counter_service_that_is_down_is_said_so_and_the_page_still_works() {
    // Nothing listens on this port.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let api = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let (_dir, url) = site_with_counter(&api);
    let c = browser_with(1280, &[READER]).await;
    c.goto(&format!("{url}/bai-viet/{SEED_SLUG}"))
        .await
        .unwrap();
    wait_text(&c, ".stats", "Dịch vụ thống kê tạm thời không phản hồi").await;
    wait_text(&c, ".vote-box", "Không kết nối được dịch vụ bình chọn").await;
    wait_text(&c, "h1", SEED_TITLE).await;
    c.close().await.unwrap();
}

/// Waits until the statistics row `label` shows `value`.
async fn wait_stat(c: &fantoccini::Client, label: &str, value: &str) {
    wait_js(
        c,
        &format!(
            "return [...document.querySelectorAll('.stats-row')].some(r => \
             r.querySelector('dt').textContent.startsWith({label:?}) && \
             r.querySelector('dd').textContent === {value:?})"
        ),
    )
    .await;
}
