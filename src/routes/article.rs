//! `/bai-viet/{slug}`: one article and its related lists, from one bundle.

use crate::app::SiteResource;
use crate::components::article_view::ArticleView;
use crate::components::post_list::PostList;
use crate::components::status::{ArticleSkeleton, ErrorView};
use crate::fetch;
use crate::routes::set_title;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let site = expect_context::<SiteResource>();
    let bundle = LocalResource::new(move || {
        let slug = params.read().get("slug").unwrap_or_default();
        async move { fetch::article(&slug).await }
    });
    let site_name = move || site.get().and_then(|r| r.ok()).map(|s| s.site.name);
    Effect::new(move |_| match bundle.get() {
        Some(Ok(b)) => set_title(&b.article.title, site_name().as_deref()),
        Some(Err(fetch::FetchError::NotFound)) => {
            set_title("Không tìm thấy trang", site_name().as_deref())
        }
        _ => {}
    });
    move || match bundle.get() {
        None => view! { <ArticleSkeleton/> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorView error retry=Callback::new(move |_| bundle.refetch())/> }.into_any()
        }
        Some(Ok(b)) => {
            let category_name = site
                .get()
                .and_then(|r| r.ok())
                .and_then(|s| s.category(&b.article.category).map(|c| c.name.clone()));
            view! {
                <ArticleView article=b.article category_name/>
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
            }
            .into_any()
        }
    }
}
