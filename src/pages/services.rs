use leptos::prelude::*;

use crate::components::empty_state::EmptyState;
use crate::i18n::use_texts;

#[component]
pub fn ServicesPage() -> impl IntoView {
    let texts = use_texts();
    view! {
        <h1>{move || texts.get().services_title}</h1>
        <EmptyState
            title=Signal::derive(move || texts.get().services_empty)
            hint=Signal::derive(move || texts.get().services_empty_hint)
        />
    }
}
