#![recursion_limit = "512"]
//! The trangtin single-page app: fetches the content bundles and renders the portal.
//! The same components render to HTML at build time (`ssr`) and hydrate in the browser
//! (`hydrate`); `csr` renders in the browser alone.

pub mod app;
pub mod bundle;
pub mod components;
pub mod context;
pub mod counter;
pub mod fetch;
pub mod format;
pub mod offline;
pub mod preload;
#[cfg(feature = "ssr")]
pub mod prerender;
pub mod routes;
pub mod scroll;
pub mod search;

/// An internal path (`/bai-viet/x`) as a link under the base path; other links unchanged.
pub fn url(path: &str) -> String {
    match path.strip_prefix('/') {
        Some(rest) => format!("{}{rest}", base_path()),
        None => path.to_string(),
    }
}

/// The path the site is served under, with leading and trailing slashes (`/` or
/// `/portal/`). Set at build time through `TRANGTIN_BASE_PATH`; the publisher, which
/// renders pages natively, sets it at run time instead (`set_base_path`), so that one
/// executable publishes a site for any base path.
pub fn base_path() -> &'static str {
    #[cfg(feature = "ssr")]
    if let Some(p) = RUNTIME_BASE_PATH.get() {
        return p;
    }
    match option_env!("TRANGTIN_BASE_PATH") {
        Some(p) if p.starts_with('/') && p.ends_with('/') => p,
        _ => "/",
    }
}

#[cfg(feature = "ssr")]
static RUNTIME_BASE_PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Sets the base path for native rendering, once per process. Returns false when it was
/// already set to another path (the pages would mix two sites' links).
#[cfg(feature = "ssr")]
pub fn set_base_path(path: &str) -> bool {
    let valid = path.starts_with('/') && path.ends_with('/');
    let path = if valid { path } else { "/" };
    RUNTIME_BASE_PATH.get_or_init(|| path.to_string()) == path
}

/// A router path (`/portal/bai-viet/x`) without the base path the site is served under.
pub fn below_base(path: &str) -> &str {
    path.strip_prefix(base_path().trim_end_matches('/'))
        .unwrap_or(path)
}

/// Starts the app in the browser. A prerendered page is hydrated: the app takes over the
/// HTML already on the page. A page without prerendered content is rendered from scratch.
#[cfg(all(target_arch = "wasm32", any(feature = "hydrate", feature = "csr")))]
pub fn start() {
    console_error_panic_hook::set_once();
    offline::register();
    #[cfg(feature = "hydrate")]
    if let Some((rendered_for, fetch)) = preload::load_from_document() {
        if fetch.is_empty() {
            hydrate(&rendered_for);
            return;
        }
        // The bundles the page was rendered from are preloaded (`<link rel=preload>`,
        // beside the wasm) rather than carried: hydration needs them to render what the
        // server rendered.
        wasm_bindgen_futures::spawn_local(async move {
            // One after the other: the page's preloads asked for them all at once.
            let mut whole = true;
            for path in &fetch {
                let url = format!("{}{path}", base_path());
                let answer = fetch::send(gloo_net::http::Request::get(&url)).await;
                let checked = answer.and_then(|(status, content_type, body)| {
                    fetch::decode::<trangtin_model::VersionProbe>(
                        status,
                        content_type.as_deref(),
                        &body,
                    )
                    .map(|_| body)
                });
                match checked {
                    Ok(body) => preload::insert(path, body),
                    Err(e) => {
                        leptos::logging::error!("{url}: {}", e.message());
                        whole = false;
                        break;
                    }
                }
            }
            // Without them the prerendered page stays as it is: readable, with plain
            // links. What only the app fills in says so, rather than loading for ever.
            if whole {
                hydrate(&rendered_for);
            } else {
                say_unloaded();
            }
        });
        return;
    }
    leptos::mount::mount_to_body(app::App);
}

/// The page's bundles did not come: the parts the app would fill in (the lists, the
/// statistics) say so, with a way to try again, instead of waiting for ever.
#[cfg(all(target_arch = "wasm32", feature = "hydrate"))]
fn say_unloaded() {
    let document = leptos::prelude::document();
    let Ok(waiting) = document.query_selector_all("[aria-busy=true]") else {
        return;
    };
    for i in 0..waiting.length() {
        let Some(Ok(part)) = waiting
            .item(i)
            .map(wasm_bindgen::JsCast::dyn_into::<web_sys::Element>)
        else {
            continue;
        };
        let _ = part.set_attribute("aria-busy", "false");
        if let Ok(Some(status)) = part.query_selector(".lists-status") {
            status.set_text_content(Some("Không tải được danh sách tin. "));
            if let Ok(again) = document.create_element("a") {
                let _ = again.set_attribute("href", "");
                again.set_text_content(Some("Tải lại trang"));
                let _ = status.append_child(&again);
            }
        }
    }
}

/// Hydrates a page rendered for `rendered_for`. A CDN serves one file for several URLs:
/// `404.html` for every unknown path, and a category's first page for `?trang=N`. The app
/// then hydrates at the address the HTML was rendered for, so that both agree node for
/// node, and moves on to the real address as an ordinary client-side navigation.
#[cfg(all(target_arch = "wasm32", feature = "hydrate"))]
fn hydrate(rendered_for: &str) {
    let window = leptos::prelude::window();
    let location = window.location();
    let here = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    let target = format!("{}{}", base_path().trim_end_matches('/'), rendered_for);
    let history = window.history().ok();
    let detour = here != target;
    if let (true, Some(h)) = (detour, &history) {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&target));
    }
    leptos::mount::hydrate_body(app::App);
    if let (true, Some(h)) = (detour, &history) {
        let real = format!("{here}{}", location.hash().unwrap_or_default());
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&real));
        if let Ok(event) = web_sys::PopStateEvent::new("popstate") {
            let _ = window.dispatch_event(&event);
        }
    }
}

#[cfg(test)]
mod tests {
    /// The script widget (plain JS, for other sites) checks bundles' schema itself.
    #[test]
    fn the_widget_script_reads_the_schema_the_bundler_writes() {
        let script = include_str!("../assets/widget.js");
        let line = format!("var SCHEMA = {};", trangtin_model::SCHEMA_VERSION);
        assert!(script.contains(&line), "assets/widget.js lacks `{line}`");
    }
}
