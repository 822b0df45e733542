//! The article: category, title, date, reading time, lead, body with figures, byline,
//! vote count and share links.

use crate::components::share::ShareBar;
use crate::counter;
use crate::format;
use leptos::prelude::*;
use trangtin_model::{Article, SanitizedHtml};

/// The single place where HTML from a bundle reaches the DOM; it accepts only HTML that
/// went through the bundler's sanitiser.
#[component]
pub fn ArticleBody(body: SanitizedHtml) -> impl IntoView {
    view! { <div class="article-body" inner_html=body.as_str().to_string()></div> }
}

/// `url` is the article's canonical address, for sharing.
#[component]
pub fn ArticleView(article: Article, category_name: Option<String>, url: String) -> impl IntoView {
    let minutes = format::reading_minutes(article.word_count);
    let title = article.title.clone();
    let slug = article.slug.clone();
    view! {
        <article class="article" aria-labelledby="article-title">
            <header class="article-header">
                {category_name.map(|c| view! { <p class="article-category">{c}</p> })}
                <h1 id="article-title" class="article-title">{article.title}</h1>
                <p class="article-meta">
                    <time datetime=format::iso(&article.published)>
                        {format::long_date(article.published.date)}
                    </time>
                    <span aria-hidden="true">" · "</span>
                    <span>{format!("{minutes} phút đọc")}</span>
                    {article.sample.then(|| view! { <span class="badge">"Bài mẫu"</span> })}
                </p>
            </header>
            {article.lead.map(|l| view! { <p class="article-lead">{l}</p> })}
            <ArticleBody body=article.body/>
            {article.byline.map(|b| view! { <p class="article-byline">{b}</p> })}
            {article.source.map(|s| view! { <p class="article-source">"Nguồn: " <Source source=s/></p> })}
            <footer class="article-footer">
                <VoteBox slug votes=article.votes.into()/>
                <ShareBar url title/>
            </footer>
        </article>
    }
}

/// The vote count; with a counter service, its live count and a button to vote once.
#[component]
fn VoteBox(slug: String, votes: u64) -> impl IntoView {
    let api = counter::use_api();
    let count = RwSignal::new(votes);
    let voted = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let label = move || format!("{} vote", format::number(count.get()));
    let load = move |api: String, vote: bool| {
        let slug = slug.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match counter::votes(&api, &slug, vote).await {
                Ok(v) => {
                    count.try_set(v.votes);
                    voted.try_set(v.voted);
                    failed.try_set(false);
                }
                Err(_) => {
                    failed.try_set(true);
                }
            }
            busy.try_set(false);
        });
    };
    let first = load.clone();
    Effect::new(move |_| {
        if let Some(api) = api.get() {
            first(api, false);
        }
    });
    move || match api.get() {
        None => view! { <p class="article-votes">{label}</p> }.into_any(),
        Some(endpoint) => {
            let load = load.clone();
            view! {
                <div class="article-votes vote-box">
                    <p>{label}</p>
                    <button
                        type="button"
                        class="button vote-button"
                        aria-pressed=move || if voted.get() { "true" } else { "false" }
                        disabled=move || voted.get() || busy.get()
                        on:click=move |_| load(endpoint.clone(), true)
                    >
                        {move || if voted.get() { "Đã bình chọn" } else { "Bình chọn" }}
                    </button>
                    {move || failed.get().then(|| view! {
                        <p class="vote-error" role="status">"Không kết nối được dịch vụ bình chọn."</p>
                    })}
                </div>
            }
            .into_any()
        }
    }
}

/// Where the news comes from: a web address is a link (to another site: no referrer
/// weight, a new tab), a name is text.
#[component]
fn Source(source: String) -> impl IntoView {
    let lower = source.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        let shown = source
            .split_once("://")
            .map_or(source.as_str(), |(_, rest)| rest)
            .trim_end_matches('/')
            .to_string();
        view! { <a href=source rel="nofollow noopener noreferrer" target="_blank">{shown}</a> }
            .into_any()
    } else {
        view! { <span>{source}</span> }.into_any()
    }
}
