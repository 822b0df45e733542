//! The route table.

use crate::components::frame::Frame;
use crate::fetch;
use crate::routes::{article::ArticlePage, home::HomePage, not_found::NotFoundPage};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The site manifest, fetched once and shared by every route.
pub type SiteResource = LocalResource<Result<trangtin_model::SiteManifest, fetch::FetchError>>;

#[component]
pub fn App() -> impl IntoView {
    let site: SiteResource = LocalResource::new(fetch::site);
    provide_context(site);
    view! {
        <Router>
            <Frame>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/bai-viet/:slug") view=ArticlePage/>
                </Routes>
            </Frame>
        </Router>
    }
}
