use leptos::prelude::*;
use yizhan_core::sync::env::rfc3339_local;

use crate::data::use_data;
use crate::i18n::use_texts;

/// The page-wide notices: offline (showing what was last synced), and data kept in memory
/// only where the browser refuses to store it.
#[component]
pub fn Notices() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    view! {
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
        <Show when=move || data.volatile_reason.get().is_some()>
            <p class="notice notice--warning" role="alert" data-testid="volatile-notice">
                {move || texts.get().volatile_notice}
            </p>
        </Show>
    }
}
