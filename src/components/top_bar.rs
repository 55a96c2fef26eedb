use leptos::prelude::*;
use yizhan_core::routes::Route;
use yizhan_core::sync_status::SyncStatus;

use crate::components::icon::{Icon, IconName};
use crate::components::sync_badge::SyncBadge;
use crate::i18n::use_texts;
use crate::router::Link;

#[component]
pub fn TopBar() -> impl IntoView {
    let texts = use_texts();
    // The outbox arrives with the data layer; until then nothing can be waiting.
    let status = Signal::derive(|| SyncStatus::AllSent);
    view! {
        <header class="top-bar">
            <span class="top-bar__name">{move || texts.get().app_name}</span>
            <SyncBadge status=status />
            <Link route=Route::Settings>
                <span class="top-bar__settings" title=move || texts.get().settings>
                    <Icon name=IconName::Settings />
                    <span class="visually-hidden">{move || texts.get().settings}</span>
                </span>
            </Link>
        </header>
    }
}
