//! What a route shows while it loads, when it fails, and when there is nothing to show.

use crate::fetch::FetchError;
use leptos::prelude::*;
use leptos_router::components::A;

/// A grey block of the final layout's size, so the page does not jump when content lands.
#[component]
pub fn ArticleSkeleton() -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true" aria-live="polite">
            <span class="visually-hidden">"Đang tải…"</span>
            <div class="sk sk-title"></div>
            <div class="sk sk-meta"></div>
            <div class="sk sk-line"></div>
            <div class="sk sk-line"></div>
            <div class="sk sk-line short"></div>
        </div>
    }
}

/// Placeholder rows for a listing.
#[component]
pub fn ListSkeleton() -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true" aria-live="polite">
            <span class="visually-hidden">"Đang tải…"</span>
            <div class="sk sk-title"></div>
            {(0..5).map(|_| view! { <div class="sk sk-item"></div> }).collect_view()}
        </div>
    }
}

#[component]
pub fn NotFoundView() -> impl IntoView {
    view! {
        <section class="status not-found" aria-labelledby="status-title">
            <h1 id="status-title">{crate::routes::NOT_FOUND_TITLE}</h1>
            <p>"Trang bạn tìm không tồn tại hoặc đã được chuyển đi."</p>
            <p><A href=crate::url("/")>"Về trang chủ"</A></p>
        </section>
    }
}

/// A failed fetch, told to the reader, with a retry. A missing bundle is a not-found.
#[component]
pub fn ErrorView(error: FetchError, retry: Callback<()>) -> impl IntoView {
    if error == FetchError::NotFound {
        return view! { <NotFoundView/> }.into_any();
    }
    let detail = error.detail().map(str::to_string);
    // No network at all: the articles this browser kept still read.
    let offline = matches!(error, FetchError::Network(_)) && crate::offline::is_offline();
    let (title, message) = if offline {
        (
            "Bạn đang ngoại tuyến",
            "Không có kết nối mạng, và nội dung này chưa được lưu trên máy để đọc ngoại tuyến."
                .to_string(),
        )
    } else {
        ("Không tải được nội dung", error.message())
    };
    view! {
        <section class="status error" role="alert" aria-labelledby="status-title">
            <h1 id="status-title">{title}</h1>
            <p>{message}</p>
            {offline.then(|| view! {
                <p>
                    // A whole page load, which the service worker answers with the list.
                    <a href=crate::url(crate::offline::SAVED_PAGE) rel="external">"Xem các bài đã lưu"</a>
                </p>
            })}
            {detail.map(|d| view! { <p class="status-detail"><small>{d}</small></p> })}
            <p>
                <button type="button" class="button" on:click=move |_| retry.run(())>"Thử lại"</button>
                " "
                <A href=crate::url("/")>"Về trang chủ"</A>
            </p>
        </section>
    }
    .into_any()
}
