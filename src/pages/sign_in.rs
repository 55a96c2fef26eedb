use leptos::prelude::*;
use yizhan_core::phone::MobileNumber;
use yizhan_core::routes::{Route, Tab};
use yizhan_core::sync::SyncError;

use crate::components::field::TextField;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::router::use_router;

/// What went wrong, in the resident's words.
fn explain(
    error: &SyncError,
    texts: &yizhan_core::i18n::Texts,
    asking_for_code: bool,
    with_password: bool,
) -> String {
    match error {
        SyncError::Network(_) => texts.error_offline.to_string(),
        SyncError::Retry {
            status: 429,
            retry_after,
        } => (texts.error_wait)(retry_after.unwrap_or(900)),
        // A 401 to "send me a code" means the number is not known (closed registration).
        SyncError::Unauthorized if asking_for_code => texts.sign_in_unknown_phone.to_string(),
        SyncError::Unauthorized if with_password => texts.sign_in_wrong_password.to_string(),
        SyncError::Unauthorized => texts.sign_in_wrong_code.to_string(),
        // Backends without accounts look the number up as the user signs in.
        SyncError::Rejected { kind, .. } if kind == "unknown_phone" => {
            texts.sign_in_unknown_phone.to_string()
        }
        SyncError::Rejected { fields, .. } if fields.contains_key("phone") => {
            texts.field_not_mobile.to_string()
        }
        _ => texts.error_server.to_string(),
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let router = use_router();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    // Never stored: it goes with the sign-in request and is gone with the page.
    let password = RwSignal::new(String::new());
    let phone_problem = RwSignal::new(None::<String>);
    let code_problem = RwSignal::new(None::<String>);
    let code_sent = RwSignal::new(false);
    let busy = RwSignal::new(false);

    let valid_phone = move || match MobileNumber::parse(&phone.get_untracked()) {
        Ok(number) => Some(number.as_str().to_string()),
        Err(_) => {
            phone_problem.set(Some(texts.get_untracked().field_not_mobile.to_string()));
            None
        }
    };

    let ask_code = move |_| {
        phone_problem.set(None);
        let Some(number) = valid_phone() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match data.request_code(&number).await {
                Ok(dev_code) => {
                    code_sent.set(true);
                    // Demo servers hand the code back; a real one sends it by SMS.
                    if let Some(dev_code) = dev_code {
                        code.set(dev_code);
                    }
                }
                Err(error) => {
                    phone_problem.set(Some(explain(&error, texts.get_untracked(), true, false)))
                }
            }
            busy.set(false);
        });
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        code_problem.set(None);
        let Some(number) = valid_phone() else { return };
        let with_password = data.abilities.with_untracked(|a| a.needs_password);
        let typed = if with_password {
            password.get_untracked()
        } else {
            code.get_untracked().trim().to_string()
        };
        if typed.is_empty()
            && data
                .abilities
                .with_untracked(|a| a.needs_code || a.needs_password)
        {
            code_problem.set(Some(texts.get_untracked().field_required.to_string()));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match data.sign_in(&number, &typed).await {
                Ok(_) => router.navigate(Route::Tab(Tab::Orders)),
                // Without a code step, a refusal is about the number: said at its field.
                Err(error)
                    if !data
                        .abilities
                        .with_untracked(|a| a.needs_code || a.needs_password) =>
                {
                    phone_problem.set(Some(explain(&error, texts.get_untracked(), true, false)))
                }
                Err(error) => code_problem.set(Some(explain(
                    &error,
                    texts.get_untracked(),
                    false,
                    with_password,
                ))),
            }
            busy.set(false);
        });
    };

    view! {
        <h1>{move || texts.get().sign_in_title}</h1>
        <p class="lead">{move || texts.get().sign_in_intro}</p>
        <form class="form" on:submit=submit novalidate>
            <TextField
                name="phone"
                label=Signal::derive(move || texts.get().sign_in_phone.to_string())
                value=phone
                problem=phone_problem
                input_type="tel"
                input_mode="numeric"
                autocomplete="tel"
            />
            // A backend without accounts only looks the number up: no code to ask for.
            // Not shown before config.json was read, lest it flash up and vanish.
            <Show when=move || data.ready.get() && data.abilities.with(|a| a.needs_code)>
                <button type="button" class="button button--secondary" on:click=ask_code
                    disabled=move || busy.get()>
                    {move || texts.get().sign_in_get_code}
                </button>
                <Show when=move || code_sent.get()>
                    <p class="form__note" role="status">{move || texts.get().sign_in_code_sent}</p>
                </Show>
                <TextField
                    name="code"
                    label=Signal::derive(move || texts.get().sign_in_code.to_string())
                    value=code
                    problem=code_problem
                    input_mode="numeric"
                    autocomplete="one-time-code"
                />
            </Show>
            // A backend where people sign in with their password there.
            <Show when=move || data.ready.get() && data.abilities.with(|a| a.needs_password)>
                <TextField
                    name="password"
                    label=Signal::derive(move || texts.get().sign_in_password.to_string())
                    value=password
                    problem=code_problem
                    input_type="password"
                    autocomplete="current-password"
                />
            </Show>
            // Until config.json was read the app cannot tell whether a code is needed.
            <button type="submit" class="button" disabled=move || busy.get() || !data.ready.get()>
                {move || texts.get().sign_in_submit}
            </button>
        </form>
    }
}
