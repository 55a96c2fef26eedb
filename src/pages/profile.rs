//! A resident's own profile (我的资料): their name, address, and grid where the community
//! lets residents choose it. Read and saved online; checked at the fields first by the
//! rules the server applies.

use std::collections::BTreeMap;

use leptos::prelude::*;
use yizhan_core::i18n::{texts, Texts};
use yizhan_core::prefs::Preferences;
use yizhan_core::sync::{failure, Me, SyncError};
use yizhan_core::validation::server_words;
use yizhan_core::workbench::people::{check_profile, ProfileUpdate};

use crate::components::field::TextField;
use crate::components::grid_select::GridSelect;
use crate::data::use_data;
use crate::i18n::{use_preferences, use_texts};
use crate::pages::sign_in_prompt::SignInPrompt;

/// The words now, from the app's preferences: an answer that comes after the page was
/// left must not read the page's own signals (they are gone).
fn words_now(prefs: RwSignal<Preferences>) -> &'static Texts {
    texts(prefs.with_untracked(|p| p.lang))
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let texts = use_texts();
    let prefs = use_preferences().prefs;
    let data = use_data();
    let me = RwSignal::new(None::<Me>);
    let problem = RwSignal::new(None::<String>);
    // A memo: saving renames the session, and the form (with what it just said) stays.
    let signed_in = Memo::new(move |_| data.session().is_some());
    // Asked once signed in and online (again when the network comes back, if not yet).
    Effect::new(move || {
        if data.online.get() && signed_in.get() && me.with_untracked(Option::is_none) {
            leptos::task::spawn_local(async move {
                match data.my_profile().await {
                    Ok(Some(found)) => me.set(Some(found)),
                    Ok(None) => problem.set(Some(words_now(prefs).profile_not_kept.to_string())),
                    Err(error) => problem.set(Some(failure(words_now(prefs), &error))),
                }
            });
        }
    });
    let loaded = Memo::new(move |_| me.with(Option::is_some));
    view! {
        <h1>{move || texts.get().profile_title}</h1>
        {move || {
            if !signed_in.get() {
                return view! { <SignInPrompt /> }.into_any();
            }
            let _ = loaded.get();
            match me.get_untracked() {
                Some(found) => view! { <ProfileForm me=found /> }.into_any(),
                None => view! {
                    <p class="lead" role="status">
                        {move || problem.get().unwrap_or_else(|| texts.get().profile_online_only.to_string())}
                    </p>
                }
                .into_any(),
            }
        }}
    }
}

#[component]
fn ProfileForm(me: Me) -> impl IntoView {
    let texts = use_texts();
    let prefs = use_preferences().prefs;
    let data = use_data();
    let name = RwSignal::new(me.name.clone());
    let address = RwSignal::new(me.address.clone().unwrap_or_default());
    let grid = RwSignal::new(me.grid_id.clone().unwrap_or_default());
    let problems = RwSignal::new(BTreeMap::<String, String>::new());
    let banner = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let choose_grid = move || data.community().is_some_and(|c| c.residents_choose_grid);
    let current_grid = StoredValue::new(me.grid_id.clone());
    let problem =
        move |field: &'static str| Signal::derive(move || problems.with(|p| p.get(field).cloned()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        saved.set(false);
        banner.set(None);
        let chosen = grid.get_untracked();
        let update = ProfileUpdate {
            name: name.get_untracked().trim().to_string(),
            address: Some(address.get_untracked().trim().to_string()).filter(|a| !a.is_empty()),
            grid_id: (untrack(choose_grid) && !chosen.is_empty()).then_some(chosen),
        };
        let said = texts.get_untracked();
        let found = current_grid
            .with_value(|current| check_profile(&update, current.as_deref(), untrack(choose_grid)));
        problems.set(
            found
                .into_iter()
                .map(|(field, p)| (field, p.localized(said)))
                .collect(),
        );
        if problems.with_untracked(|p| !p.is_empty()) {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let outcome = data.save_profile(&update).await;
            busy.set(false);
            match outcome {
                Ok(()) => saved.set(true),
                // The server's words at its fields; the reason above them.
                Err(SyncError::Rejected {
                    fields, message, ..
                }) => {
                    let said = words_now(prefs);
                    problems.set(
                        fields
                            .iter()
                            .map(|(field, words)| (field.clone(), server_words(words, said)))
                            .collect(),
                    );
                    // Said at the fields when the server named one of this page's; its
                    // reason otherwise.
                    let shown = |field: &str| {
                        matches!(field, "name" | "address")
                            || (field == "grid_id" && untrack(choose_grid))
                    };
                    let at_a_field = fields.keys().any(|field| shown(field));
                    banner.set((!at_a_field).then_some(message));
                }
                Err(error) => banner.set(Some(failure(words_now(prefs), &error))),
            }
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="profile-form">
            <TextField name="name" label=Signal::derive(move || texts.get().profile_name.to_string()) value=name
                problem=problem("name") autocomplete="name" />
            <TextField name="address" label=Signal::derive(move || texts.get().profile_address.to_string()) value=address
                problem=problem("address") autocomplete="street-address" />
            <Show when=choose_grid>
                <GridSelect id="profile-grid" label=Signal::derive(move || texts.get().profile_grid.to_string())
                    value=grid problem=problem("grid_id") />
            </Show>
            <Show when=move || banner.get().is_some()>
                <p class="notice notice--warning" role="alert">{move || banner.get()}</p>
            </Show>
            <Show when=move || saved.get()>
                <p class="notice" role="status" data-testid="profile-saved">{move || texts.get().profile_saved}</p>
            </Show>
            <button type="submit" class="button" prop:disabled=move || busy.get()>{move || texts.get().profile_save}</button>
        </form>
    }
}
