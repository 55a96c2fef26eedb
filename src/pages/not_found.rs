use leptos::prelude::*;
use yizhan_core::routes::{Route, Tab};

use crate::i18n::use_texts;
use crate::router::Link;

#[component]
pub fn NotFound() -> impl IntoView {
    let texts = use_texts();
    view! {
        <h1>{move || texts.get().not_found_title}</h1>
        <p>
            <Link route=Route::Tab(Tab::Home)>{move || texts.get().not_found_back}</Link>
        </p>
    }
}

#[component]
pub fn NoWorkbench() -> impl IntoView {
    let texts = use_texts();
    view! {
        <h1>{move || texts.get().desk_open}</h1>
        <p class="notice notice--warning" role="status">{move || texts.get().desk_not_here}</p>
        <p>
            <Link route=Route::Tab(Tab::Home)>{move || texts.get().not_found_back}</Link>
        </p>
    }
}
