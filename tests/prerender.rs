//! Prerendered pages: readable without JavaScript, hydrated with no fetch but the site
//! manifest's (preloaded, cached) and no duplicated node, then an SPA; and served right by the shipped nginx configuration.

mod support;

use fantoccini::Locator;
use support::*;

/// A copy of `dist/` whose pages carry no executable script: what a reader with
/// JavaScript off, or a crawler, gets to see. (Switching JavaScript off in Chrome itself
/// stalls chromedriver's page loads now and then.)
fn dist_without_scripts() -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&dist(), copy.path());
    strip_scripts(copy.path());
    copy
}

fn strip_scripts(dir: &std::path::Path) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            strip_scripts(&path);
        } else if path.extension().is_some_and(|e| e == "html") {
            let mut html = std::fs::read_to_string(&path).unwrap();
            while let Some(start) = html.find("<script type=\"module\">") {
                let end = start + html[start..].find("</script>").unwrap() + "</script>".len();
                html.replace_range(start..end, "");
            }
            std::fs::write(&path, html).unwrap();
        }
    }
}

async fn text(c: &fantoccini::Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn every_kind_of_route_is_readable_with_javascript_off() {
    let copy = dist_without_scripts();
    let base = serve(copy.path());
    let c = browser(1280).await;
    c.goto(&format!("{base}/bai-viet/{SEED_SLUG}"))
        .await
        .unwrap();
    assert_eq!(
        js(&c, "return typeof window.wasmBindings").await,
        "undefined",
        "the app ran"
    );
    assert_eq!(text(&c, "h1").await, SEED_TITLE);
    let body = text(&c, ".article-body").await;
    assert!(body.contains("238 lớp với 12.378 học viên"));
    assert!(body.contains("Hình ảnh các điểm cầu trực tuyến"));
    assert!(text(&c, ".article-byline").await.starts_with("Hà Thị Thu"));
    assert_eq!(
        c.find_all(Locator::Css(".stats-row")).await.unwrap().len(),
        6
    );

    c.goto(&format!("{base}/")).await.unwrap();
    assert!(text(&c, ".lead-story").await.contains("NGUYỄN VĂN CỪ"));

    c.goto(&format!("{base}/chuyen-muc/tin-tuc-su-kien"))
        .await
        .unwrap();
    assert_eq!(
        c.find_all(Locator::Css("main .post-item"))
            .await
            .unwrap()
            .len(),
        5
    );
    // Every archive page is a page of its own, reached by a plain link, with its
    // address and its neighbours in the head for crawlers.
    let head = |sel: &'static str| {
        let c = c.clone();
        async move {
            js(
                &c,
                &format!("return document.querySelector('{sel}')?.getAttribute('href') || ''"),
            )
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
        }
    };
    assert!(head("link[rel=next]")
        .await
        .ends_with("/chuyen-muc/tin-tuc-su-kien/trang-1"));
    c.find(Locator::Css(".pagination a[rel=next]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(text(&c, ".pagination .current").await, "Trang 1");
    assert_eq!(
        c.find_all(Locator::Css("main .post-item"))
            .await
            .unwrap()
            .len(),
        5
    );
    assert!(head("link[rel=canonical]")
        .await
        .ends_with("/chuyen-muc/tin-tuc-su-kien/trang-1"));
    assert!(head("link[rel=prev]")
        .await
        .ends_with("/chuyen-muc/tin-tuc-su-kien"));
    assert_eq!(head("link[rel=next]").await, "");

    c.goto(&format!("{base}/khong-co-trang-nay")).await.unwrap();
    assert_eq!(text(&c, "h1").await, "Không tìm thấy trang");
    c.close().await.unwrap();
}

const BUNDLE_FETCHES: &str = "return performance.getEntriesByType('resource')\
    .filter(e => e.name.includes('/content/') && e.name.endsWith('.json')).map(e => new URL(e.name).pathname)";

#[tokio::test]
async fn hydration_fetches_only_what_the_page_preloads_and_each_navigation_one_bundle() {
    let c = browser(1280).await;
    c.goto(&format!("{}/bai-viet/{SEED_SLUG}", site()))
        .await
        .unwrap();
    // Hydrated once the tabs answer clicks.
    wait_hydrated(&c).await;
    // The bundles the page was rendered from (the site manifest, the same on every page,
    // and the article's) are preloaded beside the app, not carried by the page, which
    // would hold the body twice; so are the lists, which no page is rendered from.
    let own = format!("/content/bai-viet/{SEED_SLUG}.json");
    let mut fetched: Vec<String> = serde_json::from_value(js(&c, BUNDLE_FETCHES).await).unwrap();
    fetched.sort();
    let mut expected = vec![
        own.clone(),
        "/content/lists.json".into(),
        "/content/site.json".into(),
    ];
    expected.sort();
    assert_eq!(
        fetched, expected,
        "hydration fetched more than the page preloads"
    );
    let preloaded = js(
        &c,
        "return [...document.querySelectorAll('link[rel=preload][as=fetch]')].map(l => new URL(l.href).pathname).filter(p => p.endsWith('.json'))",
    )
    .await;
    assert_eq!(
        preloaded,
        serde_json::json!(["/content/site.json", own, "/content/lists.json"])
    );
    js(&c, "performance.clearResourceTimings()").await;

    js(
        &c,
        "document.querySelector('#same-title + .post-list .post-title').click()",
    )
    .await;
    wait_text(&c, ".article-title", "Bài mẫu").await;
    let fetched = js(&c, BUNDLE_FETCHES).await;
    let fetched = fetched.as_array().unwrap();
    assert_eq!(fetched.len(), 1, "{fetched:?}");
    assert!(fetched[0]
        .as_str()
        .unwrap()
        .starts_with("/content/bai-viet/bai-mau-"));
    c.close().await.unwrap();
}

async fn wait_hydrated(c: &fantoccini::Client) {
    let started = std::time::Instant::now();
    loop {
        js(c, "document.getElementById('tab-tin-tieu-diem').click()").await;
        let selected = js(
            c,
            "return document.getElementById('tab-tin-tieu-diem').getAttribute('aria-selected')",
        )
        .await;
        if selected == "true" {
            js(c, "document.getElementById('tab-tin-moi').click()").await;
            return;
        }
        assert!(started.elapsed().as_secs() < 15, "the page never hydrated");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn hydration_duplicates_nothing_and_logs_no_errors() {
    let c = browser(1280).await;
    for path in [
        "/".to_string(),
        format!("/bai-viet/{SEED_SLUG}"),
        "/chuyen-muc/tin-tuc-su-kien".into(),
        "/chuyen-muc/tin-tuc-su-kien/trang-1".into(),
        "/chuyen-muc/tin-tuc-su-kien?trang=2".into(),
        "/bai-viet/khong-co".into(),
    ] {
        c.goto(&format!("{}{path}", site())).await.unwrap();
        wait_hydrated(&c).await;
        if path.contains("trang") {
            // `?trang=2`, the old numbering, moves on to the archive page holding its
            // articles.
            wait_text(&c, ".breadcrumb", "Trang 1").await;
        }
        if path.contains("khong-co") {
            wait_text(&c, "h1", "Không tìm thấy trang").await;
        }
        // The live DOM has as many elements as the HTML the server sent, parsed afresh,
        // but for the lists and statistics, which arrive after hydration.
        let same = js(
            &c,
            "const html = await (await fetch(location.href)).text(); \
             const sent = new DOMParser().parseFromString(html, 'text/html'); \
             const count = d => d.body.querySelectorAll('*:not(.tabpanel *):not(.stats *)').length; \
             return [count(sent), count(document), document.querySelectorAll('header.site-header').length, \
                     document.querySelectorAll('h1').length]",
        )
        .await;
        if !path.contains("trang=2") && !path.contains("khong-co") {
            assert_eq!(
                same[0], same[1],
                "{path}: element counts differ after hydration: {same}"
            );
        }
        assert_eq!(same[2], 1, "{path}");
        assert_eq!(same[3], 1, "{path}");
        let errors: Vec<_> = console(&c)
            .await
            .into_iter()
            .filter(|(level, message)| {
                // A missing bundle is a 404 the app expects and shows as not-found.
                level == "SEVERE" && !(path.contains("khong-co") && message.contains("404"))
            })
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
    }
    c.close().await.unwrap();
}

#[test]
fn a_crawler_without_javascript_gets_title_description_image_and_text() {
    let (status, headers, body) = http_get(site(), &format!("/bai-viet/{SEED_SLUG}"), &[]);
    assert_eq!(status, 200);
    assert!(header(&headers, "content-type")
        .unwrap()
        .starts_with("text/html"));
    let html = String::from_utf8(body).unwrap();
    for needle in [
        format!("<title>{SEED_TITLE} | Trường Đào tạo cán bộ Nguyễn Văn Cừ</title>"),
        "<meta name=\"description\" content=\"Cụm Thi đua các trường chính trị".into(),
        format!("<meta property=\"og:title\" content=\"{SEED_TITLE}\">"),
        "<meta property=\"og:type\" content=\"article\">".into(),
        "<meta property=\"og:image\" content=\"https://".into(),
        "<meta property=\"article:published_time\" content=\"2024-06-25T00:00:00+07:00\">".into(),
        format!(
            "<link rel=\"canonical\" href=\"https://trangtin.example.org/bai-viet/{SEED_SLUG}\">"
        ),
        "\"@type\":\"NewsArticle\"".into(),
        "238 lớp với 12.378 học viên".into(),
        "Hà Thị Thu, Phó trưởng phòng".into(),
    ] {
        assert!(html.contains(&needle), "missing {needle}");
    }
    // Leptos's `<!>` hydration markers are written as valid empty comments.
    assert!(
        !html.contains("<!>"),
        "a bogus comment, which HTML validators reject"
    );
    assert!(html.contains("<!---->"));
}

/// Two rules of HTML that validators check and the build once broke: `integrity` only on
/// stylesheets, preloads and module preloads (trunk adds it to every asset link unless
/// told not to), and no `<!>` comments, on every page the prerender writes.
#[test]
fn every_prerendered_page_keeps_the_html_rules_the_build_once_broke() {
    fn pages(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                pages(&p, out);
            } else if p.extension().is_some_and(|x| x == "html") {
                out.push(p);
            }
        }
    }
    let mut all = Vec::new();
    pages(&dist(), &mut all);
    assert!(all.len() > 20, "{} pages", all.len());
    for page in all {
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(!html.contains("<!>"), "{}: a bogus comment", page.display());
        for link in html.split("<link").skip(1) {
            let tag = &link[..link.find('>').unwrap_or(link.len())];
            if tag.contains("integrity=") {
                assert!(
                    ["stylesheet", "preload", "modulepreload"]
                        .iter()
                        .any(|r| tag.contains(&format!("rel=\"{r}\""))),
                    "{}: <link{tag}> has integrity without being a stylesheet or preload",
                    page.display()
                );
            }
        }
    }
}

#[test]
fn the_shipped_nginx_config_serves_pages_404s_and_precompressed_files() {
    let dist = std::fs::canonicalize(dist()).unwrap();
    let server = nginx(&dist);
    let build = trangtin_publish::serving::Build::read(&dist).unwrap();
    let base = server.base.clone();
    let result = std::panic::catch_unwind(|| {
        let (status, headers, body) = http_get(&base, &format!("/bai-viet/{SEED_SLUG}"), &[]);
        assert_eq!(status, 200);
        assert!(String::from_utf8_lossy(&body).contains(SEED_TITLE));
        let csp = header(&headers, "content-security-policy").unwrap();
        assert!(
            csp.contains("'wasm-unsafe-eval'") && csp.contains("'sha256-"),
            "{csp}"
        );
        assert_eq!(header(&headers, "cache-control"), Some("no-cache"));

        let (status, headers, body) = http_get(&base, "/khong/co/trang-nay", &[]);
        assert_eq!(status, 404);
        assert!(header(&headers, "content-type")
            .unwrap()
            .starts_with("text/html"));
        assert!(String::from_utf8_lossy(&body).contains("Không tìm thấy trang"));

        let (status, _, _) = http_get(&base, "/.trangtin-publish.json", &[]);
        assert_eq!(status, 404, "the publisher's state is not served");

        let (status, headers, _) = http_get(&base, "/content/bai-viet/khong-co.json", &[]);
        assert_eq!(status, 404);
        let ty = header(&headers, "content-type").unwrap_or_default();
        assert!(
            !ty.contains("html"),
            "a missing bundle is answered with {ty}"
        );

        let wasm = build
            .hashed_assets
            .iter()
            .find(|a| a.ends_with(".wasm"))
            .unwrap();
        let (status, headers, _) =
            http_get(&base, &format!("/{wasm}"), &[("Accept-Encoding", "gzip")]);
        assert_eq!(status, 200);
        assert_eq!(header(&headers, "content-encoding"), Some("gzip"));
        assert_eq!(header(&headers, "content-type"), Some("application/wasm"));
        assert_eq!(
            header(&headers, "cache-control"),
            Some("public, max-age=31536000, immutable")
        );
    });
    drop(server);
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}
