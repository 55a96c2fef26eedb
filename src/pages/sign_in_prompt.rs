use leptos::prelude::*;
use yizhan_core::routes::Route;

use crate::i18n::use_texts;
use crate::router::Link;

/// Shown where a screen needs the resident signed in.
#[component]
pub fn SignInPrompt() -> impl IntoView {
    let texts = use_texts();
    view! {
        <section class="empty-state">
            <p class="empty-state__title">{move || texts.get().sign_in_needed}</p>
            <Link route=Route::SignIn>
                <span class="button">{move || texts.get().sign_in_link}</span>
            </Link>
        </section>
    }
}
