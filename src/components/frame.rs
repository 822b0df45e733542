//! The page frame: header with the site name, main column, footer.

use crate::app::SiteResource;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let site = expect_context::<SiteResource>();
    let name = move || {
        site.get()
            .and_then(|r| r.ok())
            .map(|s| s.site.name)
            .unwrap_or_else(|| "Trang tin".to_string())
    };
    let year = move || {
        site.get()
            .and_then(|r| r.ok())
            .and_then(|s| s.site.contact.organisation)
    };
    view! {
        <a class="skip-link" href="#noi-dung">"Bỏ qua, tới nội dung chính"</a>
        <header class="site-header">
            <div class="wrap">
                <A href="/" attr:class="site-name">{name}</A>
            </div>
        </header>
        <main id="noi-dung" class="wrap" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="wrap">
                <p>{year}</p>
            </div>
        </footer>
    }
}
