//! What the app shares with every route and component: the site manifest, the lists
//! every page shows, and the section the page belongs to. Components read these from
//! here, never from the route table (`app.rs`).

use crate::bundle::{use_bundle, Bundle, BundleState};
use crate::fetch::FetchError;
use leptos::prelude::*;
use trangtin_model::{paths, Lists, SiteManifest, Stats};

/// The site manifest, fetched once and shared by every route.
pub type SiteResource = Bundle<SiteManifest>;

/// "Tin mới", "Tin tiêu điểm", "Tin đọc nhiều" and the static statistics. No page is
/// rendered with them (they change with every publish), so they are fetched once the app
/// runs: on a prerendered page, right after hydration, into the space the page reserved.
pub type ListsResource = Bundle<Lists>;

/// The category the page shown belongs to, for the menu to mark: a category page's own
/// link marks itself (`aria-current`); an article sets its category here once loaded.
#[derive(Clone, Copy)]
pub struct Section(pub RwSignal<Option<String>>);

/// Provides the manifest and the lists to everything below.
pub fn provide_shared() {
    let site: SiteResource = use_bundle(|| Ok(paths::SITE.to_string()));
    provide_context::<SiteResource>(site);
    provide_context::<ListsResource>(use_bundle(|| Ok(paths::LISTS.to_string())));
}

/// The site's static statistics, as the lists carry them: `None` while loading, not found
/// where the site publishes none.
pub fn static_stats(lists: &BundleState<Lists>) -> BundleState<Stats> {
    match lists {
        None => None,
        Some(Ok(l)) => Some(l.stats.clone().ok_or(FetchError::NotFound)),
        Some(Err(e)) => Some(Err(e.clone())),
    }
}
