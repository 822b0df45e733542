//! `/bai-viet/{slug}`: one article and its related lists, from one bundle.

use crate::bundle::use_bundle;
use crate::components::article_view::ArticleView;
use crate::components::breadcrumb::Breadcrumb;
use crate::components::post_list::PostList;
use crate::components::status::{ArticleSkeleton, ErrorView};
use crate::context::{Section, SiteResource};
use crate::fetch::{self, FetchError};
use crate::routes::{article_description, set_meta, NOT_FOUND_DESCRIPTION, NOT_FOUND_TITLE};
use crate::scroll;
use leptos::prelude::*;
use trangtin_model::ArticleBundle;

#[component]
pub fn ArticlePage(slug: String) -> impl IntoView {
    let site = expect_context::<SiteResource>();
    let bundle = use_bundle::<ArticleBundle>(move || fetch::article_path(&slug));
    let manifest = move || site.ok();
    let section = use_context::<Section>();
    on_cleanup(move || {
        if let Some(Section(s)) = section {
            s.try_set(None);
        }
    });
    Effect::new(move |_| {
        let name = manifest().map(|s| s.site.name);
        let state = bundle.get();
        if let Some(Section(s)) = section {
            let category = match &state {
                Some(Ok(b)) => Some(b.article.category.clone()),
                _ => None,
            };
            s.set(category);
        }
        match state {
            Some(Ok(b)) => {
                let a = &b.article;
                set_meta(&a.title, name.as_deref(), &article_description(a));
                scroll::restore();
            }
            Some(Err(FetchError::NotFound)) => {
                set_meta(NOT_FOUND_TITLE, name.as_deref(), NOT_FOUND_DESCRIPTION)
            }
            _ => {}
        }
    });
    move || match bundle.get() {
        None => view! { <ArticleSkeleton/> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorView error retry=Callback::new(move |_| bundle.refetch())/> }.into_any()
        }
        Some(Ok(b)) => {
            let site = manifest();
            let category = site
                .as_ref()
                .and_then(|s| s.category(&b.article.category))
                .cloned();
            let url = format!(
                "{}/bai-viet/{}",
                site.as_ref()
                    .map(|s| s.site.base_url.as_str())
                    .unwrap_or(""),
                b.article.slug
            );
            let trail = category
                .as_ref()
                .map(|c| vec![(c.name.clone(), Some(format!("/chuyen-muc/{}", c.slug)))])
                .unwrap_or_default();
            view! {
                <Breadcrumb trail/>
                <ArticleView article=b.article category_name=category.map(|c| c.name) url/>
                {(!b.newer.is_empty()).then(|| view! {
                    <section class="related" aria-labelledby="newer-title">
                        <h2 id="newer-title" class="section-title">"Bài mới hơn"</h2>
                        <PostList items=b.newer/>
                    </section>
                })}
                {(!b.same_category.is_empty()).then(|| view! {
                    <section class="related" aria-labelledby="same-title">
                        <h2 id="same-title" class="section-title">"Bài cùng chuyên mục"</h2>
                        <PostList items=b.same_category/>
                    </section>
                })}
                {(!b.related.is_empty()).then(|| view! {
                    <section class="related" aria-labelledby="related-title">
                        <h2 id="related-title" class="section-title">"Bài liên quan"</h2>
                        <PostList items=b.related/>
                    </section>
                })}
            }
            .into_any()
        }
    }
}
