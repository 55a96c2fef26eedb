use leptos::prelude::*;
use yizhan_core::routes::Route;

use crate::components::icon::{Icon, IconName};
use crate::components::sync_badge::SyncBadge;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::router::Link;

#[component]
pub fn TopBar() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let status = Signal::derive(move || data.summary.get().badge());
    // Counted once a change to the device's data, not once per place that shows it.
    let unread = Memo::new(move |_| data.unread());
    view! {
        <header class="top-bar">
            <span class="top-bar__name">{move || texts.get().app_name}</span>
            <button
                type="button"
                class="sync-button"
                title=move || texts.get().sync_now
                on:click=move |_| data.sync_now()
                data-testid="sync-now"
            >
                <SyncBadge status=status />
            </button>
            <Show when=move || data.session().is_some() && data.abilities.with(|a| a.has_inbox)>
                <Link route=Route::Inbox>
                    <span class="top-bar__inbox" data-testid="inbox-link"
                        title=move || (texts.get().inbox_unread)(unread.get())>
                        <Icon name=IconName::Bell />
                        <Show when=move || { unread.get() > 0 }>
                            <span class="top-bar__count" aria-hidden="true">{move || unread.get().min(99)}</span>
                        </Show>
                        <span class="visually-hidden">{move || (texts.get().inbox_unread)(unread.get())}</span>
                    </span>
                </Link>
            </Show>
            <Link route=Route::Settings>
                <span class="top-bar__settings" title=move || texts.get().settings>
                    <Icon name=IconName::Settings />
                    <span class="visually-hidden">{move || texts.get().settings}</span>
                </span>
            </Link>
        </header>
    }
}
