use crate::components::status::NotFoundView;
use crate::routes::set_meta;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    Effect::new(|_| set_meta("Không tìm thấy trang", None, None));
    view! { <NotFoundView/> }
}
