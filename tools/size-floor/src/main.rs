//! The smallest apps on the portal's stack, one layer at a time (cargo features):
//! - none: Leptos hydrating one component (a counter button);
//! - `router`: inside leptos_router's `<Router>`, with an `<A>` link and two routes matched
//!   from `use_location()`, as the portal matches its routes;
//! - `routes`: the same two routes through leptos_router's `<Routes>` instead;
//! - `fetch` (with `router`): the page shows a JSON document fetched with gloo-net and read
//!   with serde_json, as the portal reads its bundles.
use leptos::prelude::*;

#[cfg(feature = "fetch")]
#[derive(serde::Deserialize, Clone)]
struct Page {
    title: String,
    body: String,
}

#[component]
fn Home() -> impl IntoView {
    let count = RwSignal::new(0);
    #[cfg(feature = "fetch")]
    let page = LocalResource::new(|| async {
        let answer = gloo_net::http::Request::get("/page.json")
            .send()
            .await
            .ok()?;
        let text = answer.text().await.ok()?;
        serde_json::from_str::<Page>(&text).ok()
    });
    #[cfg(feature = "fetch")]
    let shown = move || {
        page.get()
            .flatten()
            .map(|p| view! { <h1>{p.title}</h1><div inner_html=p.body></div> })
    };
    #[cfg(not(feature = "fetch"))]
    let shown = || ();
    #[cfg(any(feature = "router", feature = "routes"))]
    let link =
        view! { <leptos_router::components::A href="/bai/a">"Bài"</leptos_router::components::A> };
    #[cfg(not(any(feature = "router", feature = "routes")))]
    let link = ();
    view! {
        <main>
            {link}
            <button on:click=move |_| count.update(|n| *n += 1)>{count}</button>
            {shown}
        </main>
    }
}

#[cfg(feature = "router")]
#[component]
fn Pages() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    move || match location.pathname.get().as_str() {
        "/" => view! { <Home/> }.into_any(),
        p if p.starts_with("/bai/") => view! { <Home/> }.into_any(),
        _ => "Không tìm thấy".into_any(),
    }
}

#[cfg(feature = "routes")]
#[component]
fn Pages() -> impl IntoView {
    use leptos_router::components::{Route, Routes};
    use leptos_router::path;
    view! {
        <Routes fallback=|| "Không tìm thấy">
            <Route path=path!("/") view=Home/>
            <Route path=path!("/bai/:slug") view=Home/>
        </Routes>
    }
}

#[component]
fn App() -> impl IntoView {
    #[cfg(any(feature = "router", feature = "routes"))]
    return view! { <leptos_router::components::Router><Pages/></leptos_router::components::Router> };
    #[cfg(not(any(feature = "router", feature = "routes")))]
    view! { <Home/> }
}

fn main() {
    leptos::mount::hydrate_body(App);
}
