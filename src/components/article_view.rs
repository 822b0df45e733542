//! The article: category, title, date, reading time, lead, body with figures, byline,
//! vote count and share links.

use crate::components::share::ShareBar;
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
            <footer class="article-footer">
                <p class="article-votes">{format!("{} vote", format::number(article.votes.into()))}</p>
                <ShareBar url title/>
            </footer>
        </article>
    }
}
