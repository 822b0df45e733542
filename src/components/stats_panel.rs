//! "Thống kê truy cập": online now, today, yesterday, this month, last month, total.

use crate::fetch::FetchError;
use crate::format;
use leptos::prelude::*;
use trangtin_model::Stats;

const LABELS_EN: [&str; 6] = [
    "Online now",
    "Today",
    "Yesterday",
    "This month",
    "Last month",
    "Total",
];

const LABELS: [&str; 6] = [
    "Đang online",
    "Hôm nay",
    "Hôm qua",
    "Tháng này",
    "Tháng trước",
    "Tất cả",
];

/// `None` while loading; `live` when the numbers come from the counter service;
/// `english` for widgets embedded with `lang=en`.
#[component]
pub fn StatsPanel(
    stats: Option<Result<Stats, FetchError>>,
    live: bool,
    #[prop(optional)] english: bool,
) -> impl IntoView {
    let labels = if english { LABELS_EN } else { LABELS };
    let is_loading = if stats.is_none() { "true" } else { "false" };
    let body = match stats {
        None => rows(labels, ["…"; 6].map(String::from)).into_any(),
        Some(Ok(s)) => rows(
            labels,
            [
                s.online,
                s.today,
                s.yesterday,
                s.this_month,
                s.last_month,
                s.total,
            ]
            .map(format::number),
        )
        .into_any(),
        Some(Err(_)) if live => view! {
            <p class="empty">"Dịch vụ thống kê tạm thời không phản hồi; số liệu sẽ hiện lại khi dịch vụ hoạt động."</p>
        }
        .into_any(),
        Some(Err(FetchError::NotFound)) => {
            view! { <p class="empty">"Chưa có số liệu truy cập."</p> }.into_any()
        }
        Some(Err(_)) => {
            view! { <p class="empty">"Không tải được số liệu truy cập."</p> }.into_any()
        }
    };
    view! {
        <section class="box stats" aria-labelledby="stats-title" aria-busy=is_loading>
            <h2 id="stats-title" class="box-title">
                {if english { "Visitor statistics" } else { "Thống kê truy cập" }}
            </h2>
            {body}
        </section>
    }
}

fn rows(labels: [&'static str; 6], values: [String; 6]) -> impl IntoView {
    view! {
        <dl class="stats-list">
            {labels
                .into_iter()
                .zip(values)
                .map(|(label, value)| view! {
                    <div class="stats-row"><dt>{label}": "</dt><dd>{value}</dd></div>
                })
                .collect_view()}
        </dl>
    }
}
