//! The number and the code or password that sign a person in, as the backend asks for
//! them (`Abilities`): on the sign-in page, and on the backend check with a test account.

use leptos::prelude::*;
use yizhan_core::i18n::Texts;
use yizhan_core::phone::MobileNumber;

use crate::components::field::TextField;
use crate::data::use_data;
use crate::i18n::use_texts;

/// The typed number as the backend takes it, or `None` with the problem said at the field.
pub fn valid_phone(
    phone: RwSignal<String>,
    problem: RwSignal<Option<String>>,
    texts: &Texts,
) -> Option<String> {
    match MobileNumber::parse(&phone.get_untracked()) {
        Ok(number) => Some(number.as_str().to_string()),
        Err(_) => {
            problem.set(Some(texts.field_not_mobile.to_string()));
            None
        }
    }
}

/// The phone field, then the code (with its button) or the password, whichever the
/// backend takes. Before `config.json` was read neither shows, lest it flash up and vanish.
#[component]
pub fn CredentialFields(
    phone: RwSignal<String>,
    /// The code or the password: never stored.
    secret: RwSignal<String>,
    phone_problem: RwSignal<Option<String>>,
    secret_problem: RwSignal<Option<String>>,
    /// Asks the backend to text a code.
    ask_code: Callback<()>,
    #[prop(into)] code_sent: Signal<bool>,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    view! {
        <TextField
            name="phone"
            label=Signal::derive(move || texts.get().sign_in_phone.to_string())
            value=phone
            problem=phone_problem
            input_type="tel"
            input_mode="numeric"
            autocomplete="tel"
        />
        <Show when=move || data.ready.get() && data.abilities.with(|a| a.needs_code)>
            <button type="button" class="button button--secondary"
                on:click=move |_| ask_code.run(()) disabled=move || busy.get()>
                {move || texts.get().sign_in_get_code}
            </button>
            <Show when=move || code_sent.get()>
                <p class="form__note" role="status">{move || texts.get().sign_in_code_sent}</p>
            </Show>
            <TextField
                name="code"
                label=Signal::derive(move || texts.get().sign_in_code.to_string())
                value=secret
                problem=secret_problem
                input_mode="numeric"
                autocomplete="one-time-code"
            />
        </Show>
        <Show when=move || data.ready.get() && data.abilities.with(|a| a.needs_password)>
            <TextField
                name="password"
                label=Signal::derive(move || texts.get().sign_in_password.to_string())
                value=secret
                problem=secret_problem
                input_type="password"
                autocomplete="current-password"
            />
        </Show>
    }
}
