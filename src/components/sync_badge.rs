use leptos::prelude::*;
use yizhan_core::sync::SyncStatus;

use crate::i18n::use_texts;

/// Always visible: whether everything the resident wrote has reached the community.
/// Shape and words carry the state, not colour alone.
#[component]
pub fn SyncBadge(#[prop(into)] status: Signal<SyncStatus>) -> impl IntoView {
    let texts = use_texts();
    let modifier = move || match status.get() {
        SyncStatus::AllSent => "sync-badge sync-badge--sent",
        SyncStatus::Waiting(_) => "sync-badge sync-badge--waiting",
        SyncStatus::NeedsAttention => "sync-badge sync-badge--attention",
    };
    let mark = move || match status.get() {
        SyncStatus::AllSent => "✓",
        SyncStatus::Waiting(_) => "↻",
        SyncStatus::NeedsAttention => "!",
    };
    view! {
        <span class=modifier role="status" data-testid="sync-badge">
            <span class="sync-badge__mark" aria-hidden="true">{mark}</span>
            {move || status.get().label(texts.get())}
        </span>
    }
}
