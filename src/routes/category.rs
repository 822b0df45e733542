//! `/chuyen-muc/{slug}`: a category's newest articles; `/chuyen-muc/{slug}/trang-{n}`:
//! one of its archive pages, counted from the oldest, so that an address keeps its
//! articles as new ones arrive.

use crate::bundle::use_bundle;
use crate::components::breadcrumb::Breadcrumb;
use crate::components::pagination::{category_href, ArchiveNav};
use crate::components::post_list::PostList;
use crate::components::status::{ErrorView, ListSkeleton};
use crate::context::SiteResource;
use crate::fetch::{self, FetchError};
use crate::format::short_date;
use crate::routes::{
    category_description, page_param, set_meta, NOT_FOUND_DESCRIPTION, NOT_FOUND_TITLE,
};
use crate::scroll;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use trangtin_model::CategoryPage as Listing;

#[component]
pub fn CategoryPage(slug: String, page: u32) -> impl IntoView {
    let query = use_query_map();
    let site = expect_context::<SiteResource>();
    let listing = use_bundle::<Listing>(move || fetch::category_path(&slug, page));
    let site_name = move || site.ok().map(|s| s.site.name);
    let navigate = use_navigate();
    Effect::new(move |_| match listing.get() {
        Some(Ok(l)) => {
            // `?trang=N` is the old numbering, counted from the newest: its articles are
            // on an archive page now.
            if let Some(to) = legacy_page(&l, query.read().get("trang").as_deref()) {
                navigate(
                    &category_href(&l.category.slug, to),
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
                return;
            }
            let name = site_name().unwrap_or_default();
            set_meta(
                &title(&l),
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
            let name = l.category.name.clone();
            let crumb = if l.page > 0 {
                vec![
                    (
                        name.clone(),
                        Some(format!("/chuyen-muc/{}", l.category.slug)),
                    ),
                    (format!("Trang {}", l.page), None),
                ]
            } else {
                vec![(name.clone(), None)]
            };
            // An archive page says which weeks it covers: its number alone tells a
            // reader little, since it counts from the oldest.
            let span = (l.page > 0).then(|| match (l.items.last(), l.items.first()) {
                (Some(oldest), Some(newest)) => format!(
                    "Trang {} · từ {} đến {}",
                    l.page,
                    short_date(oldest.published.date),
                    short_date(newest.published.date)
                ),
                _ => format!("Trang {}", l.page),
            });
            view! {
                <Breadcrumb trail=crumb/>
                <section class="category" aria-labelledby="category-title">
                    <h1 id="category-title" class="section-title">{name}</h1>
                    {span.map(|s| view! { <p class="category-span">{s}</p> })}
                    {l.category.description.clone().filter(|_| l.page == 0).map(|d| view! { <p class="category-description">{d}</p> })}
                    {if l.items.is_empty() {
                        view! { <p class="empty">"Chuyên mục chưa có bài viết."</p> }.into_any()
                    } else {
                        view! { <PostList items=l.items/> }.into_any()
                    }}
                    <ArchiveNav slug=l.category.slug page=l.page older=l.older newer=l.newer/>
                </section>
            }
            .into_any()
        }
    }
}

/// The page title of a listing page.
pub fn title(l: &Listing) -> String {
    if l.page > 0 {
        format!("{} - Trang {}", l.category.name, l.page)
    } else {
        l.category.name.clone()
    }
}

/// Where an old address, the front page with `?trang=N` (N ≥ 2, counted from the
/// newest), finds its articles now; `None` to stay on the page shown.
fn legacy_page(l: &Listing, trang: Option<&str>) -> Option<u32> {
    let n = page_param(trang).filter(|&n| n >= 2 && l.page == 0)?;
    // The front page shows everything, or it is full and its size is the page size.
    let total = l.total.filter(|&t| t > l.items.len() as u32)?;
    let size = l.items.len() as u32;
    Listing::archive_page_of((n - 1).saturating_mul(size), total, size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use trangtin_model::{ArticleSummary, Category, Timestamp, SCHEMA_VERSION};

    fn front(items: usize, total: u32) -> Listing {
        let at = Timestamp::parse("2024-01-01T00:00:00+07:00", 420).unwrap();
        let item = ArticleSummary {
            slug: "a".into(),
            title: "A".into(),
            published: at,
            category: "tin".into(),
            summary: None,
            thumbnail: None,
            featured: false,
            sample: false,
        };
        Listing {
            schema_version: SCHEMA_VERSION,
            category: Category {
                slug: "tin".into(),
                name: "Tin".into(),
                description: None,
            },
            page: 0,
            items: vec![item; items],
            older: None,
            newer: None,
            total: Some(total),
        }
    }

    #[test]
    fn old_page_numbers_lead_to_the_archive_page_with_their_articles() {
        // 25 articles, 10 to a page: old page 2 held the 11th to 20th newest.
        let l = front(10, 25);
        assert_eq!(legacy_page(&l, Some("2")), Some(2));
        assert_eq!(legacy_page(&l, Some("3")), Some(1));
        assert_eq!(legacy_page(&l, Some("99")), Some(1));
        for stay in [None, Some("1"), Some("0"), Some("x"), Some("-2")] {
            assert_eq!(legacy_page(&l, stay), None, "{stay:?}");
        }
        // Everything is on the front page.
        assert_eq!(legacy_page(&front(4, 4), Some("2")), None);
    }
}
