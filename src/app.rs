//! The route table.

use crate::bundle::{use_bundle, Bundle};
use crate::components::frame::Frame;
use crate::routes::{
    article::ArticlePage, category::CategoryPage, embed::EmbedRoutes, embed_panel::EmbedPanel,
    home::HomePage, not_found::NotFoundPage, search::SearchPage, video::VideoPage,
};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use trangtin_model::{paths, SiteManifest, Stats};

/// The site manifest, fetched once and shared by every route.
pub type SiteResource = Bundle<SiteManifest>;
/// The visit statistics of the sidebar.
pub type StatsResource = Bundle<Stats>;

#[component]
pub fn App() -> impl IntoView {
    provide_context::<SiteResource>(use_bundle(|| Ok(paths::SITE.to_string())));
    provide_context::<StatsResource>(use_bundle(|| Ok(paths::STATS.to_string())));
    view! {
        <Router base=crate::base_path().trim_end_matches('/').to_string()>
            <Pages/>
        </Router>
    }
}

/// The portal, or a widget page for another site's iframe (`/embed/…`): one or the other
/// for the page's whole life, since widgets link out to the portal in a new tab.
#[component]
fn Pages() -> impl IntoView {
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let base = crate::base_path().trim_end_matches('/');
    let path = path.strip_prefix(base).unwrap_or(&path);
    if path.starts_with("/embed/") {
        return view! { <EmbedRoutes/> }.into_any();
    }
    Effect::new(|_| crate::scroll::install());
    view! {
        <Frame>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/") view=HomePage/>
                <Route path=path!("/bai-viet/:slug") view=ArticlePage/>
                <Route path=path!("/chuyen-muc/:slug") view=CategoryPage/>
                <Route path=path!("/nhung-tin") view=EmbedPanel/>
                <Route path=path!("/video") view=VideoPage/>
                <Route path=path!("/tim-kiem") view=SearchPage/>
            </Routes>
        </Frame>
    }
    .into_any()
}
