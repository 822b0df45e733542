use leptos::prelude::*;
use leptos_router::components::A;

/// The address of a category's front page (`page` 0) or of one of its archive pages.
pub fn category_href(slug: &str, page: u32) -> String {
    match page {
        0 => crate::url(&format!("/chuyen-muc/{slug}")),
        n => crate::url(&format!("/chuyen-muc/{slug}/trang-{n}")),
    }
}

/// The links between a category's listing pages: a page knows only its neighbours, the
/// front page and the oldest page, so that an archive page does not change as the archive
/// grows. `rel="prev"` points to newer articles, `rel="next"` to older ones, as the pages
/// follow each other from the front page.
#[component]
pub fn ArchiveNav(
    slug: String,
    page: u32,
    older: Option<u32>,
    newer: Option<u32>,
) -> impl IntoView {
    if page == 0 && older.is_none() {
        return ().into_any();
    }
    // On an archive page, no newer archive page means the newer articles are in front.
    let newer = (page > 0).then(|| newer.unwrap_or(0));
    let link = |to: u32, rel: Option<&'static str>, text: &'static str| {
        view! { <li><A href=category_href(&slug, to) exact=true attr:rel=rel>{text}</A></li> }
    };
    view! {
        <nav class="pagination" aria-label="Các trang của chuyên mục">
            <ul>
                {(newer.is_some_and(|n| n > 0)).then(|| link(0, None, "« Mới nhất"))}
                {newer.map(|n| link(n, Some("prev"), "‹ Mới hơn"))}
                {(page > 0).then(|| view! {
                    <li><span class="current" aria-current="page">{format!("Trang {page}")}</span></li>
                })}
                {older.map(|n| link(n, Some("next"), "Cũ hơn ›"))}
                {older.filter(|&n| n > 1).map(|_| link(1, None, "Cũ nhất »"))}
            </ul>
        </nav>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::category_href;

    #[test]
    fn listing_pages_have_addresses_of_their_own() {
        assert!(category_href("tin", 0).ends_with("/chuyen-muc/tin"));
        assert!(category_href("tin", 7).ends_with("/chuyen-muc/tin/trang-7"));
    }
}
