use crate::components::status::NotFoundView;
use crate::routes::set_title;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    Effect::new(|_| set_title("Không tìm thấy trang", None));
    view! { <NotFoundView/> }
}
