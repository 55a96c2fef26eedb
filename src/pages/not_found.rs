use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_texts;

#[component]
pub fn NotFound() -> impl IntoView {
    let texts = use_texts();
    view! {
        <h1>{move || texts.get().not_found_title}</h1>
        <p>
            <A href="/">{move || texts.get().not_found_back}</A>
        </p>
    }
}
