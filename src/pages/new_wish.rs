use std::collections::BTreeMap;

use leptos::prelude::*;
use yizhan_core::model::{NewOrder, OrderKind};
use yizhan_core::routes::{Route, Tab};
use yizhan_core::schedule::local_datetime;
use yizhan_core::sync::SubmitError;
use yizhan_core::validation::check_new_order;

use crate::components::field::TextField;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::pages::sign_in_prompt::SignInPrompt;
use crate::router::use_router;

/// `datetime-local` gives the community's wall time; the contract wants RFC 3339.
fn preferred_time(local: &str) -> Option<String> {
    let local = local.trim();
    (local.len() == 16).then(|| local_datetime(local))
}

fn blank_to_none(text: String) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

#[component]
pub fn NewWishPage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let router = use_router();
    let what = RwSignal::new(String::new());
    let details = RwSignal::new(String::new());
    let when = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    // The volunteer who claims the wish calls this number.
    let phone = RwSignal::new(String::new());
    let problems = RwSignal::new(BTreeMap::<&'static str, String>::new());
    let form_problem = RwSignal::new(None::<String>);
    let problem =
        move |field: &'static str| Signal::derive(move || problems.get().get(field).cloned());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_problem.set(None);
        let order = NewOrder {
            kind: OrderKind::Wish,
            service_id: None,
            title: what.get_untracked(),
            description: details.get_untracked(),
            address: blank_to_none(place.get_untracked()),
            contact_phone: blank_to_none(phone.get_untracked()),
            preferred_time: preferred_time(&when.get_untracked()),
            attributes: BTreeMap::new(),
        };
        let found: BTreeMap<_, _> = check_new_order(&order)
            .into_iter()
            .map(|(field, problem)| (field, problem.localized(texts.get_untracked())))
            .collect();
        let clean = found.is_empty();
        problems.set(found);
        if !clean {
            return;
        }
        leptos::task::spawn_local(async move {
            match data.submit_order(order).await {
                Ok(_) => router.navigate(Route::Tab(Tab::Orders)),
                Err(SubmitError::Invalid(found)) => problems.set(
                    found
                        .into_iter()
                        .map(|(field, problem)| (field, problem.localized(texts.get_untracked())))
                        .collect(),
                ),
                Err(SubmitError::Store(_)) => {
                    form_problem.set(Some(texts.get_untracked().error_storage.to_string()))
                }
                Err(_) => router.navigate(Route::SignIn),
            }
        });
    };

    view! {
        <h1>{move || texts.get().wish_title}</h1>
        <Show when=move || data.session().is_some() fallback=|| view! { <SignInPrompt /> }>
          // A deep link to the form where the backend takes no wishes: say so, not fail
          // after the resident typed it all.
          <Show
            when=move || data.abilities.with(|a| a.takes_wishes)
            fallback=move || view! { <p class="notice" role="note">{move || texts.get().wish_not_offered}</p> }
          >
            <p class="lead">{move || texts.get().wish_intro}</p>
            <form class="form" on:submit=submit novalidate>
                <TextField name="title" label=Signal::derive(move || texts.get().wish_what.to_string())
                    value=what problem=problem("title") />
                <TextField name="description" label=Signal::derive(move || texts.get().wish_details.to_string())
                    value=details problem=problem("description") multiline=true />
                <TextField name="preferred_time" label=Signal::derive(move || texts.get().wish_when.to_string())
                    value=when problem=problem("preferred_time") input_type="datetime-local" />
                <TextField name="address" label=Signal::derive(move || texts.get().wish_where.to_string())
                    value=place problem=problem("address") autocomplete="street-address" />
                <TextField name="contact_phone" label=Signal::derive(move || texts.get().service_contact_phone.to_string())
                    value=phone problem=problem("contact_phone") input_type="tel" input_mode="numeric"
                    autocomplete="tel" />
                <Show when=move || form_problem.get().is_some()>
                    <p class="field__problem" role="alert">{move || form_problem.get()}</p>
                </Show>
                <button type="submit" class="button">{move || texts.get().wish_submit}</button>
            </form>
          </Show>
        </Show>
    }
}
