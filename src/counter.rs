//! The counter service (`trangtin-stats`), where the site names one in `stats_api`: a
//! page-view beacon per navigation, live visit statistics and votes. Everything here runs
//! in the browser only, from effects and event handlers.

use crate::context::SiteResource;
use crate::fetch::{self, FetchError};
use gloo_net::http::Request;
use leptos::prelude::*;
use trangtin_model::{Stats, Votes};

/// The counter service's URL, once the page is running in the browser. It stays `None`
/// while the page hydrates, so that the browser's first render is the one the prerender
/// made (the static statistics), whatever the manifest says; the live parts follow.
///
/// One per page: the first caller makes it, the others (the vote box) share it.
pub fn use_api() -> Signal<Option<String>> {
    if let Some(Api(api)) = use_context::<Api>() {
        return api;
    }
    let site = expect_context::<SiteResource>();
    let api = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let now = site.ok().and_then(|s| s.site.stats_api);
        if api.get_untracked() != now {
            api.set(now);
        }
    });
    provide_context(Api(api.into()));
    api.into()
}

#[derive(Clone, Copy)]
struct Api(Signal<Option<String>>);

/// Sets the counter service for the components below, where no site manifest is loaded
/// (the newsroom's preview, which shows no live counts: `None`).
pub fn provide_api(api: Option<String>) {
    provide_context(Api(Signal::stored(api)));
}

fn endpoint(api: &str, path: &str) -> String {
    format!("{}/api/{path}", api.trim_end_matches('/'))
}

/// The body of a page view: the path only (no query, no fragment) and where the reader
/// came from.
pub fn hit_body(path: &str, referrer: &str) -> String {
    serde_json::json!({ "path": path, "referrer": referrer }).to_string()
}

/// Reports a page view with `navigator.sendBeacon`: a text/plain body, so no preflight,
/// and it is delivered even when the page is being left.
pub fn send_hit(api: &str, path: &str, referrer: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window
            .navigator()
            .send_beacon_with_opt_str(&endpoint(api, "hit"), Some(&hit_body(path, referrer)));
    }
}

pub async fn stats(api: &str) -> Result<Stats, FetchError> {
    let (status, content_type, body) = fetch::send(Request::get(&endpoint(api, "stats"))).await?;
    fetch::decode(status, content_type.as_deref(), &body)
}

/// The article's votes; with `vote`, votes first (a repeat changes nothing).
pub async fn votes(api: &str, slug: &str, vote: bool) -> Result<Votes, FetchError> {
    let request = if vote {
        Request::post(&endpoint(api, &format!("vote/{slug}")))
    } else {
        Request::get(&endpoint(api, &format!("votes/{slug}")))
    };
    let (status, content_type, body) = fetch::send(request).await?;
    fetch::decode_plain(status, content_type.as_deref(), &body)
}

/// Whether the page is on screen (not a background tab).
pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_and_beacon_bodies() {
        assert_eq!(
            endpoint("https://tk.example.vn/", "votes/a"),
            "https://tk.example.vn/api/votes/a"
        );
        let body: serde_json::Value =
            serde_json::from_str(&hit_body("/bai-viet/\"x\"", "https://ref.vn/")).unwrap();
        assert_eq!(body["path"], "/bai-viet/\"x\"");
        assert_eq!(body["referrer"], "https://ref.vn/");
    }
}
