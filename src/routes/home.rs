//! `/`: featured articles, then the latest of each category.

use crate::bundle::use_bundle;
use crate::components::post_list::{LeadStory, PostList};
use crate::components::status::{ErrorView, ListSkeleton};
use crate::context::SiteResource;
use crate::routes::{home_description, set_meta};
use crate::scroll;
use leptos::prelude::*;
use leptos_router::components::A;
use trangtin_model::{paths, HomeBundle};

#[component]
pub fn HomePage() -> impl IntoView {
    let site = expect_context::<SiteResource>();
    let home = use_bundle::<HomeBundle>(|| Ok(paths::HOME.to_string()));
    let name = move || site.ok().map(|s| s.site.name);
    Effect::new(move |_| {
        if let Some(s) = site.ok() {
            set_meta(&s.site.name, None, &home_description(&s.site));
        }
    });
    Effect::new(move |_| {
        if matches!(home.get(), Some(Ok(_))) {
            scroll::restore();
        }
    });
    move || match home.get() {
        None => view! { <ListSkeleton/> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorView error retry=Callback::new(move |_| home.refetch())/> }.into_any()
        }
        Some(Ok(h)) => {
            // The lead story is the newest featured article that has a picture.
            let mut rest = h.featured;
            let lead_at = rest.iter().position(|a| a.thumbnail.is_some()).unwrap_or(0);
            let lead = (!rest.is_empty()).then(|| rest.remove(lead_at));
            view! {
                <h1 class="visually-hidden">{name}</h1>
                {lead.map(|a| view! {
                    <section class="featured" aria-labelledby="featured-title">
                        <h2 id="featured-title" class="section-title">"Tin tiêu điểm"</h2>
                        <div class="featured-grid">
                            <LeadStory a/>
                            {(!rest.is_empty()).then(|| view! { <PostList items=rest/> })}
                        </div>
                    </section>
                })}
                {h.sections
                    .into_iter()
                    .map(|s| {
                        let href = crate::url(&format!("/chuyen-muc/{}", s.category.slug));
                        let id = format!("muc-{}", s.category.slug);
                        let labelled_by = id.clone();
                        view! {
                            <section class="home-section" aria-labelledby=labelled_by>
                                <h2 id=id class="section-title">
                                    <A href=href.clone()>{s.category.name.clone()}</A>
                                </h2>
                                <PostList items=s.items/>
                                <p class="more">
                                    <A href=href>{format!("Xem tất cả {} bài", s.total)}</A>
                                </p>
                            </section>
                        }
                    })
                    .collect_view()}
            }
            .into_any()
        }
    }
}
