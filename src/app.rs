//! The route table.

use crate::bundle::{use_bundle, Bundle};
use crate::components::frame::Frame;
use crate::routes::{
    article::ArticlePage, category::CategoryPage, home::HomePage, not_found::NotFoundPage,
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
    Effect::new(|_| crate::scroll::install());
    view! {
        <Router base=crate::base_path().trim_end_matches('/').to_string()>
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
