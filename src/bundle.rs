//! A route's bundle as a reactive value. It starts from the bundle inlined in the page
//! when there is one (prerendered pages carry theirs, so hydration renders exactly what
//! the server rendered, without a fetch), and fetches otherwise.

use crate::fetch::{self, BundlePath, FetchError};
use crate::preload;
use leptos::prelude::*;
use serde::de::DeserializeOwned;

pub type BundleState<T> = Option<Result<T, FetchError>>;

/// `None` while loading.
pub struct Bundle<T: Send + Sync + 'static> {
    state: RwSignal<BundleState<T>>,
    reload: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Bundle<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Bundle<T> {}

impl<T: Clone + Send + Sync + 'static> Bundle<T> {
    pub fn get(&self) -> BundleState<T> {
        self.state.get()
    }

    /// `f` of the state, without a copy of the bundle.
    pub fn with<R>(&self, f: impl FnOnce(&BundleState<T>) -> R) -> R {
        self.state.with(f)
    }

    /// The loaded bundle, or `None` while loading or after a failure.
    pub fn ok(&self) -> Option<T> {
        self.state.get().and_then(Result::ok)
    }

    pub fn refetch(&self) {
        self.reload.update(|n| *n += 1);
    }
}

/// Follows `path` (which may read route params): each new path is fetched once.
pub fn use_bundle<T>(path: impl Fn() -> BundlePath + Send + Sync + 'static) -> Bundle<T>
where
    T: DeserializeOwned + Clone + Send + Sync + 'static,
{
    let first = untrack(&path);
    let initial: BundleState<T> = match &first {
        Err(e) => Some(Err(e.clone())),
        Ok(p) => preload::take(p).map(|raw| fetch::decode(200, None, &raw)),
    };
    // What the first run of the effect finds already answered. The path may have moved on
    // before that run (a page hydrated at the address it was rendered for, then taken to
    // the real one): then it fetches.
    let answered = initial.is_some().then_some(first);
    let state = RwSignal::new(initial);
    let reload = RwSignal::new(0u32);
    let generation = StoredValue::new(0u64);
    // The request of the page shown: aborted when the reader moves on.
    let inflight = StoredValue::new_local(None::<web_sys::AbortController>);
    let leave = move || {
        inflight.update_value(|c| {
            if let Some(c) = c.take() {
                c.abort();
            }
        })
    };
    on_cleanup(leave);
    Effect::new(move |previous: Option<()>| {
        reload.track();
        let current = path();
        if previous.is_none() && answered.as_ref() == Some(&current) {
            return;
        }
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        leave();
        match current {
            Err(e) => state.set(Some(Err(e))),
            Ok(p) => {
                state.set(None);
                let controller = web_sys::AbortController::new().ok();
                let signal = controller.as_ref().map(|c| c.signal());
                inflight.set_value(controller);
                leptos::task::spawn_local(async move {
                    let result = fetch::get::<T>(&p, signal.as_ref()).await;
                    // A newer navigation may have started meanwhile; its answer wins.
                    if !matches!(result, Err(FetchError::Aborted))
                        && generation.try_get_value() == Some(mine)
                    {
                        state.try_set(Some(result));
                    }
                });
            }
        }
    });
    Bundle { state, reload }
}
