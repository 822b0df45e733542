//! `/`: the latest articles.

use crate::app::SiteResource;
use crate::components::post_list::PostList;
use crate::components::status::{ArticleSkeleton, ErrorView};
use crate::routes::set_title;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let site = expect_context::<SiteResource>();
    Effect::new(move |_| {
        if let Some(Ok(s)) = site.get() {
            set_title(&s.site.name, None);
        }
    });
    move || match site.get() {
        None => view! { <ArticleSkeleton/> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorView error retry=Callback::new(move |_| site.refetch())/> }.into_any()
        }
        Some(Ok(s)) => view! {
            <section class="home" aria-labelledby="home-title">
                <h1 id="home-title" class="section-title">"Tin mới"</h1>
                {if s.latest.is_empty() {
                    view! { <p>"Chưa có bài viết nào."</p> }.into_any()
                } else {
                    view! { <PostList items=s.latest/> }.into_any()
                }}
            </section>
        }
        .into_any(),
    }
}
