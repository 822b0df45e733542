//! The page frame: header with logo, name and category menu; main column and sidebar;
//! footer with the organisation's contact details.

use crate::app::{SiteResource, StatsResource};
use crate::components::sidebar::Sidebar;
use leptos::prelude::*;
use leptos_router::components::A;
use trangtin_model::{Contact, SiteManifest};

#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let site = expect_context::<SiteResource>();
    let stats = expect_context::<StatsResource>();
    let loaded = move || site.ok();
    let stats = Signal::derive(move || stats.get());
    view! {
        <a class="skip-link" href="#noi-dung">"Bỏ qua, tới nội dung chính"</a>
        <header class="site-header">
            <div class="wrap brand-row">
                {move || loaded().map(|s| view! { <Brand site=s/> })}
            </div>
            <nav class="site-nav" aria-label="Chuyên mục">
                <div class="wrap">
                    <ul>
                        {move || loaded().map(|s| {
                            s.menu
                                .into_iter()
                                .map(|l| view! { <li><A href=crate::url(&l.href)>{l.label}</A></li> })
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
                {move || loaded().map(|s| view! { <Sidebar site=s stats/> })}
            </aside>
        </div>
        <footer class="site-footer">
            <div class="wrap">
                {move || loaded().map(|s| view! { <Footer name=s.site.name contact=s.site.contact/> })}
            </div>
        </footer>
    }
}

#[component]
fn Brand(site: SiteManifest) -> impl IntoView {
    view! {
        <A href=crate::url("/") attr:class="brand">
            {site.site.logo.map(|src| view! { <img src=src alt="" width="56" height="56"/> })}
            <span class="brand-text">
                <span class="site-name">{site.site.name}</span>
                {site.site.tagline.map(|t| view! { <span class="tagline">{t}</span> })}
            </span>
        </A>
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
