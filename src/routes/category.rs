//! `/chuyen-muc/{slug}?trang=N`: one page of a category listing.

use crate::bundle::use_bundle;
use crate::components::breadcrumb::Breadcrumb;
use crate::components::pagination::Pagination;
use crate::components::post_list::PostList;
use crate::components::status::{ErrorView, ListSkeleton};
use crate::context::SiteResource;
use crate::fetch::{self, FetchError};
use crate::routes::{
    category_description, page_param, set_meta, NOT_FOUND_DESCRIPTION, NOT_FOUND_TITLE,
};
use crate::scroll;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CategoryPage(slug: String) -> impl IntoView {
    let query = use_query_map();
    let site = expect_context::<SiteResource>();
    let listing = use_bundle::<trangtin_model::CategoryPage>(move || {
        fetch::category_path(&slug, page_param(query.read().get("trang").as_deref()))
    });
    let site_name = move || site.ok().map(|s| s.site.name);
    Effect::new(move |_| match listing.get() {
        Some(Ok(l)) => {
            let title = if l.page > 1 {
                format!("{} - Trang {}", l.category.name, l.page)
            } else {
                l.category.name.clone()
            };
            let name = site_name().unwrap_or_default();
            set_meta(
                &title,
                Some(&name),
                &category_description(&l.category, &name),
            );
            scroll::restore();
        }
        Some(Err(FetchError::NotFound)) => set_meta(
            NOT_FOUND_TITLE,
            site_name().as_deref(),
            NOT_FOUND_DESCRIPTION,
        ),
        _ => {}
    });
    move || match listing.get() {
        None => view! { <ListSkeleton/> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorView error retry=Callback::new(move |_| listing.refetch())/> }.into_any()
        }
        Some(Ok(l)) => {
            let base = format!("/chuyen-muc/{}", l.category.slug);
            let crumb = if l.page > 1 {
                vec![
                    (l.category.name.clone(), Some(base.clone())),
                    (format!("Trang {}", l.page), None),
                ]
            } else {
                vec![(l.category.name.clone(), None)]
            };
            view! {
                <Breadcrumb trail=crumb/>
                <section class="category" aria-labelledby="category-title">
                    <h1 id="category-title" class="section-title">{l.category.name.clone()}</h1>
                    {l.category.description.clone().map(|d| view! { <p class="category-description">{d}</p> })}
                    {if l.items.is_empty() {
                        view! { <p class="empty">"Chuyên mục chưa có bài viết."</p> }.into_any()
                    } else {
                        view! { <PostList items=l.items/> }.into_any()
                    }}
                    <Pagination base page=l.page pages=l.pages/>
                </section>
            }
            .into_any()
        }
    }
}
