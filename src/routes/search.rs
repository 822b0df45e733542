//! `/tim-kiem?q=…`: full-text search of every article, in the browser. Readers may type
//! with or without accents; results show highlighted snippets, the category and the
//! date, with pages and filters by category and year, and the URL can be shared.
//!
//! The app renders the form; `search.js`, loaded on the first search, fills the results
//! area (see `crate::search`).

use crate::context::SiteResource;
use crate::routes::set_meta;
use crate::search::INPUT_ID;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

pub const TITLE: &str = "Tìm kiếm";
pub const DESCRIPTION: &str = "Tìm bài viết theo từ khóa, gõ có dấu hay không dấu đều được";

#[component]
pub fn SearchPage() -> impl IntoView {
    let location = use_location();
    let site = expect_context::<SiteResource>();
    let root = NodeRef::<leptos::html::Div>::new();
    let input = NodeRef::<leptos::html::Input>::new();
    let filters = NodeRef::<leptos::html::Div>::new();
    // Each query, once the page is live: the title, then the results. (Typing and the
    // filters are handled by `search.js`, which moves the address along.)
    Effect::new(move |_| {
        let search = location.search.get();
        let site = site.ok();
        let q = location.query.with(|q| q.get("q")).unwrap_or_default();
        let title = match q.trim() {
            "" => TITLE.to_string(),
            q => format!("{TITLE}: {q}"),
        };
        set_meta(
            &title,
            site.as_ref().map(|s| s.site.name.as_str()),
            DESCRIPTION,
        );
        #[cfg(target_arch = "wasm32")]
        if let (Some(root), Some(input), Some(filters)) = (root.get(), input.get(), filters.get()) {
            let mut names = String::new();
            for c in site.map(|s| s.categories).unwrap_or_default() {
                names.push_str(&format!("{}\t{}\n", c.slug, c.name));
            }
            crate::search::show(&root, &search, &names, &filters, &input);
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (search, root, input, filters);
    });

    view! {
        <section class="search-page" aria-labelledby="search-title">
            <h1 id="search-title" class="section-title">{TITLE}</h1>
            <form class="search-form" role="search" action=crate::url("/tim-kiem") method="get">
                <div class="search-box">
                    <label for=INPUT_ID class="visually-hidden">"Từ khóa tìm kiếm"</label>
                    <input
                        id=INPUT_ID
                        node_ref=input
                        type="search"
                        name="q"
                        placeholder="Nhập từ khóa, có dấu hoặc không dấu"
                        autocomplete="off"
                        aria-keyshortcuts="/"
                        aria-controls="search-output"
                    />
                    <button type="submit" class="button">"Tìm"</button>
                </div>
                <div class="search-filters" node_ref=filters></div>
            </form>
            <noscript><p class="empty">"Tìm kiếm chạy trong trình duyệt: hãy bật JavaScript."</p></noscript>
            <div id="search-output" class="search-output" node_ref=root></div>
        </section>
    }
}
