//! "Tin mới / Tin tiêu điểm / Tin đọc nhiều": tabs following the WAI-ARIA tabs pattern
//! (arrow keys, Home and End move between tabs; Tab moves into the panel).
//!
//! The lists arrive after the page (`ListsResource`): the panels keep the height of the
//! rows they will hold from the first paint, so nothing below them moves when they do.

use crate::components::post_list::CompactList;
use crate::context::ListsResource;
use leptos::prelude::*;
use trangtin_model::{ArticleSummary, Lists, LIST_ROWS as TAB_LEN};
use wasm_bindgen::JsCast;

struct Tab {
    id: &'static str,
    label: &'static str,
    items: fn(&Lists) -> &Vec<ArticleSummary>,
    empty: &'static str,
}

/// The rows a panel reserves, as the manifest says (`SiteManifest::list_rows`).
pub fn reserved_rows(list_rows: u32) -> usize {
    (list_rows as usize).clamp(1, TAB_LEN)
}

#[component]
pub fn NewsTabs(lists: ListsResource, rows: u32) -> impl IntoView {
    let tabs = [
        Tab {
            id: "tin-moi",
            label: "Tin mới",
            items: |l| &l.latest,
            empty: "Chưa có bài viết.",
        },
        Tab {
            id: "tin-tieu-diem",
            label: "Tin tiêu điểm",
            items: |l| &l.featured,
            empty: "Chưa có tin tiêu điểm.",
        },
        Tab {
            id: "tin-doc-nhieu",
            label: "Tin đọc nhiều",
            items: |l| &l.most_read,
            empty: "Chưa có số liệu lượt đọc.",
        },
    ];
    // A class, not a style attribute: the site's CSP allows no inline styles.
    let class = format!("tabpanel rows-{}", reserved_rows(rows));
    let count = tabs.len();
    let ids: Vec<&'static str> = tabs.iter().map(|t| t.id).collect();
    let (active, set_active) = signal(0usize);
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let current = active.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => (current + 1) % count,
            "ArrowLeft" | "ArrowUp" => (current + count - 1) % count,
            "Home" => 0,
            "End" => count - 1,
            _ => return,
        };
        ev.prevent_default();
        set_active.set(next);
        focus(&format!("tab-{}", ids[next]));
    };
    let buttons = tabs
        .iter()
        .enumerate()
        .map(|(i, t)| {
            view! {
                <button
                    type="button"
                    role="tab"
                    id=format!("tab-{}", t.id)
                    aria-controls=format!("panel-{}", t.id)
                    aria-selected=move || (active.get() == i).to_string()
                    tabindex=move || if active.get() == i { "0" } else { "-1" }
                    on:click=move |_| set_active.set(i)
                    on:keydown=on_keydown.clone()
                >
                    {t.label}
                </button>
            }
        })
        .collect_view();
    let panels = tabs
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let body = move || match lists.get() {
                None => {
                    view! { <p class="lists-status" role="status">"Đang tải danh sách tin…"</p> }
                        .into_any()
                }
                Some(Err(error)) => view! {
                    <div class="lists-status" role="alert">
                        <p>"Không tải được danh sách tin. "{error.message()}</p>
                        <button type="button" class="button" on:click=move |_| lists.refetch()>
                            "Thử lại"
                        </button>
                    </div>
                }
                .into_any(),
                Some(Ok(l)) => {
                    let items: Vec<ArticleSummary> =
                        (t.items)(&l).iter().take(TAB_LEN).cloned().collect();
                    if items.is_empty() {
                        view! { <p class="empty">{t.empty}</p> }.into_any()
                    } else {
                        view! { <CompactList items/> }.into_any()
                    }
                }
            };
            view! {
                <div
                    role="tabpanel"
                    id=format!("panel-{}", t.id)
                    aria-labelledby=format!("tab-{}", t.id)
                    aria-busy=move || lists.with(Option::is_none).to_string()
                    tabindex="0"
                    class=class.clone()
                    hidden=move || active.get() != i
                >
                    {body}
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="box news-tabs" aria-label="Tin bài">
            <div role="tablist" aria-label="Danh sách tin" class="tablist">{buttons}</div>
            {panels}
        </section>
    }
}

fn focus(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
