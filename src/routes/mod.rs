pub mod article;
pub mod home;
pub mod not_found;

/// Sets the document title: the page's own, then the site's.
pub fn set_title(page: &str, site: Option<&str>) {
    let title = match site {
        Some(site) if site != page => format!("{page} | {site}"),
        _ => page.to_string(),
    };
    leptos::prelude::document().set_title(&title);
}
