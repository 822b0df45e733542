use crate::components::status::NotFoundView;
use crate::routes::{set_meta, NOT_FOUND_DESCRIPTION, NOT_FOUND_TITLE};
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    Effect::new(|_| set_meta(NOT_FOUND_TITLE, None, NOT_FOUND_DESCRIPTION));
    view! { <NotFoundView/> }
}
