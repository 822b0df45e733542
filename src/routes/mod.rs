pub mod article;
pub mod category;
pub mod home;
pub mod not_found;

use wasm_bindgen::JsCast;

/// A page's document title: its own, then the site's.
pub fn page_title(page: &str, site: Option<&str>) -> String {
    match site {
        Some(site) if site != page => format!("{page} | {site}"),
        _ => page.to_string(),
    }
}

/// Sets the document title and the meta description.
pub fn set_meta(page: &str, site: Option<&str>, description: Option<&str>) {
    let title = page_title(page, site);
    let document = leptos::prelude::document();
    document.set_title(&title);
    if let Some(meta) = document
        .query_selector("meta[name=description]")
        .ok()
        .flatten()
        .and_then(|m| m.dyn_into::<web_sys::HtmlMetaElement>().ok())
    {
        meta.set_content(description.unwrap_or(page));
    }
}

/// `?trang=N` as a page number: absent is page 1; anything but a whole number ≥ 1 is
/// not a page.
pub fn page_param(raw: Option<&str>) -> Option<u32> {
    match raw {
        None => Some(1),
        Some(s) if !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok().filter(|&n| n >= 1)
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::page_param;

    #[test]
    fn page_numbers_are_whole_numbers_from_one() {
        assert_eq!(page_param(None), Some(1));
        assert_eq!(page_param(Some("2")), Some(2));
        for bad in ["0", "-1", "abc", "", "1.5", "+2", "9999999", " 2"] {
            assert_eq!(page_param(Some(bad)), None, "{bad:?}");
        }
    }
}
