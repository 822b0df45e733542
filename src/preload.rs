//! Bundles inlined in a prerendered page, keyed by their path below the site root.
//!
//! The page carries `<script type="application/json" id="trangtin-data">` with
//! `{"route": "/bai-viet/x", "bundles": {"content/bai-viet/x.json": {...}, ...}}`. Each
//! bundle is taken once: later navigations fetch as usual. The site manifest, the same on
//! every page, is not inlined: the page preloads it, and the browser caches it.

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
    /// In path order: a page rendered twice from the same bundles is the same bytes.
    pub bundles: BTreeMap<String, Box<serde_json::value::RawValue>>,
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

/// Reads the inlined bundles of the current document; returns the route they were
/// rendered for.
#[cfg(target_arch = "wasm32")]
pub fn load_from_document() -> Option<String> {
    let text = leptos::prelude::document()
        .get_element_by_id(SCRIPT_ID)?
        .text_content()?;
    let inlined: Inlined = serde_json::from_str(&text).ok()?;
    for (path, raw) in inlined.bundles {
        insert(&path, raw.get().to_string());
    }
    Some(inlined.route)
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
