//! The fixture site of real articles (tests/fixtures/real-site), published with the app
//! and read in Chromium at a phone's width and a desktop's: every article has one `h1`,
//! shows no template or Markdown syntax, and nothing in it makes the page wider than the
//! screen or runs out of the article column (wide tables, code and formulas scroll in
//! their own box).

mod support;

use std::path::Path;
use std::sync::OnceLock;
use support::*;

/// The fixture site published (its folder) and served (its address).
fn real_site() -> (&'static Path, &'static str) {
    static SITE: OnceLock<(tempfile::TempDir, String)> = OnceLock::new();
    let (dir, url) = SITE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        let url = publish_and_serve(&root.join("tests/fixtures/real-site"), dir.path());
        (dir, url)
    });
    (dir.path(), url)
}

/// What is wrong with the page as the reader sees it: overflowing elements, template
/// syntax, headings.
const INSPECT: &str = r#"
const body = document.querySelector('.article-body');
const problems = [];
if (document.querySelectorAll('h1').length !== 1) problems.push('h1 count ' + document.querySelectorAll('h1').length);
if (document.documentElement.scrollWidth > innerWidth) problems.push('page wider than the screen: ' + document.documentElement.scrollWidth + ' > ' + innerWidth);
if (!body) return ['no article body'];
const column = body.getBoundingClientRect();
// Inside a box that scrolls, content may be wider: the box is what must fit.
const scrolls = e => { const s = getComputedStyle(e); return s.overflowX === 'auto' || s.overflowX === 'scroll'; };
for (const e of body.querySelectorAll('*')) {
  let inside = false;
  for (let p = e.parentElement; p && p !== body; p = p.parentElement) if (scrolls(p)) { inside = true; break; }
  if (inside) continue;
  const r = e.getBoundingClientRect();
  if (r.width && (r.right > column.right + 1 || r.left < column.left - 1)) problems.push('overflows: <' + e.tagName.toLowerCase() + ' class="' + e.className + '"> ' + Math.round(r.left) + '..' + Math.round(r.right) + ' outside ' + Math.round(column.left) + '..' + Math.round(column.right));
}
// Code is shown as written; elsewhere no syntax of Markdown or another generator shows.
const clone = document.querySelector('main').cloneNode(true);
clone.querySelectorAll('pre, code, annotation').forEach(e => e.remove());
const text = clone.innerText;
for (const s of ['{{<', '{{%', '{%', '%}', '$$', '[!NOTE]', '[!WARNING]', '[^', '](', '{#']) if (text.includes(s)) problems.push('shows ' + s);
return problems;
"#;

#[tokio::test]
async fn real_articles_fit_the_screen_and_show_no_template_syntax() {
    let (dir, url) = real_site();
    // Every article the site published, with its title.
    let mut articles: Vec<(String, String)> = std::fs::read_dir(dir.join("site/content/bai-viet"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| {
            let bundle: serde_json::Value =
                serde_json::from_slice(&std::fs::read(e.path()).unwrap()).unwrap();
            let a = &bundle["article"];
            (
                a["slug"].as_str().unwrap().to_string(),
                a["title"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    articles.sort();
    assert_eq!(articles.len(), 13, "{articles:?}");
    for width in [360u32, 1280] {
        let c = browser(width).await;
        for (slug, title) in &articles {
            // The prerendered page, then the app's own rendering after hydration.
            c.goto(&format!("{url}/bai-viet/{slug}")).await.unwrap();
            wait_text(&c, "h1", title).await;
            wait_js(&c, "return typeof window.wasmBindings === 'object'").await;
            let problems = js(&c, INSPECT).await;
            assert_eq!(problems, serde_json::json!([]), "{slug} at {width} px");
        }
        // Formulas are MathML, with their TeX for screen readers.
        c.goto(&format!(
            "{url}/bai-viet/cong-thuc-tinh-diem-xet-tot-nghiep"
        ))
        .await
        .unwrap();
        wait_js(
            &c,
            "return document.querySelectorAll('.article-body math').length >= 4",
        )
        .await;
        assert_eq!(
            js(&c, "return document.querySelector('.article-body math[display=block]').getAttribute('alttext').startsWith('D_{tb}')").await,
            true
        );
        // A wide table scrolls in its box, reachable by keyboard.
        c.goto(&format!("{url}/bai-viet/bang-rong")).await.unwrap();
        wait_text(&c, "h1", "Danh sách học viên").await;
        let scroll = js(
            &c,
            "const b = document.querySelector('.table-scroll'); return [b.scrollWidth > b.clientWidth, b.tabIndex];",
        )
        .await;
        assert_eq!(scroll, serde_json::json!([true, 0]), "at {width} px");
        // A footnote's link goes to its note and back inside the page, not away from it.
        c.goto(&format!("{url}/bai-viet/quy-che-co-chu-thich-va-luu-y"))
            .await
            .unwrap();
        wait_js(&c, "return typeof window.wasmBindings === 'object'").await;
        js(
            &c,
            "window.__sameDocument = true; document.querySelector('.fn-ref a').click(); return 1",
        )
        .await;
        wait_js(&c, "return location.hash === '#fn-1' && Math.abs(document.getElementById('fn-1').getBoundingClientRect().top) < 5").await;
        js(&c, "document.querySelector('.fn-back').click(); return 1").await;
        wait_js(&c, "return location.hash === '#fnref-1' && window.__sameDocument === true && document.querySelectorAll('h1').length === 1").await;
        assert_no_console_errors(&c).await;
        c.close().await.unwrap();
    }
}
