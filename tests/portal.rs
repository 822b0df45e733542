//! The whole portal page in real Chromium: frame, home, category paging, article lists,
//! the sidebar's parts, keyboard use, scroll restoration and dark mode.

mod support;

use fantoccini::key::Key;
use fantoccini::Locator;
use support::*;

#[tokio::test]
async fn the_home_page_has_every_part_of_the_portal() {
    let c = browser(1280).await;
    c.goto(&format!("{}/", site())).await.unwrap();
    wait_text(&c, ".featured .section-title", "Tin tiêu điểm").await;
    for landmark in ["header", "nav.site-nav", "main", "aside", "footer"] {
        assert_eq!(count(&c, landmark).await, 1, "{landmark}");
    }
    for category in [
        "Tin tức - Sự kiện",
        "Đào tạo - Bồi dưỡng",
        "Nghiên cứu khoa học",
        "Thông báo",
    ] {
        wait_text(&c, ".site-nav a", category).await;
        wait_text(&c, ".home-section h2", category).await;
    }
    wait_text(&c, ".lead-story", "NGUYỄN VĂN CỪ").await;
    wait_text(&c, ".badge", "Bài mẫu").await;

    // The sidebar, in the seed page's order.
    let titles: Vec<String> = js(
        &c,
        "return [...document.querySelectorAll('aside .box-title')].map(e => e.textContent)",
    )
    .await
    .as_array()
    .unwrap()
    .iter()
    .map(|v| v.as_str().unwrap().to_string())
    .collect();
    assert_eq!(
        titles,
        [
            "Quảng cáo",
            "Video",
            "Website liên kết",
            "Fanpage",
            "Thống kê truy cập"
        ]
    );
    let banners = js(&c, "return [...document.querySelectorAll('.banners a')].map(a => [a.querySelector('img').alt, a.target, a.rel])").await;
    let banners = banners.as_array().unwrap();
    assert_eq!(banners.len(), 7);
    assert_eq!(banners[0][0], "60 nam");
    assert_eq!(banners[6][0], "Văn bản pháp luật");
    for b in banners {
        assert_eq!(b[1], "_blank");
        assert!(b[2].as_str().unwrap().contains("noopener"));
    }
    for (label, value) in [
        ("Đang online", "0"),
        ("Hôm nay", "0"),
        ("Hôm qua", "0"),
        ("Tháng này", "0"),
        ("Tháng trước", "0"),
        ("Tất cả", "0"),
    ] {
        let row = wait_text(&c, ".stats-row", label).await;
        assert!(row.ends_with(value), "{row}");
    }
    wait_text(&c, ".fanpage-card", "Fanpage").await;
    assert_eq!(
        js(
            &c,
            "return [...document.scripts].some(s => /facebook|youtube/.test(s.src))"
        )
        .await,
        false,
        "no third-party script before the reader asks"
    );
    c.close().await.unwrap();
}

#[tokio::test]
async fn the_video_loads_its_player_only_on_play_and_keeps_its_box() {
    let c = browser(1280).await;
    c.goto(&format!("{}/", site())).await.unwrap();
    let facade = c
        .wait()
        .for_element(Locator::Css(".video-facade"))
        .await
        .unwrap();
    assert_eq!(
        count(&c, "iframe, video").await,
        0,
        "nothing from the video host before play"
    );
    let before = js(
        &c,
        "return document.querySelector('.video-frame').getBoundingClientRect().height",
    )
    .await;
    assert!(before.as_f64().unwrap() > 100.0);
    // Keyboard: focus the play button and press Enter.
    js(&c, "document.querySelector('.video-facade').focus()").await;
    facade.send_keys(&Key::Enter.to_string()).await.unwrap();
    wait_js(&c, "return !!document.querySelector('.video-frame iframe[src*=\"youtube-nocookie.com/embed/\"]')").await;
    let after = js(
        &c,
        "return document.querySelector('.video-frame').getBoundingClientRect().height",
    )
    .await;
    assert_eq!(before, after, "the 16:9 box does not change size");
    c.close().await.unwrap();
}

#[tokio::test]
async fn the_sidebar_tabs_work_by_keyboard() {
    let c = browser(1280).await;
    c.goto(&format!("{}/", site())).await.unwrap();
    let first = c
        .wait()
        .for_element(Locator::Css("#tab-tin-moi"))
        .await
        .unwrap();
    wait_text(&c, "#panel-tin-moi", "Bài mẫu").await;
    js(&c, "document.getElementById('tab-tin-moi').focus()").await;
    let selected = "return [document.activeElement.id, document.querySelector('[role=tab][aria-selected=true]').id, \
                    [...document.querySelectorAll('[role=tabpanel]')].filter(p => !p.hidden).map(p => p.id)]";

    first.send_keys(&Key::Right.to_string()).await.unwrap();
    let state = js(&c, selected).await;
    assert_eq!(
        state,
        serde_json::json!([
            "tab-tin-tieu-diem",
            "tab-tin-tieu-diem",
            ["panel-tin-tieu-diem"]
        ])
    );
    wait_text(&c, "#panel-tin-tieu-diem", "NGUYỄN VĂN CỪ").await;

    let active = c.active_element().await.unwrap();
    active.send_keys(&Key::End.to_string()).await.unwrap();
    assert_eq!(
        js(&c, selected).await,
        serde_json::json!([
            "tab-tin-doc-nhieu",
            "tab-tin-doc-nhieu",
            ["panel-tin-doc-nhieu"]
        ])
    );
    wait_text(&c, "#panel-tin-doc-nhieu", "Chưa có số liệu lượt đọc").await;

    let active = c.active_element().await.unwrap();
    active.send_keys(&Key::Right.to_string()).await.unwrap();
    assert_eq!(
        js(&c, selected).await[0],
        "tab-tin-moi",
        "arrows wrap around"
    );
    let active = c.active_element().await.unwrap();
    active.send_keys(&Key::Left.to_string()).await.unwrap();
    assert_eq!(js(&c, selected).await[0], "tab-tin-doc-nhieu");
    // Only the selected tab is in the tab order.
    assert_eq!(count(&c, "[role=tab][tabindex='0']").await, 1);
    c.close().await.unwrap();
}

#[tokio::test]
async fn category_archive_pages_keep_their_addresses_and_old_page_numbers_find_them() {
    let c = browser(768).await;
    // Six articles, five to a page: the front page shows the newest five, archive page 1
    // (counted from the oldest) the oldest five.
    c.goto(&format!("{}/chuyen-muc/tin-tuc-su-kien", site()))
        .await
        .unwrap();
    wait_text(&c, "h1", "Tin tức - Sự kiện").await;
    assert_eq!(count(&c, "main .post-item").await, 5);
    c.find(Locator::Css(".pagination a[rel=next]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_text(&c, ".pagination .current", "Trang 1").await;
    assert_eq!(
        c.current_url().await.unwrap().path(),
        "/chuyen-muc/tin-tuc-su-kien/trang-1"
    );
    wait_text(&c, ".breadcrumb", "Trang 1").await;
    wait_text(&c, ".category-span", "từ").await;
    assert_eq!(count(&c, "main .post-item").await, 5);
    let title = c.title().await.unwrap();
    assert!(title.starts_with("Tin tức - Sự kiện - Trang 1"), "{title}");
    // Page 1 is the oldest: nothing older, the newer articles are on the front page.
    assert_eq!(count(&c, ".pagination a[rel=next]").await, 0);
    c.find(Locator::Css(".pagination a[rel=prev]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_js(
        &c,
        "return location.pathname === '/chuyen-muc/tin-tuc-su-kien'",
    )
    .await;
    assert_eq!(count(&c, ".pagination .current").await, 0);

    // The old numbering, from the newest: page 2 held the sixth newest, now on page 1.
    c.goto(&format!("{}/chuyen-muc/tin-tuc-su-kien?trang=2", site()))
        .await
        .unwrap();
    wait_js(
        &c,
        "return location.pathname === '/chuyen-muc/tin-tuc-su-kien/trang-1' && !location.search",
    )
    .await;
    wait_text(&c, ".pagination .current", "Trang 1").await;
    // A number that never was a page leaves the reader on the front page.
    c.goto(&format!("{}/chuyen-muc/tin-tuc-su-kien?trang=abc", site()))
        .await
        .unwrap();
    wait_text(&c, "h1", "Tin tức - Sự kiện").await;
    assert_eq!(count(&c, "main .post-item").await, 5);

    for bad in ["/trang-0", "/trang-abc", "/trang-02", "/trang-99", "/2"] {
        c.goto(&format!("{}/chuyen-muc/tin-tuc-su-kien{bad}", site()))
            .await
            .unwrap();
        wait_text(&c, "h1", "Không tìm thấy trang").await;
    }
    c.goto(&format!("{}/chuyen-muc/khong-co", site()))
        .await
        .unwrap();
    wait_text(&c, "h1", "Không tìm thấy trang").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn the_article_shows_its_lists_share_links_and_meta() {
    let c = browser(1280).await;
    c.goto(&format!("{}/bai-viet/{SEED_SLUG}", site()))
        .await
        .unwrap();
    wait_text(&c, "#newer-title", "Bài mới hơn").await;
    wait_text(&c, ".related", "Bài mẫu: Tọa đàm khoa học cấp trường").await;
    wait_text(&c, "#same-title", "Bài cùng chuyên mục").await;
    wait_text(
        &c,
        ".related",
        "Bài mẫu: Hoạt động chào mừng ngày thành lập",
    )
    .await;
    // Shares the tag "Trường chính trị" from another category.
    wait_text(&c, "#related-title", "Bài liên quan").await;
    wait_text(
        &c,
        "#related-title + .post-list",
        "Khai giảng lớp trung cấp lý luận chính trị",
    )
    .await;
    wait_text(
        &c,
        ".breadcrumb a[href='/chuyen-muc/tin-tuc-su-kien']",
        "Tin tức - Sự kiện",
    )
    .await;
    wait_text(&c, ".article-votes", "0 vote").await;
    wait_text(&c, ".article-meta", "phút đọc").await;
    let fb = c.find(Locator::Css(".share a.fb")).await.unwrap();
    let href = fb.attr("href").await.unwrap().unwrap();
    assert!(
        href.starts_with("https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2F"),
        "{href}"
    );
    assert!(href.ends_with(SEED_SLUG));
    let description = js(
        &c,
        "return document.querySelector('meta[name=description]').content",
    )
    .await;
    assert!(
        description.as_str().unwrap().starts_with("Cụm Thi đua"),
        "{description}"
    );

    // A sample article says so.
    c.goto(&format!(
        "{}/bai-viet/bai-mau-toa-dam-khoa-hoc-cap-truong",
        site()
    ))
    .await
    .unwrap();
    wait_text(&c, ".article-meta .badge", "Bài mẫu").await;
    wait_text(&c, "#same-title", "Bài cùng chuyên mục").await;
    wait_text(&c, ".related", "NGUYỄN VĂN CỪ").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn going_back_restores_the_list_scroll_position() {
    let c = browser(1280).await;
    c.goto(&format!("{}/", site())).await.unwrap();
    wait_text(&c, ".home-section h2", "Thông báo").await;
    // Scroll to the last category section and open its first article.
    let y = js(
        &c,
        "const a = [...document.querySelectorAll('.home-section .post-title')].pop(); \
         a.scrollIntoView({block: 'center'}); return window.scrollY",
    )
    .await
    .as_f64()
    .unwrap();
    assert!(y > 300.0, "the home page is long enough to scroll ({y})");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    js(
        &c,
        "[...document.querySelectorAll('.home-section .post-title')].pop().click()",
    )
    .await;
    wait_text(&c, ".article-title", "").await;
    wait_js(&c, "return window.scrollY === 0").await;

    c.back().await.unwrap();
    wait_text(&c, ".home-section h2", "Thông báo").await;
    wait_js(&c, &format!("return Math.abs(window.scrollY - {y}) < 2")).await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_link_opens_at_the_top_of_the_page() {
    let c = browser(1280).await;
    c.goto(&format!("{}/bai-viet/{SEED_SLUG}", site()))
        .await
        .unwrap();
    wait_text(&c, "#same-title", "Bài cùng chuyên mục").await;
    js(&c, "document.querySelector('#same-title').scrollIntoView()").await;
    js(
        &c,
        "document.querySelector('#same-title + .post-list .post-title').click()",
    )
    .await;
    wait_text(&c, ".article-title", "Bài mẫu").await;
    wait_js(&c, "return window.scrollY === 0").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn dark_mode_follows_the_system_setting() {
    let light = browser(1280).await;
    light.goto(&format!("{}/", site())).await.unwrap();
    wait_text(&light, ".site-name", "Nguyễn Văn Cừ").await;
    let bg = "return getComputedStyle(document.body).backgroundColor";
    let light_bg = js(&light, bg).await;
    light.close().await.unwrap();

    let dark = browser_with(1280, &["--force-dark-mode"]).await;
    dark.goto(&format!("{}/", site())).await.unwrap();
    wait_text(&dark, ".site-name", "Nguyễn Văn Cừ").await;
    assert_eq!(
        js(
            &dark,
            "return matchMedia('(prefers-color-scheme: dark)').matches"
        )
        .await,
        true
    );
    let dark_bg = js(&dark, bg).await;
    assert_ne!(light_bg, dark_bg);
    assert_eq!(dark_bg, "rgb(18, 20, 23)");
    dark.close().await.unwrap();
}

#[tokio::test]
async fn every_width_from_phone_to_desktop_has_no_sideways_scroll() {
    for width in [360, 768, 1280, 1440] {
        let c = browser(width).await;
        for path in [
            "/".to_string(),
            format!("/bai-viet/{SEED_SLUG}"),
            "/chuyen-muc/tin-tuc-su-kien".into(),
        ] {
            c.goto(&format!("{}{path}", site())).await.unwrap();
            wait_text(&c, ".stats", "Thống kê truy cập").await;
            let overflow = js(&c, "return document.documentElement.scrollWidth - document.documentElement.clientWidth").await;
            assert_eq!(overflow, 0, "{path} at {width} px scrolls sideways");
        }
        c.close().await.unwrap();
    }
}
