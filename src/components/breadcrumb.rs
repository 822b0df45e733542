use leptos::prelude::*;
use leptos_router::components::A;

/// `Trang chủ › …`; the last crumb is the current page and is not a link.
#[component]
pub fn Breadcrumb(trail: Vec<(String, Option<String>)>) -> impl IntoView {
    view! {
        <nav class="breadcrumb" aria-label="Đường dẫn">
            <ol>
                <li><A href=crate::url("/") exact=true>"Trang chủ"</A></li>
                {trail
                    .into_iter()
                    .map(|(label, href)| match href {
                        Some(href) => view! { <li><A href=crate::url(&href) exact=true>{label}</A></li> }.into_any(),
                        None => view! { <li aria-current="page">{label}</li> }.into_any(),
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}
