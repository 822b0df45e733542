//! A reader's walk through the built site in real Chromium.

mod support;

use fantoccini::Locator;
use support::*;

#[tokio::test]
async fn a_reader_opens_the_seed_article_from_the_home_page() {
    let c = browser(1280).await;
    c.goto(&format!("{}/", site())).await.unwrap();
    wait_text(&c, ".post-list a", "NGUYỄN VĂN CỪ").await;
    // A marker on window survives client-side navigation but not a reload.
    js(&c, "window.__sameDocument = true").await;

    let link = c
        .find(Locator::Css(&format!("a[href='/bai-viet/{SEED_SLUG}']")))
        .await
        .unwrap();
    link.click().await.unwrap();

    let h1 = wait_text(&c, "h1", "HỘI NGHỊ SƠ KẾT").await;
    assert_eq!(
        h1, SEED_TITLE,
        "the title is given once, as the portal gives it"
    );
    assert_eq!(c.find_all(Locator::Css("h1")).await.unwrap().len(), 1);
    assert_eq!(
        c.current_url().await.unwrap().path(),
        format!("/bai-viet/{SEED_SLUG}")
    );
    assert_eq!(
        js(&c, "return window.__sameDocument === true").await,
        true,
        "navigation reloaded the page"
    );

    wait_text(&c, "time", "Thứ Ba, 25/06/2024").await;
    wait_text(&c, ".article-category", "Tin tức - Sự kiện").await;
    wait_text(
        &c,
        "figure figcaption",
        "Quang cảnh hội nghị tại điểm cầu Trường Đào tạo cán bộ Nguyễn Văn Cừ",
    )
    .await;
    wait_text(&c, "figure figcaption", "Hình ảnh các điểm cầu trực tuyến").await;
    wait_text(&c, "figure figcaption", "Đ/c Nguyễn Hoàng Hưng").await;
    wait_text(&c, ".article-body p", "238 lớp với 12.378 học viên").await;
    wait_text(
        &c,
        ".article-byline",
        "Hà Thị Thu, Phó trưởng phòng, Tổ chức, hành chính, thông tin, tư liệu",
    )
    .await;
    let title = c.title().await.unwrap();
    assert!(
        title.starts_with(SEED_TITLE),
        "document title was {title:?}"
    );

    // Reloading the deep link renders the same article.
    c.refresh().await.unwrap();
    wait_text(&c, "h1", "HỘI NGHỊ SƠ KẾT").await;
    assert_eq!(
        js(&c, "return window.__sameDocument === undefined").await,
        true
    );
    wait_text(&c, ".article-byline", "Hà Thị Thu").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn from_one_article_to_the_next_and_back_again() {
    let c = browser(1280).await;
    let seed = format!("/bai-viet/{SEED_SLUG}");
    c.goto(&format!("{}{seed}", site())).await.unwrap();
    wait_text(&c, "#newer-title", "Bài mới hơn").await;
    // The menu marks the article's category.
    wait_text(&c, ".site-nav .current-section a", "Tin tức - Sự kiện").await;
    assert_eq!(count(&c, ".site-nav .current-section").await, 1);
    js(&c, "window.__sameDocument = true").await;
    let next = c
        .find(Locator::Css("[aria-labelledby=newer-title] a.post-title"))
        .await
        .unwrap();
    let (title, href) = (next.text().await.unwrap(), next.attr("href").await.unwrap());
    let href = href.expect("the link has an address");
    assert!(href.starts_with("/bai-viet/") && href != seed, "{href}");
    next.click().await.unwrap();

    // Another page of the same kind: a new article, its address, one heading.
    wait_text(&c, "h1", &title).await;
    wait_js(&c, &format!("return location.pathname === {href:?}")).await;
    assert_eq!(c.find_all(Locator::Css("h1")).await.unwrap().len(), 1);

    c.back().await.unwrap();
    wait_text(&c, "h1", "HỘI NGHỊ SƠ KẾT").await;
    assert_eq!(c.current_url().await.unwrap().path(), seed);
    c.forward().await.unwrap();
    wait_text(&c, "h1", &title).await;
    assert_eq!(count(&c, ".site-nav .current-section").await, 1);
    // Elsewhere, no category is marked as the page's own.
    c.find(Locator::Css(".site-nav a[href='/']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_text(&c, ".featured .section-title", "Tin tiêu điểm").await;
    assert_eq!(count(&c, ".site-nav .current-section").await, 0);
    assert_eq!(
        js(&c, "return window.__sameDocument === true").await,
        true,
        "a navigation reloaded the page"
    );
    assert_no_console_errors(&c).await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn the_body_keeps_every_paragraph_in_order() {
    let c = browser(1280).await;
    c.goto(&format!("{}/bai-viet/{SEED_SLUG}", site()))
        .await
        .unwrap();
    wait_text(&c, ".article-byline", "Hà Thị Thu").await;
    let text = c
        .find(Locator::Css(".article-body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let in_order = [
        "Chiều ngày 25/6/2024",
        "Quang cảnh hội nghị",
        "phát biểu khai mạc",
        "Đồng chí Phạm Hữu Kiên",
        "Hình ảnh các điểm cầu trực tuyến",
        "238 lớp với 12.378 học viên",
        "Công tác xây dựng đội ngũ",
        "Nghị quyết số 35-NQ/TW",
        "Bên cạnh những kết quả",
        "các đồng chí lãnh đạo của 08 trường",
        "Phát biểu chỉ đạo tại Hội nghị",
        "Kết luận hội nghị",
        "Với những nhiệm vụ trọng tâm 6 tháng cuối năm 2024",
    ];
    let mut from = 0;
    for needle in in_order {
        let at = text[from..]
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} missing or out of order"));
        from += at + needle.len();
    }
    assert_eq!(
        c.find_all(Locator::Css(".article-body figure img[alt]"))
            .await
            .unwrap()
            .len(),
        3
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn an_unknown_slug_or_route_shows_the_not_found_view() {
    let c = browser(1280).await;
    for path in [
        "/bai-viet/khong-co-bai-nay",
        "/khong/co/trang-nay",
        "/bai-viet/..%2Fsite",
    ] {
        c.goto(&format!("{}{path}", site())).await.unwrap();
        wait_text(&c, "h1", "Không tìm thấy trang").await;
        wait_text(&c, "main a[href='/']", "Về trang chủ").await;
    }
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_missing_bundle_is_a_404_and_never_html() {
    let c = browser(1280).await;
    c.goto(&format!("{}/", site())).await.unwrap();
    let answer = js(
        &c,
        "const r = await fetch('/content/bai-viet/khong-co.json'); \
         return [r.status, r.headers.get('content-type')];",
    )
    .await;
    assert_eq!(answer[0], 404);
    assert!(
        !answer[1].as_str().unwrap_or("").contains("html"),
        "{answer}"
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn broken_bundles_get_an_error_view_with_a_retry() {
    // A copy of dist/ with a malformed bundle, HTML where JSON belongs, and a bundle of
    // another schema version.
    let root = tempfile::tempdir().unwrap();
    copy_dir(&dist(), root.path());
    let articles = root.path().join("content/bai-viet");
    std::fs::write(
        articles.join("cat-cut.json"),
        r#"{"schema_version":1,"article":{"slug""#,
    )
    .unwrap();
    std::fs::write(
        articles.join("trang-html.json"),
        "<!doctype html><html><body>oops</body></html>",
    )
    .unwrap();
    std::fs::write(
        articles.join("phien-ban-moi.json"),
        r#"{"schema_version":999}"#,
    )
    .unwrap();
    let base = serve(root.path());

    let c = browser(1280).await;
    for (slug, says) in [
        ("cat-cut", "không đúng định dạng"),
        ("trang-html", "trang web thay cho dữ liệu"),
        ("phien-ban-moi", "phiên bản 999"),
    ] {
        c.goto(&format!("{base}/bai-viet/{slug}")).await.unwrap();
        wait_text(&c, "[role=alert] h1", "Không tải được nội dung").await;
        wait_text(&c, "[role=alert] p", says).await;
        // The header and footer are still there: the page is never blank.
        wait_text(&c, ".site-name", "Nguyễn Văn Cừ").await;
    }

    // Fixing the bundle and pressing retry shows the article without a reload.
    let good = std::fs::read(
        root.path()
            .join(format!("content/bai-viet/{SEED_SLUG}.json")),
    )
    .unwrap();
    std::fs::write(articles.join("phien-ban-moi.json"), good).unwrap();
    js(&c, "window.__sameDocument = true").await;
    c.find(Locator::Css("[role=alert] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_text(&c, "h1", "HỘI NGHỊ SƠ KẾT").await;
    assert_eq!(js(&c, "return window.__sameDocument === true").await, true);
    c.close().await.unwrap();
}
