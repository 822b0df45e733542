//! The bundles a prerendered page was rendered from, keyed by their path below the site
//! root, for hydration to render what the server rendered.
//!
//! The page carries `<script type="application/json" id="trangtin-data">` with
//! `{"route": "/bai-viet/x", "fetch": ["content/site.json", "content/bai-viet/x.json"]}`
//! and preloads those bundles (`<link rel=preload>`, beside the wasm), rather than
//! carrying them: an article's page would hold its body twice (README, "Size"). The app
//! fetches them, puts them here, and hydrates. Each bundle is taken once: later
//! navigations fetch as usual. A page may still carry bundles (`bundles`).

use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

pub const SCRIPT_ID: &str = "trangtin-data";

thread_local! {
    static BUNDLES: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// What a prerendered page carries.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Inlined {
    /// The path and query the page was rendered for.
    pub route: String,
    /// Bundles the page carries, in path order: a page rendered twice from the same
    /// bundles is the same bytes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub bundles: BTreeMap<String, Box<serde_json::value::RawValue>>,
    /// Bundles the page was rendered from and preloads: to fetch before hydrating.
    #[serde(default)]
    pub fetch: Vec<String>,
}

impl Inlined {
    /// The JSON to put inside the script element; `<` is escaped so that no bundle text
    /// can close the element.
    pub fn to_script_text(&self) -> String {
        serde_json::to_string(self)
            .expect("inlined bundles serialise")
            .replace('<', "\\u003c")
    }
}

pub fn insert(path: &str, json: String) {
    BUNDLES.with(|b| b.borrow_mut().insert(path.to_string(), json));
}

pub fn has(path: &str) -> bool {
    BUNDLES.with(|b| b.borrow().contains_key(path))
}

pub fn take(path: &str) -> Option<String> {
    BUNDLES.with(|b| b.borrow_mut().remove(path))
}

pub fn clear() {
    BUNDLES.with(|b| b.borrow_mut().clear());
}

/// Reads what the current document says of its bundles: takes those it carries, and
/// returns the route it was rendered for and the bundles still to fetch.
#[cfg(target_arch = "wasm32")]
pub fn load_from_document() -> Option<(String, Vec<String>)> {
    let text = leptos::prelude::document()
        .get_element_by_id(SCRIPT_ID)?
        .text_content()?;
    let inlined: Inlined = serde_json::from_str(&text).ok()?;
    for (path, raw) in inlined.bundles {
        insert(&path, raw.get().to_string());
    }
    let fetch = inlined.fetch.into_iter().filter(|p| !has(p)).collect();
    Some((inlined.route, fetch))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inlined_text_cannot_close_its_script_element() {
        let mut inlined = Inlined {
            route: "/".into(),
            ..Default::default()
        };
        let raw = serde_json::value::RawValue::from_string(
            r#"{"b":"</script><script>alert(1)</script>"}"#.into(),
        )
        .unwrap();
        inlined.bundles.insert("content/x.json".into(), raw);
        let text = inlined.to_script_text();
        assert!(!text.contains('<'), "{text}");
        let back: Inlined = serde_json::from_str(&text).unwrap();
        assert!(back.bundles["content/x.json"]
            .get()
            .contains("\\u003c/script>"));
        let value: serde_json::Value =
            serde_json::from_str(back.bundles["content/x.json"].get()).unwrap();
        assert_eq!(value["b"], "</script><script>alert(1)</script>");
    }

    #[test]
    fn each_bundle_is_taken_once() {
        insert("content/a.json", "{}".into());
        assert_eq!(take("content/a.json").as_deref(), Some("{}"));
        assert_eq!(take("content/a.json"), None);
    }
}
