//! Script written into an article never runs, on either way a reader reaches it: the
//! prerendered page, and the app's own rendering after a click inside the site. The
//! vectors are the classic ones, the namespace-confusion (mXSS) family of `math` and
//! `svg` included; no MathML or SVG an author wrote reaches the page, and the bundler's
//! own formulas still do.

mod support;

use fantoccini::Locator;
use support::*;

/// Each sets `window.__xss` if it ever runs.
const VECTORS: &[&str] = &[
    r#"<script>window.__xss = 'script'</script>"#,
    r#"<img src="x" onerror="window.__xss = 'img'">"#,
    r#"<a href="javascript:window.__xss='href'">liên kết</a>"#,
    r#"<math><mtext><table><mglyph><style><img src=x onerror="window.__xss='mglyph'">"#,
    r#"<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=window.__xss='comment'&gt;">"#,
    r#"<math><mi xlink:href="javascript:window.__xss='xlink'">x</mi></math>"#,
    r#"<math><maction actiontype="statusline" xlink:href="javascript:window.__xss='maction'">y</maction></math>"#,
    r#"<svg><style><img src=x onerror="window.__xss='svg-style'"></style></svg>"#,
    r#"<svg></p><style><a id="</style><img src=1 onerror=window.__xss='svg-p'>">"#,
    r#"<noscript><p title="</noscript><img src=x onerror=window.__xss='noscript'>">"#,
    r#"<svg><a xlink:href="javascript:window.__xss='svg-a'"><text x="20" y="20">z</text></a></svg>"#,
    r#"<form><math><mtext></form><form><mglyph><style></math><img src onerror="window.__xss='form'">"#,
];

fn content(dir: &std::path::Path) -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = dir.join("content");
    std::fs::create_dir_all(content.join("articles")).unwrap();
    std::fs::copy(
        root.join("tests/fixtures/real-site/site.toml"),
        content.join("site.toml"),
    )
    .unwrap();
    let front = |title: &str, date: &str| {
        format!("+++\ntitle = \"{title}\"\ndate = {date}\ncategory = \"tin-tuc\"\n+++\n")
    };
    let vectors = VECTORS.join("\n<p>Đoạn giữa.</p>\n");
    let write = |name: &str, text: String| {
        std::fs::write(content.join("articles").join(name), text).unwrap()
    };
    write(
        "bai-truoc.md",
        format!(
            "{}Bài đăng trước, để có liên kết trong trang.\n",
            front("Bài đăng trước", "2024-01-01")
        ),
    );
    write(
        "ma-html.html",
        format!(
            "{}<p>Mở đầu.</p>\n{vectors}\n<p>Kết thúc bài HTML.</p>\n",
            front("Bài HTML có mã độc", "2024-02-01")
        ),
    );
    write(
        "ma-markdown.md",
        format!(
            "{}Mở đầu với công thức $x^2 + 1$.\n\n{vectors}\n\nKết thúc bài Markdown.\n",
            front("Bài Markdown có mã độc", "2024-03-01")
        ),
    );
    content
}

/// What the article on screen holds that it must not.
const INSPECT: &str = r#"
const body = document.querySelector('.article-body');
if (!body) return ['no article body'];
const found = [];
if (window.__xss) found.push('ran: ' + window.__xss);
for (const e of body.querySelectorAll('*')) {
  for (const a of e.attributes) {
    if (/^on/i.test(a.name)) found.push('handler ' + a.name + ' on ' + e.tagName);
    if (/javascript:/i.test(a.value)) found.push('javascript: in ' + a.name);
  }
}
for (const e of body.querySelectorAll('svg, style, script, mglyph, maction, iframe, noscript')) found.push(e.tagName);
return [found, body.querySelectorAll('math').length, body.textContent.includes('Mở đầu')];
"#;

async fn check(c: &fantoccini::Client, what: &str, formulas: u64) {
    // Handlers of broken images fire once the images fail: give them the time to.
    wait_js(c, "return document.readyState === 'complete'").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let seen = js(c, INSPECT).await;
    assert_eq!(
        seen,
        serde_json::json!([[], formulas, true]),
        // An unclosed `<math>` takes what follows it with it (the build's warning names
        // its line); what comes before stays.
        "{what}: [what must not be there, <math> count (the bundler's own), the text before the vectors]"
    );
}

#[tokio::test]
async fn script_in_an_article_never_runs_prerendered_or_after_a_click() {
    let dir = tempfile::tempdir().unwrap();
    let url = publish_and_serve(&content(dir.path()), dir.path());
    let c = browser(1280).await;
    for (slug, title, formulas) in [
        ("bai-html-co-ma-doc", "Bài HTML có mã độc", 0),
        ("bai-markdown-co-ma-doc", "Bài Markdown có mã độc", 1),
    ] {
        // The prerendered page, then hydrated.
        c.goto(&format!("{url}/bai-viet/{slug}")).await.unwrap();
        wait_text(&c, "h1", title).await;
        wait_js(&c, "return typeof window.wasmBindings === 'object'").await;
        check(&c, &format!("{slug}, prerendered"), formulas).await;

        // Reached by a click from another article: the app renders the bundle itself.
        c.goto(&format!("{url}/bai-viet/bai-dang-truoc"))
            .await
            .unwrap();
        wait_text(&c, "h1", "Bài đăng trước").await;
        wait_js(&c, "return typeof window.wasmBindings === 'object'").await;
        js(&c, "window.__same_page = true; return 1;").await;
        let link = find(
            &c,
            Locator::Css(&format!("main a[href='/bai-viet/{slug}']")),
        )
        .await;
        link.click().await.unwrap();
        wait_text(&c, "h1", title).await;
        assert_eq!(
            js(&c, "return window.__same_page === true").await,
            serde_json::json!(true),
            "the click is the app's navigation, not a page load"
        );
        check(&c, &format!("{slug}, after a click"), formulas).await;
    }
    // The Markdown article's formula (the page open last) is MathML with its TeX.
    let alt = js(
        &c,
        "const m = document.querySelector('.article-body math'); return m ? m.getAttribute('alttext') : null;",
    )
    .await;
    assert_eq!(alt, serde_json::json!("x^2 + 1"));
}
