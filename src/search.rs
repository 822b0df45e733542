//! The bridge to `search.js`, the search engine the app loads only when a reader first
//! searches: a lean ES module beside the app that also renders the results, so that the
//! main bundle stays small.

/// What the reader asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    pub q: String,
    pub page: u32,
    pub category: String,
    pub year: u32,
}

impl Request {
    /// `/tim-kiem?q=…` for this request (page 1 when `page` is `None`).
    pub fn href(&self, page: Option<u32>) -> String {
        let mut out = format!("/tim-kiem?q={}", encode(&self.q));
        if !self.category.is_empty() {
            out.push_str(&format!("&chuyen-muc={}", encode(&self.category)));
        }
        if self.year > 0 {
            out.push_str(&format!("&nam={}", self.year));
        }
        if let Some(p) = page.filter(|&p| p > 1) {
            out.push_str(&format!("&trang={p}"));
        }
        out
    }
}

/// Percent-encodes a query parameter value.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(inline_js = r#"
let loading = null;
export function trangtin_search(module, root, q, page, category, year, view) {
  if (!loading) loading = import(module).catch((e) => { loading = null; throw e; });
  return loading
    .then((m) => m.render(root, { q, page, category, year }, view))
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
        pub fn trangtin_search(
            module: &str,
            root: &web_sys::Element,
            q: &str,
            page: u32,
            category: &str,
            year: u32,
            view: &js_sys::Object,
        ) -> js_sys::Promise;
    }
}

/// Shows the results of `request` in `root`, loading the search module on first use.
/// `names` are the categories (slug, name); `years` the year filter to fill.
#[cfg(target_arch = "wasm32")]
pub fn show(
    root: &web_sys::Element,
    request: &Request,
    names: &[(String, String)],
    years: Option<web_sys::Element>,
    input: Option<web_sys::Element>,
) {
    use wasm_bindgen::JsValue;
    let set = |o: &js_sys::Object, k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(o, &JsValue::from_str(k), v);
    };
    let origin = leptos::prelude::window()
        .location()
        .origin()
        .unwrap_or_default();
    let view = js_sys::Object::new();
    set(&view, "site", &crate::base_path().into());
    set(&view, "base", &crate::url("/content/search/").into());
    let map = js_sys::Object::new();
    for (slug, name) in names {
        set(&map, slug, &name.into());
    }
    set(&view, "names", &map);
    set(&view, "years", &years.map_or(JsValue::NULL, Into::into));
    set(&view, "input", &input.map_or(JsValue::NULL, Into::into));
    let _ = js::trangtin_search(
        &format!("{origin}{}", crate::url("/search.js")),
        root,
        &request.q,
        request.page,
        &request.category,
        request.year,
        &view,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_query_and_filters() {
        let r = Request {
            q: "đào tạo & \"x\"".into(),
            page: 1,
            category: "tin-tuc".into(),
            year: 2024,
        };
        assert_eq!(
            r.href(Some(2)),
            "/tim-kiem?q=%C4%91%C3%A0o+t%E1%BA%A1o+%26+%22x%22&chuyen-muc=tin-tuc&nam=2024&trang=2"
        );
        assert_eq!(r.href(Some(1)), r.href(None));
    }
}
