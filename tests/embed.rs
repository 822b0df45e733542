//! The widgets on another site: a host page on a different origin (another port), with
//! hostile CSS, embeds each widget as an iframe (with embed.js) and as a script widget.

mod support;

use fantoccini::Locator;
use support::*;

fn host_page(portal: &str, category: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another site</title><link rel="icon" href="data:,">
<style>* {{ all: unset }} a {{ color: red !important }} ul, h3 {{ font-size: 40px !important; margin: 30px }}</style>
</head><body>
<iframe id="f-latest" data-trangtin src="{portal}/embed/latest?count=3&theme=dark" title="Tin mới" style="width:100%;height:100px"></iframe>
<iframe id="f-category" data-trangtin src="{portal}/embed/category/{category}?count=2" title="Chuyên mục" style="width:100%;height:100px"></iframe>
<iframe id="f-video" data-trangtin src="{portal}/embed/video" title="Video" style="width:100%;height:100px"></iframe>
<iframe id="f-stats" data-trangtin src="{portal}/embed/stats?lang=en" title="Stats" style="width:100%;height:100px"></iframe>
<trangtin-widget id="w-latest" kind="latest" count="3"></trangtin-widget>
<trangtin-widget id="w-featured" kind="featured" count="2" theme="dark"></trangtin-widget>
<trangtin-widget id="w-most-read" kind="most-read"></trangtin-widget>
<trangtin-widget id="w-category" kind="category" category="{category}" count="2"></trangtin-widget>
<trangtin-widget id="w-video" kind="video"></trangtin-widget>
<trangtin-widget id="w-stats" kind="stats" lang="en"></trangtin-widget>
</body></html>
"#
    )
}

/// A category of the built site that has articles.
fn a_category() -> String {
    let site: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dist().join("content/home.json")).unwrap()).unwrap();
    site["sections"][0]["category"]["slug"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn widgets_work_on_another_origin_with_hostile_css() {
    let portal = site();
    let category = a_category();
    let host_dir = tempfile::tempdir().unwrap();
    std::fs::write(
        host_dir.path().join("host.html"),
        host_page(portal, &category),
    )
    .unwrap();
    let host = serve(host_dir.path());
    assert_ne!(host, portal, "the host is another origin");

    let c = browser(1024).await;
    c.goto(&format!("{host}/host.html")).await.unwrap();
    // The host's window before the scripts come (taken the way the later look is taken,
    // so that what the browser driver adds is on both sides), then the two scripts, as
    // the snippets add them.
    js(&c, "window.hostKeys = Object.keys(window); return true").await;
    js(
        &c,
        &format!(
            "for (const s of ['embed.js', 'widget.js']) {{ const e = document.createElement('script'); \
             e.src = '{portal}/' + s; e.async = true; document.body.appendChild(e); }} return true"
        ),
    )
    .await;

    // Iframes: each tells embed.js its height, and embed.js applies it.
    for id in ["f-latest", "f-category", "f-video", "f-stats"] {
        wait_js(
            &c,
            &format!("const f = document.getElementById('{id}'); return f.style.height !== '100px' && parseInt(f.style.height) > 60"),
        )
        .await;
    }
    // The iframe's own content: three items, opening the portal in a new tab, dark theme.
    let frame = c.find(Locator::Id("f-latest")).await.unwrap();
    frame.enter_frame().await.unwrap();
    wait_js(
        &c,
        "return document.querySelectorAll('.compact-list li').length === 3",
    )
    .await;
    assert_eq!(
        js(
            &c,
            "return [...document.querySelectorAll('.compact-list a')].every(a => a.target === '_blank' && a.rel === 'noopener')"
        )
        .await,
        true
    );
    assert_eq!(
        js(&c, "return document.documentElement.dataset.theme").await,
        "dark"
    );
    let inner = js(&c, "return document.documentElement.scrollHeight").await;
    c.enter_parent_frame().await.unwrap();
    let stats = c.find(Locator::Id("f-stats")).await.unwrap();
    stats.enter_frame().await.unwrap();
    wait_text(&c, ".stats", "Visitor statistics").await;
    c.enter_parent_frame().await.unwrap();
    let outer = js(
        &c,
        "return parseInt(document.getElementById('f-latest').style.height)",
    )
    .await;
    assert_eq!(inner, outer, "the iframe is as tall as its content");

    // Script widgets: rendered in their Shadow DOM, untouched by the host's CSS.
    let count = |id: &str, css: &str| {
        format!("const r = document.getElementById('{id}').shadowRoot; return r ? r.querySelectorAll('{css}').length : -1")
    };
    wait_js(
        &c,
        &format!("return (() => {{ {} }})() === 3", count("w-latest", "li")),
    )
    .await;
    wait_js(
        &c,
        &format!("return (() => {{ {} }})() === 2", count("w-featured", "li")),
    )
    .await;
    wait_js(
        &c,
        &format!("return (() => {{ {} }})() === 2", count("w-category", "li")),
    )
    .await;
    wait_js(
        &c,
        &format!("return (() => {{ {} }})() === 6", count("w-stats", ".row")),
    )
    .await;
    wait_js(
        &c,
        &format!(
            "return (() => {{ {} }})() === 1",
            count("w-video", "button")
        ),
    )
    .await;
    wait_js(
        &c,
        &format!(
            "return (() => {{ {} }})() === 1",
            count("w-most-read", "h3")
        ),
    )
    .await;
    let style = js(
        &c,
        "const r = document.getElementById('w-latest').shadowRoot; const a = r.querySelector('a'); \
         const h = r.querySelector('h3'); \
         return [getComputedStyle(a).color, getComputedStyle(h).fontSize, a.target, a.rel, a.href]",
    )
    .await;
    assert_ne!(
        style[0], "rgb(255, 0, 0)",
        "the host's link colour stays out"
    );
    assert_eq!(style[1], "16px", "the host's heading size stays out");
    assert_eq!(
        (style[2].as_str(), style[3].as_str()),
        (Some("_blank"), Some("noopener"))
    );
    assert!(style[4]
        .as_str()
        .unwrap()
        .starts_with(&format!("{portal}/bai-viet/")));

    // One namespaced entry on the host's window, nothing else. (chromedriver's own helpers,
    // which appear once it has looked into frames, are not the page's.)
    let added = js(
        &c,
        "const driver = ['hostKeys', 'ret_nodes', 'se_exportedFunctionSymbol']; \
         return Object.keys(window).filter(k => !window.hostKeys.includes(k) && !driver.includes(k) && !k.startsWith('cdc_'))",
    )
    .await;
    assert_eq!(added, serde_json::json!(["trangtin"]));

    // A forged height from another frame is ignored.
    let before = js(
        &c,
        "return document.getElementById('f-latest').style.height",
    )
    .await;
    js(
        &c,
        "const evil = document.createElement('iframe'); evil.id = 'evil'; \
         evil.srcdoc = \"<script>parent.postMessage({type: 'trangtin:height', height: 999}, '*')</scr\" + \"ipt>\"; \
         document.body.appendChild(evil); return true",
    )
    .await;
    // And a well-formed message from the page itself, which is not the iframe's window.
    js(
        &c,
        "window.postMessage({type: 'trangtin:height', height: 998}, '*'); return true",
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(
        js(
            &c,
            "return document.getElementById('f-latest').style.height"
        )
        .await,
        before
    );

    // Nothing from the video host has loaded before play, in the page or its iframes.
    let third_party = "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin) && !n.startsWith('http://127.0.0.1'))";
    assert_eq!(js(&c, third_party).await, serde_json::json!([]));
    let video = c.find(Locator::Id("f-video")).await.unwrap();
    video.enter_frame().await.unwrap();
    wait_js(&c, "return !!document.querySelector('.video-facade')").await;
    assert_eq!(js(&c, third_party).await, serde_json::json!([]));
    c.enter_parent_frame().await.unwrap();

    assert_no_console_errors(&c).await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn the_embed_panel_shows_working_snippets_and_previews() {
    let c = browser(1280).await;
    c.goto(&format!("{}/nhung-tin", site())).await.unwrap();
    wait_text(&c, "h1", "Nhúng tin").await;
    let snippets = js(
        &c,
        "return [...document.querySelectorAll('.embed-panel pre code')].map(c => c.textContent)",
    )
    .await;
    let snippets: Vec<String> = serde_json::from_value(snippets).unwrap();
    assert_eq!(
        snippets.len(),
        10,
        "an iframe and a script snippet per widget"
    );
    let origin = site();
    assert!(
        snippets[0].contains(&format!("src=\"{origin}/embed/latest?count=5\"")),
        "{}",
        snippets[0]
    );
    assert!(snippets[0].contains(&format!("src=\"{origin}/embed.js\"")));
    assert!(snippets[1].contains(&format!("src=\"{origin}/widget.js\"")));
    assert!(snippets[1].contains("<trangtin-widget kind=\"latest\""));
    // The previews resize to their content through the same embed.js.
    wait_js(
        &c,
        "const f = document.querySelector('.embed-preview'); return !!f.style.height && f.style.height !== '320px'",
    )
    .await;

    // The snippets, pasted into a plain page on another origin, work.
    let host_dir = tempfile::tempdir().unwrap();
    std::fs::write(
        host_dir.path().join("paste.html"),
        format!(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>p</title><link rel=\"icon\" href=\"data:,\"></head><body>{}\n{}</body></html>",
            snippets[0], snippets[1]
        ),
    )
    .unwrap();
    let host = serve(host_dir.path());
    c.goto(&format!("{host}/paste.html")).await.unwrap();
    wait_js(
        &c,
        "const f = document.querySelector('iframe[data-trangtin]'); return f.style.height !== '320px' && parseInt(f.style.height) > 60",
    )
    .await;
    wait_js(
        &c,
        "const w = document.querySelector('trangtin-widget'); return !!w.shadowRoot && w.shadowRoot.querySelectorAll('li').length === 5",
    )
    .await;
    c.close().await.unwrap();
}
