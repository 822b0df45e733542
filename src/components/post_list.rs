//! A list of article summaries.

use crate::format;
use leptos::prelude::*;
use leptos_router::components::A;
use trangtin_model::ArticleSummary;

#[component]
pub fn PostList(items: Vec<ArticleSummary>) -> impl IntoView {
    view! {
        <ul class="post-list">
            {items
                .into_iter()
                .map(|a| {
                    let href = format!("/bai-viet/{}", a.slug);
                    view! {
                        <li class="post-item">
                            <A href=href attr:class="post-title">{a.title}</A>
                            <time datetime=format::iso(&a.published)>
                                {format::short_date(a.published.date)}
                            </time>
                            {a.sample.then(|| view! { <span class="badge">"Bài mẫu"</span> })}
                            {a.summary.map(|s| view! { <p class="post-summary">{s}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
