//! The page frame: header with logo, name and category menu; main column and sidebar;
//! footer with the organisation's contact details.

use crate::components::picture::{Fetch, Picture};
use crate::components::sidebar::Sidebar;
use crate::context::{static_stats, ListsResource, Section, SiteResource};
use crate::counter;
use crate::fetch::FetchError;
use crate::search::HEADER_INPUT_ID;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use std::time::Duration;
use trangtin_model::{Contact, SiteManifest, Stats};

/// How often the live statistics are refreshed while the page is visible.
const STATS_REFRESH: Duration = Duration::from_secs(60);

#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let site = expect_context::<SiteResource>();
    let lists = expect_context::<ListsResource>();
    let loaded = move || site.ok();
    let api = counter::use_api();
    // With a counter service the panel shows its live numbers (the static ones, if any,
    // until the first answer), else the static ones the lists carry.
    let live = RwSignal::new(None::<Result<Stats, FetchError>>);
    let stats = Signal::derive(move || {
        let fixed = lists.with(static_stats);
        if api.get().is_some() {
            live.get().or_else(|| fixed.filter(|s| s.is_ok()))
        } else {
            fixed
        }
    });
    count_page_views(api, live);
    let section = use_context::<Section>();
    view! {
        <a class="skip-link" href="#noi-dung">"Bỏ qua, tới nội dung chính"</a>
        <header class="site-header">
            <div class="wrap brand-row">
                {move || loaded().map(|s| view! { <Brand site=s/> })}
                <HeaderSearch/>
            </div>
            <nav class="site-nav" aria-label="Chuyên mục">
                <div class="wrap">
                    <ul>
                        {move || loaded().map(|s| {
                            s.menu
                                .into_iter()
                                .map(|l| {
                                    let href = crate::url(&l.href);
                                    let category = l.href.strip_prefix("/chuyen-muc/").map(str::to_string);
                                    let of_section = move || {
                                        section.is_some_and(|Section(s)| s.with(|s| {
                                            s.is_some() && *s == category
                                        }))
                                    };
                                    view! {
                                        <li class:current-section=of_section>
                                            <A href=href>{l.label}</A>
                                        </li>
                                    }
                                })
                                .collect_view()
                        })}
                    </ul>
                </div>
            </nav>
        </header>
        <div class="wrap layout">
            <main id="noi-dung" tabindex="-1">
                // Without the manifest the menu and sidebar are missing: say so, and offer
                // a retry, above whatever the route could still show.
                {move || match site.get() {
                    Some(Err(error)) => Some(view! {
                        <div class="site-error" role="alert">
                            <p>
                                <strong>"Không tải được thông tin chung của trang. "</strong>
                                {error.message()}
                            </p>
                            <button type="button" class="button" on:click=move |_| site.refetch()>
                                "Thử lại"
                            </button>
                        </div>
                    }),
                    _ => None,
                }}
                {children()}
            </main>
            <aside class="sidebar" aria-label="Thông tin bên lề">
                {move || loaded().map(|s| view! { <Sidebar site=s lists stats/> })}
            </aside>
        </div>
        <footer class="site-footer">
            <div class="wrap">
                {move || loaded().map(|s| view! { <Footer name=s.site.name contact=s.site.contact/> })}
                <p class="footer-links"><A href=crate::url("/nhung-tin")>"Nhúng tin vào trang của bạn"</A></p>
            </div>
        </footer>
    }
}

/// With a counter service: one page view per navigation (sendBeacon), and the live
/// statistics loaded then and refreshed every minute while the page is visible.
fn count_page_views(
    api: Signal<Option<String>>,
    live: RwSignal<Option<Result<Stats, FetchError>>>,
) {
    let location = use_location();
    let last_path = StoredValue::new(None::<String>);
    let ticking = StoredValue::new(false);
    let refresh = move |api: String| {
        leptos::task::spawn_local(async move {
            let result = counter::stats(&api).await;
            live.try_set(Some(result));
        });
    };
    Effect::new(move |_| {
        // The router's path: it is the new one as soon as a navigation starts, while the
        // address bar may change a moment later.
        let path = location.pathname.get();
        let Some(endpoint) = api.get() else { return };
        let Some(window) = web_sys::window() else {
            return;
        };
        if last_path.get_value().as_deref() == Some(path.as_str()) {
            return;
        }
        // The first view's referrer is the page the reader came from; later ones, the
        // page of this site they were on.
        let referrer = match last_path.get_value() {
            Some(previous) => format!(
                "{}{previous}",
                window.location().origin().unwrap_or_default()
            ),
            None => window.document().map(|d| d.referrer()).unwrap_or_default(),
        };
        last_path.set_value(Some(path.clone()));
        counter::send_hit(&endpoint, &path, &referrer);
        // The beacon is on its way; the numbers that include it, a moment later.
        set_timeout(move || refresh(endpoint), Duration::from_millis(700));
        if !ticking.get_value() {
            ticking.set_value(true);
            set_interval(
                move || {
                    if let Some(api) = api.get_untracked().filter(|_| counter::page_visible()) {
                        refresh(api);
                    }
                },
                STATS_REFRESH,
            );
        }
    });
}

#[component]
fn Brand(site: SiteManifest) -> impl IntoView {
    view! {
        <A href=crate::url("/") attr:class="brand">
            {site.site.logo.map(|image| view! { <Picture image alt="" sizes="56px" width=56 height=56 fetch=Fetch::Eager/> })}
            <span class="brand-text">
                <span class="site-name">{site.site.name}</span>
                {site.site.tagline.map(|t| view! { <span class="tagline">{t}</span> })}
            </span>
        </A>
    }
}

/// The header's search box; `/` anywhere on the page (outside a text field) focuses it,
/// or the search page's own box there.
#[component]
fn HeaderSearch() -> impl IntoView {
    Effect::new(|_| crate::search::install_forms());
    view! {
        <form class="site-search" role="search" action=crate::url("/tim-kiem") method="get">
            <label for=HEADER_INPUT_ID class="visually-hidden">"Tìm kiếm bài viết"</label>
            <input
                id=HEADER_INPUT_ID
                type="search"
                name="q"
                placeholder="Tìm kiếm… (phím /)"
                autocomplete="off"
                aria-keyshortcuts="/"
            />
            <button type="submit" class="search-button">"Tìm"</button>
        </form>
    }
}

#[component]
fn Footer(name: String, contact: Contact) -> impl IntoView {
    view! {
        <p class="footer-name">{contact.organisation.unwrap_or(name)}</p>
        <address>
            {contact.address.map(|a| view! { <span>"Địa chỉ: "{a}</span><br/> })}
            {contact.phone.clone().map(|p| view! {
                <span>"Điện thoại: "<a href=format!("tel:{}", p.replace(' ', ""))>{p.clone()}</a></span><br/>
            })}
            {contact.email.clone().map(|e| view! {
                <span>"Thư điện tử: "<a href=format!("mailto:{e}")>{e.clone()}</a></span>
            })}
        </address>
    }
}
