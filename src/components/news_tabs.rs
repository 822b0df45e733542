//! "Tin mới / Tin tiêu điểm / Tin đọc nhiều": tabs following the WAI-ARIA tabs pattern
//! (arrow keys, Home and End move between tabs; Tab moves into the panel).

use crate::components::post_list::CompactList;
use leptos::prelude::*;
use trangtin_model::ArticleSummary;
use wasm_bindgen::JsCast;

/// Entries per tab; the sidebar stays shorter than the article beside it.
const TAB_LEN: usize = 8;

struct Tab {
    id: &'static str,
    label: &'static str,
    items: Vec<ArticleSummary>,
    empty: &'static str,
}

#[component]
pub fn NewsTabs(
    latest: Vec<ArticleSummary>,
    featured: Vec<ArticleSummary>,
    most_read: Vec<ArticleSummary>,
) -> impl IntoView {
    let tabs = [
        Tab {
            id: "tin-moi",
            label: "Tin mới",
            items: latest,
            empty: "Chưa có bài viết.",
        },
        Tab {
            id: "tin-tieu-diem",
            label: "Tin tiêu điểm",
            items: featured,
            empty: "Chưa có tin tiêu điểm.",
        },
        Tab {
            id: "tin-doc-nhieu",
            label: "Tin đọc nhiều",
            items: most_read,
            empty: "Chưa có số liệu lượt đọc.",
        },
    ];
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
            let body = if t.items.is_empty() {
                view! { <p class="empty">{t.empty}</p> }.into_any()
            } else {
                let items = t.items.into_iter().take(TAB_LEN).collect::<Vec<_>>();
                view! { <CompactList items/> }.into_any()
            };
            view! {
                <div
                    role="tabpanel"
                    id=format!("panel-{}", t.id)
                    aria-labelledby=format!("tab-{}", t.id)
                    tabindex="0"
                    class="tabpanel"
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
