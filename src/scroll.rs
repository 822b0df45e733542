//! Scroll restoration for back and forward. The browser's own restoration runs before a
//! route has fetched its bundle, when the page is still short; so positions are kept per
//! URL here and re-applied once the route has rendered its content.

use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

thread_local! {
    static POSITIONS: RefCell<HashMap<String, f64>> = RefCell::new(HashMap::new());
    static PENDING: Cell<Option<f64>> = const { Cell::new(None) };
}

fn here() -> String {
    let l = window().location();
    format!(
        "{}{}",
        l.pathname().unwrap_or_default(),
        l.search().unwrap_or_default()
    )
}

/// Starts tracking; call once, in the browser.
pub fn install() {
    let w = window();
    if let Ok(history) = w.history() {
        let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
    let on_scroll = Closure::<dyn Fn()>::new(|| {
        let y = window().scroll_y().unwrap_or(0.0);
        POSITIONS.with(|p| p.borrow_mut().insert(here(), y));
    });
    let on_pop = Closure::<dyn Fn()>::new(|| {
        let saved = POSITIONS.with(|p| p.borrow().get(&here()).copied());
        PENDING.with(|p| p.set(saved));
    });
    let _ = w.add_event_listener_with_callback("scroll", on_scroll.as_ref().unchecked_ref());
    let _ = w.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    // The listeners live as long as the page.
    on_scroll.forget();
    on_pop.forget();
}

/// Called by a route once its content is on the page: after back or forward, returns to
/// where the reader was.
pub fn restore() {
    if let Some(y) = PENDING.with(Cell::take) {
        request_animation_frame(move || window().scroll_to_with_x_and_y(0.0, y));
    }
}
