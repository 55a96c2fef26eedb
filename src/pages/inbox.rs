//! 消息 (issue 18): what the person was told, newest first, each opening the order it is
//! about. What the page shows is marked read: at once on this device, on their other
//! devices after a sync. Offline, what the device last pulled.

use std::collections::BTreeSet;

use leptos::prelude::*;
use yizhan_core::inbox::InboxItem;
use yizhan_core::schedule::local_minute;

use crate::components::empty_state::EmptyState;
use crate::components::reach_panel::ReachPanel;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::pages::sign_in_prompt::SignInPrompt;
use crate::platform::console;
use crate::router::Link;

#[component]
pub fn InboxPage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    // Unread when this visit showed them: still marked "unread" on this visit, though
    // they are read from now on.
    let new_here = RwSignal::new(BTreeSet::<String>::new());
    Effect::new(move || {
        let unread: Vec<String> = data
            .inbox()
            .into_iter()
            .filter(|item| !item.read)
            .map(|item| item.id)
            .collect();
        if unread.is_empty() {
            return;
        }
        new_here.update(|seen| seen.extend(unread.iter().cloned()));
        leptos::task::spawn_local(async move {
            if let Err(error) = data.mark_read(&unread).await {
                console::error(&error.to_string());
            }
        });
    });
    let row = move |item: InboxItem| {
        let new = new_here.with_untracked(|seen| seen.contains(&item.id));
        let (route, id) = item.opens();
        let id = id.map(str::to_string);
        let said = move || (texts.get().inbox_said)(item.kind, &item.title, item.note.as_deref());
        let content = move || {
            view! {
                <span class="card__title">{said}</span>
                <span class="card__meta">{local_minute(&item.at)}</span>
                {new.then(|| view! { <span class="status-chip">{move || texts.get().inbox_new}</span> })}
            }
        };
        let link = match id {
            Some(id) => {
                view! { <Link route=route id=id class="card card--link">{content()}</Link> }
                    .into_any()
            }
            None => {
                view! { <Link route=route class="card card--link">{content()}</Link> }.into_any()
            }
        };
        view! {
            <li class=if new { "inbox-item inbox-item--unread" } else { "inbox-item" } data-testid="inbox-item">
                {link}
            </li>
        }
    };
    view! {
        <h1>{move || texts.get().inbox_title}</h1>
        <Show when=move || data.session().is_some() fallback=|| view! { <SignInPrompt /> }>
            {move || {
                let items = data.inbox();
                if items.is_empty() {
                    return view! {
                        <EmptyState
                            title=Signal::derive(move || texts.get().inbox_empty)
                            hint=Signal::derive(move || texts.get().inbox_empty_hint)
                        />
                    }
                    .into_any();
                }
                view! {
                    <ul class="card-list" data-testid="inbox">
                        {items.into_iter().map(row).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <ReachPanel />
        </Show>
    }
}
