//! Offline reading: registers the service worker (`assets/sw.js`, stamped by `trangtin
//! publish`), which keeps what the reader opened, and tells the reader when they are
//! offline. Widgets' `/embed/` pages never register it.

/// Where the worker answers with the saved articles, online or not.
pub const SAVED_PAGE: &str = "/ngoai-tuyen";

/// Whether the browser says it has no network.
pub fn is_offline() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().is_some_and(|w| !w.navigator().on_line())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        false
    }
}

/// Registers the worker once the page has loaded, where the browser has service workers.
#[cfg(target_arch = "wasm32")]
pub fn register() {
    use wasm_bindgen::JsValue;
    let Some(window) = web_sys::window() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    if crate::below_base(&path).starts_with("/embed/") {
        return;
    }
    let navigator = window.navigator();
    // Missing in old browsers and on plain-http addresses other than localhost.
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let promise = navigator
        .service_worker()
        .register(&format!("{}sw.js", crate::base_path()));
    wasm_bindgen_futures::spawn_local(async move {
        // A site published without the worker, or a browser that refuses it, still
        // reads online; it is said in the console only.
        if let Err(e) = wasm_bindgen_futures::JsFuture::from(promise).await {
            leptos::logging::warn!("service worker not registered: {e:?}");
        }
    });
}
