use leptos::prelude::*;
use yizhan_core::sync::env::rfc3339_local;

use yizhan_core::routes::Route;

use crate::components::update_banner::UpdateBanner;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::router::Link;

/// The page-wide notices: offline (showing what was last synced), and data kept in memory
/// only where the browser refuses to store it.
#[component]
pub fn Notices() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    view! {
        <UpdateBanner />
        <Show when=move || !data.online.get()>
            <p class="notice notice--offline" role="status" data-testid="offline-notice">
                {move || texts.get().offline_notice}
                {move || {
                    data.summary.get().last_synced_at.map(|at| {
                        // `YYYY-MM-DDTHH:MM…+08:00`: the community's wall-clock time.
                        let local = rfc3339_local(at);
                        format!(" {}", (texts.get().last_synced)(local.get(11..16).unwrap_or("")))
                    })
                }}
            </p>
        </Show>
        {move || {
            let summary = data.summary.get();
            if summary.needs_sign_in && data.session().is_some() {
                Some(view! {
                    <p class="notice notice--warning" role="alert" data-testid="session-expired">
                        {move || texts.get().session_expired}" "
                        <Link route=Route::SignIn>{move || texts.get().sign_in_link}</Link>
                    </p>
                }.into_any())
            } else if summary.last_error.is_some() && data.online.get() {
                Some(view! {
                    <p class="notice notice--warning" role="status" data-testid="sync-error">
                        {move || texts.get().error_sync}
                    </p>
                }.into_any())
            } else {
                None
            }
        }}
        <Show when=move || data.volatile_reason.get().is_some()>
            <p class="notice notice--warning" role="alert" data-testid="volatile-notice">
                {move || texts.get().volatile_notice}
            </p>
        </Show>
    }
}
