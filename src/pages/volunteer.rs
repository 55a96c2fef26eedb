use leptos::prelude::*;

use crate::components::empty_state::EmptyState;
use crate::i18n::use_texts;

#[component]
pub fn VolunteerPage() -> impl IntoView {
    let texts = use_texts();
    view! {
        <h1>{move || texts.get().volunteer_title}</h1>
        <EmptyState
            title=Signal::derive(move || texts.get().volunteer_empty)
            hint=Signal::derive(move || texts.get().volunteer_empty_hint)
        />
    }
}
