use leptos::prelude::*;

use crate::components::empty_state::EmptyState;
use crate::i18n::use_texts;

#[component]
pub fn HomePage() -> impl IntoView {
    let texts = use_texts();
    view! {
        <h1>{move || texts.get().home_title}</h1>
        <EmptyState
            title=Signal::derive(move || texts.get().home_empty)
            hint=Signal::derive(move || texts.get().home_empty_hint)
        />
    }
}
