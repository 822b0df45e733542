//! `/tim-kiem?q=…`: full-text search of every article, in the browser. Readers may type
//! with or without accents; results show highlighted snippets, the category and the
//! date, with pages and filters by category and year, and the URL can be shared.
//!
//! The app renders the form; `search.js`, loaded on the first search, fills the results
//! area (see `crate::search`).

use crate::app::SiteResource;
use crate::routes::{page_param, set_meta};
use crate::search::Request;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::time::Duration;

pub const TITLE: &str = "Tìm kiếm";
pub const DESCRIPTION: &str = "Tìm bài viết theo từ khóa, gõ có dấu hay không dấu đều được";
/// The search box of the search page; `/` focuses it (or the header's elsewhere).
pub const INPUT_ID: &str = "search-q";
/// How long typing pauses before the results follow.
const TYPING_PAUSE: Duration = Duration::from_millis(180);

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let site = expect_context::<SiteResource>();
    let request = Memo::new(move |_| {
        let q = query.read();
        Request {
            q: q.get("q").unwrap_or_default(),
            page: page_param(q.get("trang").as_deref()).unwrap_or(1),
            category: q.get("chuyen-muc").unwrap_or_default(),
            year: q.get("nam").and_then(|y| y.parse().ok()).unwrap_or(0),
        }
    });
    let root = NodeRef::<leptos::html::Div>::new();
    let input = NodeRef::<leptos::html::Input>::new();
    let years = NodeRef::<leptos::html::Select>::new();
    let categories = move || site.ok().map(|s| s.categories).unwrap_or_default();
    // Each request, once the page is live: the title, the box, the results.
    Effect::new(move |_| {
        let r = request.get();
        let name = site.ok().map(|s| s.site.name);
        let q = r.q.trim();
        let title = if q.is_empty() {
            TITLE.to_string()
        } else {
            format!("{TITLE}: {q}")
        };
        set_meta(&title, name.as_deref(), DESCRIPTION);
        // A query from elsewhere (the header box, a link, back and forward) shows in the
        // box, but never overwrites what the reader is typing.
        if let Some(el) = input.get() {
            let focused = document().active_element().is_some_and(|a| {
                let a: &web_sys::Node = a.as_ref();
                a.is_same_node(Some(el.as_ref()))
            });
            if !focused && el.value() != r.q {
                el.set_value(&r.q);
            }
        }
        #[cfg(target_arch = "wasm32")]
        if let Some(root) = root.get() {
            let names: Vec<(String, String)> =
                categories().into_iter().map(|c| (c.slug, c.name)).collect();
            crate::search::show(
                &root,
                &r,
                &names,
                years.get().map(Into::into),
                input.get().map(Into::into),
            );
        }
    });

    let navigate = use_navigate();
    let go = move |r: Request, replace: bool| {
        navigate(
            &crate::url(&r.href(Some(r.page))),
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    };
    // As the reader types, the results (and the URL) follow after a short pause.
    let typing = StoredValue::new(None::<TimeoutHandle>);
    let on_input = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let q = event_target_value(&ev);
            if let Some(h) = typing.get_value() {
                h.clear();
            }
            let go = go.clone();
            let pause = set_timeout_with_handle(
                move || {
                    let r = Request {
                        q: q.clone(),
                        page: 1,
                        ..request.get_untracked()
                    };
                    if r != request.get_untracked() {
                        go(r, true);
                    }
                },
                TYPING_PAUSE,
            );
            typing.set_value(pause.ok());
        }
    };
    let on_submit = {
        let go = go.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if let Some(h) = typing.get_value() {
                h.clear();
            }
            let q = input.get().map(|el| el.value()).unwrap_or_default();
            let r = Request {
                q,
                page: 1,
                ..request.get_untracked()
            };
            go(r, false);
        }
    };
    // A filter applies at once, from the first page.
    let on_filter = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let mut r = Request {
            page: 1,
            ..request.get_untracked()
        };
        match ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|t| t.get_attribute("name"))
            .as_deref()
        {
            Some("nam") => r.year = value.parse().unwrap_or(0),
            _ => r.category = value,
        }
        go(r, false);
    };

    view! {
        <section class="search-page" aria-labelledby="search-title">
            <h1 id="search-title" class="section-title">{TITLE}</h1>
            <form class="search-form" role="search" action=crate::url("/tim-kiem") method="get" on:submit=on_submit>
                <div class="search-box">
                    <label for=INPUT_ID class="visually-hidden">"Từ khóa tìm kiếm"</label>
                    <input
                        id=INPUT_ID
                        node_ref=input
                        type="search"
                        name="q"
                        placeholder="Nhập từ khóa, có dấu hoặc không dấu"
                        autocomplete="off"
                        enterkeyhint="search"
                        aria-keyshortcuts="/"
                        aria-controls="search-output"
                        on:input=on_input
                    />
                    <button type="submit" class="button">"Tìm"</button>
                </div>
                <div class="search-filters">
                    <label>
                        "Chuyên mục "
                        <select name="chuyen-muc" on:change=on_filter.clone() prop:value=move || request.get().category>
                            <option value="">"Tất cả"</option>
                            {move || categories()
                                .into_iter()
                                .map(|c| view! { <option value=c.slug>{c.name}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <label>
                        "Năm "
                        <select name="nam" node_ref=years on:change=on_filter>
                            <option value="">"Mọi năm"</option>
                        </select>
                    </label>
                </div>
            </form>
            <noscript><p class="empty">"Tìm kiếm chạy trong trình duyệt: hãy bật JavaScript."</p></noscript>
            <div id="search-output" class="search-output" node_ref=root></div>
        </section>
    }
}
