//! Two routes, one fetched JSON document shown as a title and HTML body, one link.
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

#[derive(serde::Deserialize, Clone)]
struct Page {
    title: String,
    body: String,
}

#[component]
fn Home() -> impl IntoView {
    let page = LocalResource::new(|| async {
        let answer = gloo_net::http::Request::get("/page.json")
            .send()
            .await
            .ok()?;
        let text = answer.text().await.ok()?;
        serde_json::from_str::<Page>(&text).ok()
    });
    view! {
        <main>
            <A href="/bai/a">"Bài"</A>
            {move || page.get().flatten().map(|p| view! { <h1>{p.title}</h1><div inner_html=p.body></div> })}
        </main>
    }
}

#[component]
fn App() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=|| "Không tìm thấy">
                <Route path=path!("/") view=Home/>
                <Route path=path!("/bai/:slug") view=Home/>
            </Routes>
        </Router>
    }
}

fn main() {
    leptos::mount::hydrate_body(App);
}
