//! Phone photos as a reader meets them: the seed article with three photos as a phone
//! writes them (stored sideways with EXIF orientation 6, GPS set), published and opened
//! in Chromium at phone and desktop widths.

mod support;

#[path = "../crates/bundler/tests/support/camera.rs"]
mod camera;

use std::path::Path;
use support::*;

const SEED_FILE: &str = "tin-truong-dao-tao-can-bo-nguyen-van-cu-dong-chu-tri-hoi-nghi-so-ket.md";

/// The example site with the seed article's three figures as phone photos, published.
fn site_with_photos() -> (tempfile::TempDir, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&root.join("content"), &content);
    for i in 1..=3u32 {
        let photo = camera::jpeg(
            &camera::halves(1800, 1200),
            90,
            camera::exif(6, Some((20.95, 107.08))),
            None,
        );
        std::fs::write(content.join(format!("media/anh-{i}.jpg")), photo).unwrap();
    }
    let path = content.join("articles").join(SEED_FILE);
    let mut text = std::fs::read_to_string(&path).unwrap();
    for i in 1..=3 {
        text = text.replacen(
            "](../media/anh-thay-the.svg \"",
            &format!("](../media/anh-{i}.jpg \""),
            1,
        );
    }
    text = text
        .lines()
        .filter(|l| !l.starts_with("thumbnail = "))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&path, text).unwrap();
    let url = publish_and_serve(&content, dir.path());
    (dir, url)
}

#[tokio::test]
async fn phone_photos_arrive_upright_at_the_screens_size_without_shifting_or_gps() {
    let (_dir, url) = site_with_photos();
    for width in [360u32, 1280] {
        let c = browser(width).await;
        // Layout shifts, counted from the start.
        c.goto(&format!("{url}/bai-viet/{SEED_SLUG}"))
            .await
            .unwrap();
        wait_text(&c, "h1", SEED_TITLE).await;
        let imgs = js(
            &c,
            "return [...document.querySelectorAll('.article-body img')].map(i => ({
                 width: i.getAttribute('width'), height: i.getAttribute('height'),
                 srcset: i.getAttribute('srcset'), sizes: i.getAttribute('sizes'),
                 loading: i.getAttribute('loading'), priority: i.getAttribute('fetchpriority'),
                 webp: !!(i.parentElement.tagName === 'PICTURE'
                     && i.parentElement.querySelector('source[type=\"image/webp\"]')) }))",
        )
        .await;
        let imgs = imgs.as_array().unwrap();
        assert_eq!(imgs.len(), 3, "{imgs:?}");
        for (i, img) in imgs.iter().enumerate() {
            for key in ["width", "height", "srcset", "sizes"] {
                assert!(img[key].is_string(), "img {i} has no {key}: {img}");
            }
            assert_eq!(img["webp"], true, "img {i}: {img}");
            // Stored 1800×1200 sideways: upright it is 1200×1800.
            assert_eq!(
                (&img["width"], &img["height"]),
                (&"1200".into(), &"1800".into()),
                "{img}"
            );
        }
        assert_eq!(imgs[0]["priority"], "high");
        assert!(imgs[1..].iter().all(|i| i["loading"] == "lazy"), "{imgs:?}");
        // Read down the article: each photo loads as it comes near.
        for i in 0..3 {
            let img = format!("document.querySelectorAll('.article-body img')[{i}]");
            js(&c, &format!("{img}.scrollIntoView(); return true;")).await;
            wait_js(
                &c,
                &format!("return {img}.complete && {img}.naturalWidth > 0"),
            )
            .await;
        }
        let loaded = js(
            &c,
            "return [...document.querySelectorAll('.article-body img')].map(i => ({
                 src: i.currentSrc, w: i.naturalWidth, h: i.naturalHeight,
                 slot: i.closest('figure').getBoundingClientRect().width }))",
        )
        .await;
        for img in loaded.as_array().unwrap() {
            let src = img["src"].as_str().unwrap();
            let (w, h) = (img["w"].as_f64().unwrap(), img["h"].as_f64().unwrap());
            assert!(src.ends_with(".webp"), "{img}");
            assert!(h > w, "not upright: {img}");
            // The width fetched is the narrowest that covers the column the picture may
            // fill (this browser's pixels are CSS pixels).
            let slot = img["slot"].as_f64().unwrap();
            let fetched: f64 = src
                .rsplit_once('-')
                .unwrap()
                .1
                .trim_end_matches(".webp")
                .parse()
                .unwrap();
            let expected = [480.0, 800.0, 1200.0]
                .into_iter()
                .find(|x| *x >= slot)
                .unwrap();
            assert_eq!(fetched, expected, "at {width} px: {img}");
            // What was fetched carries nothing of the camera's block.
            let path = src.strip_prefix(&url).unwrap();
            let (status, _, body) = http_get(&url, path, &[]);
            assert_eq!(status, 200);
            for needle in [&b"Exif"[..], b"GPS", b"trangtin-test-phone"] {
                assert!(!body.windows(needle.len()).any(|x| x == needle), "{src}");
            }
        }
        let shift = js(
            &c,
            "return await new Promise(done => { let sum = 0; \
               new PerformanceObserver(l => { for (const e of l.getEntries()) \
                 if (!e.hadRecentInput) sum += e.value; }) \
               .observe({ type: 'layout-shift', buffered: true }); \
               setTimeout(() => done(sum), 300); })",
        )
        .await;
        assert_eq!(shift.as_f64(), Some(0.0), "layout shift at {width} px");
        assert_no_console_errors(&c).await;
        c.close().await.unwrap();
    }
}
