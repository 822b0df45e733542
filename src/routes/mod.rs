pub mod article;
pub mod category;
pub mod embed;
pub mod embed_panel;
pub mod home;
pub mod not_found;
pub mod search;
pub mod video;

use wasm_bindgen::JsCast;

/// A page's document title: its own, then the site's.
pub fn page_title(page: &str, site: Option<&str>) -> String {
    match site {
        Some(site) if site != page => format!("{page} | {site}"),
        _ => page.to_string(),
    }
}

pub const NOT_FOUND_TITLE: &str = "Không tìm thấy trang";
pub const NOT_FOUND_DESCRIPTION: &str = "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.";

// Each page's description, the same whether the prerender writes it into the head or
// the app sets it after a client-side navigation.

pub fn home_description(site: &trangtin_model::SiteInfo) -> String {
    let tagline = site
        .tagline
        .as_deref()
        .map(|t| format!(", {t}"))
        .unwrap_or_default();
    format!("Trang tin điện tử {}{tagline}", site.name)
}

pub fn category_description(category: &trangtin_model::Category, site_name: &str) -> String {
    category
        .description
        .clone()
        .unwrap_or_else(|| format!("Tin bài chuyên mục {} - {site_name}", category.name))
}

pub fn article_description(article: &trangtin_model::Article) -> String {
    article
        .summary
        .clone()
        .or_else(|| article.lead.clone())
        .unwrap_or_else(|| article.title.clone())
}

/// Sets the document title and the meta description.
pub fn set_meta(page: &str, site: Option<&str>, description: &str) {
    let title = page_title(page, site);
    let document = leptos::prelude::document();
    document.set_title(&title);
    if let Some(meta) = document
        .query_selector("meta[name=description]")
        .ok()
        .flatten()
        .and_then(|m| m.dyn_into::<web_sys::HtmlMetaElement>().ok())
    {
        meta.set_content(description);
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
