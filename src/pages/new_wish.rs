use std::collections::BTreeMap;

use leptos::prelude::*;
use yizhan_core::order_form::{wish_order, OrderForm, Problems};
use yizhan_core::routes::{Route, Tab};
use yizhan_core::sync::SubmitError;

use crate::components::field::TextField;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::pages::sign_in_prompt::SignInPrompt;
use crate::router::use_router;

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
    let problems = RwSignal::new(BTreeMap::<String, String>::new());
    let form_problem = RwSignal::new(None::<String>);
    let problem = move |field: &'static str| {
        Signal::derive(move || problems.with(|found| found.get(field).cloned()))
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_problem.set(None);
        let form = OrderForm {
            title: what.get_untracked(),
            description: details.get_untracked(),
            address: place.get_untracked(),
            contact_phone: phone.get_untracked(),
            preferred_time: when.get_untracked(),
            answers: BTreeMap::new(),
        };
        let localized = move |found: Problems| -> BTreeMap<String, String> {
            found
                .into_iter()
                .map(|(field, problem)| (field, problem.localized(texts.get_untracked())))
                .collect()
        };
        problems.set(BTreeMap::new());
        let order = match wish_order(&form) {
            Ok(order) => order,
            Err(found) => return problems.set(localized(found)),
        };
        leptos::task::spawn_local(async move {
            match data.submit_order(order).await {
                Ok(_) => router.navigate(Route::Tab(Tab::Orders)),
                Err(SubmitError::Invalid(found)) => problems.set(localized(found)),
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
