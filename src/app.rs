//! The route table.

use crate::components::frame::Frame;
use crate::fetch::{self, FetchError};
use crate::routes::{
    article::ArticlePage, category::CategoryPage, home::HomePage, not_found::NotFoundPage,
};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use trangtin_model::{SiteManifest, Stats};

/// The site manifest, fetched once and shared by every route.
pub type SiteResource = LocalResource<Result<SiteManifest, FetchError>>;
/// The visit statistics of the sidebar.
pub type StatsResource = LocalResource<Result<Stats, FetchError>>;

#[component]
pub fn App() -> impl IntoView {
    provide_context::<SiteResource>(LocalResource::new(fetch::site));
    provide_context::<StatsResource>(LocalResource::new(fetch::stats));
    Effect::new(|_| crate::scroll::install());
    view! {
        <Router>
            <Frame>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/bai-viet/:slug") view=ArticlePage/>
                    <Route path=path!("/chuyen-muc/:slug") view=CategoryPage/>
                </Routes>
            </Frame>
        </Router>
    }
}
