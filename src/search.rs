//! The bridge to `search.js`, the search engine the app loads only when a reader first
//! searches: a lean ES module beside the app that also renders the results, so that the
//! main bundle stays small.

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(inline_js = r#"
let loading = null;
let slash = false;
// Moves the app to `url`: its router follows the history, as on back and forward.
function go(url) {
  history.pushState(null, "", url);
  window.dispatchEvent(new PopStateEvent("popstate", { state: null }));
}
// Search forms (`form[role=search]`): submitting one is a navigation inside the app,
// empty fields left out. `/` (outside a text field) focuses the page's search box, or
// the header's.
export function trangtin_search_forms(boxes) {
  if (slash) return;
  slash = true;
  document.addEventListener("submit", (ev) => {
    const form = ev.target;
    if (!form.matches("form[role=search]")) return;
    ev.preventDefault();
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (k === "q" || v) params.append(k, v);
    go(form.getAttribute("action") + "?" + params);
  });
  window.addEventListener("keydown", (ev) => {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
    const t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    const box = boxes.map((id) => document.getElementById(id)).find(Boolean);
    if (box) {
      ev.preventDefault();
      box.focus();
      box.select();
    }
  });
}
export function trangtin_search(module, root, search, site, base, names, filters, input) {
  const p = new URLSearchParams(search);
  const request = { q: p.get("q") || "", page: +p.get("trang") || 1, category: p.get("chuyen-muc") || "", year: +p.get("nam") || 0 };
  const view = { site, base, filters, input, names: Object.fromEntries(names.split("\n").filter(Boolean).map((l) => l.split("\t"))) };
  // Nothing asked yet: no need for the search module.
  if (!loading && !request.q.trim()) {
    const p = document.createElement("p");
    p.className = "search-status";
    p.setAttribute("role", "status");
    p.textContent = "Nhập từ khóa để tìm trong mọi bài viết.";
    root.replaceChildren(p);
    return;
  }
  if (!loading) loading = import(module).catch((e) => { loading = null; throw e; });
  loading
    .then((m) => m.render(root, request, view))
    .catch((e) => {
      const p = document.createElement("p");
      p.className = "search-error";
      p.setAttribute("role", "alert");
      p.textContent = "Không tải được mô-đun tìm kiếm (" + ((e && e.message) || e) + "). Hãy kiểm tra kết nối rồi tải lại trang.";
      root.replaceChildren(p);
    });
}
"#)]
    extern "C" {
        pub fn trangtin_search_forms(boxes: &js_sys::Array);
        #[allow(clippy::too_many_arguments)]
        pub fn trangtin_search(
            module: &str,
            root: &web_sys::Element,
            search: &str,
            site: &str,
            base: &str,
            names: &str,
            filters: &web_sys::Element,
            input: &web_sys::Element,
        );
    }
}

/// Makes every search form (`form[role=search]`) navigate inside the app, and `/`
/// focus the search box. Call once, in the browser.
pub fn install_forms() {
    #[cfg(target_arch = "wasm32")]
    js::trangtin_search_forms(&js_sys::Array::of2(
        &INPUT_ID.into(),
        &HEADER_INPUT_ID.into(),
    ));
}

/// The header's search box.
pub const HEADER_INPUT_ID: &str = "site-search-q";
/// The search box of the search page; `/` focuses it (or the header's elsewhere).
pub const INPUT_ID: &str = "search-q";

/// Shows the results for the page's query string (`?q=…&trang=…&chuyen-muc=…&nam=…`)
/// in `root`, loading the search module on the first search. `names` are the
/// categories, a `slug<TAB>name` line each; `filters` is where the filters go.
#[cfg(target_arch = "wasm32")]
pub fn show(
    root: &web_sys::Element,
    search: &str,
    names: &str,
    filters: &web_sys::Element,
    input: &web_sys::Element,
) {
    js::trangtin_search(
        &crate::url("/search.js"),
        root,
        search,
        crate::base_path(),
        &crate::url("/content/search/"),
        names,
        filters,
        input,
    );
}
