use leptos::prelude::*;

use crate::i18n::use_texts;
use crate::platform::{events, service_worker};

/// Every half hour while open, and on return to the page, the app asks whether a new
/// version was deployed; when one waits, this says so and applies it on a tap.
const CHECK_EVERY_MS: u32 = 30 * 60 * 1000;

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let texts = use_texts();
    let ready = RwSignal::new(false);
    let registration = StoredValue::new_local(None::<service_worker::Registration>);
    leptos::task::spawn_local(async move {
        let found = service_worker::register(move || ready.set(true)).await;
        if let Some(found) = found {
            registration.set_value(Some(found));
            let check = move || {
                if let Some(r) = registration.get_value() {
                    r.check_for_update();
                }
            };
            events::on_visible(check);
            events::every(CHECK_EVERY_MS, check);
        }
    });
    let apply = move |_| {
        if let Some(r) = registration.get_value() {
            r.apply_update();
        }
    };
    view! {
        <Show when=move || ready.get()>
            <p class="notice notice--update" role="status" data-testid="update-ready">
                {move || texts.get().update_ready}" "
                <button type="button" class="button button--small" on:click=apply>
                    {move || texts.get().update_apply}
                </button>
            </p>
        </Show>
    }
}
