//! The route table.

use crate::components::frame::Frame;
use crate::context::{provide_shared, Section};
use crate::routes::{
    article::ArticlePage, category::CategoryPage, embed::EmbedRoutes, embed_panel::EmbedPanel,
    home::HomePage, not_found::NotFoundPage, search::SearchPage, video::VideoPage,
};
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};

/// The portal's pages, as their addresses name them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Article(String),
    /// A category's front page (0) or one of its archive pages, counted from the oldest
    /// (`/chuyen-muc/{slug}/trang-{n}`).
    Category(String, u32),
    /// `/nhung-tin`: the widgets other sites can embed.
    Embeds,
    Video,
    Search,
    NotFound,
}

impl Route {
    /// The page at `path` (below the base path; one trailing slash allowed, as a CDN
    /// serving `dir/index.html` may add it).
    pub fn of(path: &str) -> Route {
        let path = match path.strip_suffix('/') {
            Some(p) if !p.is_empty() => p,
            _ => path,
        };
        let slug = |rest: &str| (!rest.is_empty() && !rest.contains('/')).then(|| rest.to_string());
        match path {
            "/" | "" => Route::Home,
            "/nhung-tin" => Route::Embeds,
            "/video" => Route::Video,
            "/tim-kiem" => Route::Search,
            _ => {
                if let Some(s) = path.strip_prefix("/bai-viet/").and_then(slug) {
                    Route::Article(s)
                } else if let Some(rest) = path.strip_prefix("/chuyen-muc/") {
                    let (s, page) = match rest.split_once('/') {
                        None => (rest, Some(0)),
                        Some((s, page)) => (s, archive_page(page)),
                    };
                    match (slug(s), page) {
                        (Some(s), Some(page)) => Route::Category(s, page),
                        _ => Route::NotFound,
                    }
                } else {
                    Route::NotFound
                }
            }
        }
    }
}

/// `trang-{n}`, n ≥ 1, written as the bundler writes it (no leading zeros).
fn archive_page(segment: &str) -> Option<u32> {
    let n = segment.strip_prefix("trang-")?;
    let plain = !n.is_empty() && n.len() <= 6 && !n.starts_with('0');
    plain
        .then(|| n.parse().ok())
        .flatten()
        .filter(|&n: &u32| n >= 1)
}

#[component]
pub fn App() -> impl IntoView {
    provide_shared();
    view! {
        <Router base=crate::base_path().trim_end_matches('/').to_string()>
            <Pages/>
        </Router>
    }
}

/// The portal, or a widget page for another site's iframe (`/embed/…`): one or the other
/// for the page's whole life, since widgets link out to the portal in a new tab.
///
/// Routes are matched here rather than by leptos_router's `<Routes>`: six fixed shapes
/// need no route-matching engine, and leaving it out takes about 28 KB (brotli) off the
/// wasm (README, "Size").
#[component]
fn Pages() -> impl IntoView {
    let location = use_location();
    if crate::below_base(&location.pathname.get_untracked()).starts_with("/embed/") {
        return view! { <EmbedRoutes/> }.into_any();
    }
    Effect::new(|_| crate::scroll::install());
    provide_context(Section(RwSignal::new(None)));
    // A new page only when the route changes, not on every change of the query.
    let route = Memo::new(move |_| Route::of(crate::below_base(&location.pathname.get())));
    // The router puts a new path in the address bar once the page for it is rendered,
    // which is what `<Routes>` would tell it; effects run after rendering.
    let browser_url = use_context::<BrowserUrl>();
    Effect::new(move |_| {
        location.pathname.track();
        if let Some(url) = &browser_url {
            url.ready_to_complete();
        }
    });
    view! {
        <Frame>
            {move || match route.get() {
                Route::Home => view! { <HomePage/> }.into_any(),
                Route::Article(slug) => view! { <ArticlePage slug/> }.into_any(),
                Route::Category(slug, page) => view! { <CategoryPage slug page/> }.into_any(),
                Route::Embeds => view! { <EmbedPanel/> }.into_any(),
                Route::Video => view! { <VideoPage/> }.into_any(),
                Route::Search => view! { <SearchPage/> }.into_any(),
                Route::NotFound => view! { <NotFoundPage/> }.into_any(),
            }}
        </Frame>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn addresses_name_their_pages() {
        let article = || Route::Article("tin-a".into());
        for (path, route) in [
            ("/", Route::Home),
            ("", Route::Home),
            ("/bai-viet/tin-a", article()),
            ("/bai-viet/tin-a/", article()),
            ("/chuyen-muc/tin", Route::Category("tin".into(), 0)),
            ("/chuyen-muc/tin/", Route::Category("tin".into(), 0)),
            (
                "/chuyen-muc/tin/trang-12",
                Route::Category("tin".into(), 12),
            ),
            (
                "/chuyen-muc/tin/trang-12/",
                Route::Category("tin".into(), 12),
            ),
            ("/chuyen-muc/tin/trang-0", Route::NotFound),
            ("/chuyen-muc/tin/trang-01", Route::NotFound),
            ("/chuyen-muc/tin/trang-", Route::NotFound),
            ("/chuyen-muc/tin/trang-x", Route::NotFound),
            ("/chuyen-muc/tin/2", Route::NotFound),
            ("/chuyen-muc/tin/trang-2/x", Route::NotFound),
            ("/chuyen-muc//trang-2", Route::NotFound),
            ("/nhung-tin", Route::Embeds),
            ("/nhung-tin/", Route::Embeds),
            ("/video", Route::Video),
            ("/tim-kiem", Route::Search),
            ("/bai-viet", Route::NotFound),
            ("/bai-viet/", Route::NotFound),
            ("/bai-viet/a/b", Route::NotFound),
            ("/bai-viet//", Route::NotFound),
            ("/video/x", Route::NotFound),
            ("/khong-co", Route::NotFound),
            ("//", Route::Home),
        ] {
            assert_eq!(Route::of(path), route, "{path:?}");
        }
    }
}
