use leptos::prelude::*;

/// What a screen says when it has nothing to show yet: what is missing, and what brings it.
#[component]
pub fn EmptyState(
    /// What is missing, as a short sentence.
    #[prop(into)]
    title: Signal<&'static str>,
    /// What the resident can do about it.
    #[prop(into)]
    hint: Signal<&'static str>,
) -> impl IntoView {
    view! {
        <section class="empty-state">
            <p class="empty-state__title">{title}</p>
            <p class="empty-state__hint">{hint}</p>
        </section>
    }
}
