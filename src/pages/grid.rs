use leptos::prelude::*;

use crate::components::empty_state::EmptyState;
use crate::i18n::use_texts;

#[component]
pub fn GridPage() -> impl IntoView {
    let texts = use_texts();
    view! {
        <h1>{move || texts.get().grid_title}</h1>
        <EmptyState
            title=Signal::derive(move || texts.get().grid_empty)
            hint=Signal::derive(move || texts.get().grid_empty_hint)
        />
    }
}
