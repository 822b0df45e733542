//! Lists of article summaries.

use crate::components::picture::{Fetch, Picture};
use crate::format;
use leptos::prelude::*;
use leptos_router::components::A;
use trangtin_model::ArticleSummary;

pub fn article_href(slug: &str) -> String {
    crate::url(&format!("/bai-viet/{slug}"))
}

/// Title, date, and thumbnail and summary where present.
#[component]
pub fn PostList(items: Vec<ArticleSummary>) -> impl IntoView {
    view! {
        <ul class="post-list">
            {items.into_iter().map(|a| view! { <PostItem a/> }).collect_view()}
        </ul>
    }
}

#[component]
fn PostItem(a: ArticleSummary) -> impl IntoView {
    let href = article_href(&a.slug);
    let thumb = a.thumbnail.clone().map(|image| {
        // The title link right beside it is the accessible one; the picture is decoration.
        view! {
            <A href=href.clone() attr:class="post-thumb" attr:tabindex="-1" attr:aria-hidden="true">
                <Picture image alt="" sizes="(min-width: 40rem) 10rem, 6.5rem" width=160 height=90/>
            </A>
        }
    });
    view! {
        <li class="post-item" class:has-thumb=a.thumbnail.is_some()>
            {thumb}
            <div class="post-text">
                <A href=href attr:class="post-title">{a.title}</A>
                <p class="post-meta">
                    <time datetime=format::iso(&a.published)>{format::short_date(a.published.date)}</time>
                    {a.sample.then(|| view! { <span class="badge">"Bài mẫu"</span> })}
                </p>
                {a.summary.map(|s| view! { <p class="post-summary">{s}</p> })}
            </div>
        </li>
    }
}

/// Titles and dates only, for the sidebar.
#[component]
pub fn CompactList(items: Vec<ArticleSummary>) -> impl IntoView {
    view! {
        <ul class="compact-list">
            {items
                .into_iter()
                .map(|a| view! {
                    <li>
                        <A href=article_href(&a.slug)>{a.title}</A>
                        " "
                        <time datetime=format::iso(&a.published)>
                            {format!("({})", format::short_date(a.published.date))}
                        </time>
                    </li>
                })
                .collect_view()}
        </ul>
    }
}

/// The first featured article large, with its picture.
#[component]
pub fn LeadStory(a: ArticleSummary) -> impl IntoView {
    let href = article_href(&a.slug);
    view! {
        <article class="lead-story">
            {a.thumbnail.clone().map(|image| view! {
                <A href=href.clone() attr:class="lead-thumb" attr:tabindex="-1" attr:aria-hidden="true">
                    <Picture image alt="" sizes="(min-width: 72rem) 28rem, (min-width: 48rem) 40vw, calc(100vw - 2rem)" width=800 height=450 fetch=Fetch::First/>
                </A>
            })}
            <h3 class="lead-title"><A href=href>{a.title}</A></h3>
            <p class="post-meta">
                <time datetime=format::iso(&a.published)>{format::long_date(a.published.date)}</time>
                {a.sample.then(|| view! { <span class="badge">"Bài mẫu"</span> })}
            </p>
            {a.summary.map(|s| view! { <p class="post-summary">{s}</p> })}
        </article>
    }
}
