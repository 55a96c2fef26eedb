use leptos::prelude::*;
use yizhan_core::routes::{Route, Tab};
use yizhan_core::sync::{sign_in_failure, SignInStep};

use crate::components::credentials::{valid_phone, CredentialFields};
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::router::use_router;

#[component]
pub fn SignInPage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let router = use_router();
    let phone = RwSignal::new(String::new());
    // The code or the password: never stored, gone with the page.
    let secret = RwSignal::new(String::new());
    let phone_problem = RwSignal::new(None::<String>);
    let secret_problem = RwSignal::new(None::<String>);
    let code_sent = RwSignal::new(false);
    let busy = RwSignal::new(false);

    let ask_code = Callback::new(move |()| {
        phone_problem.set(None);
        let Some(number) = valid_phone(phone, phone_problem, texts.get_untracked()) else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match data.request_code(&number).await {
                Ok(dev_code) => {
                    code_sent.set(true);
                    // Demo servers hand the code back; a real one sends it by SMS.
                    if let Some(dev_code) = dev_code {
                        secret.set(dev_code);
                    }
                }
                Err(error) => phone_problem.set(Some(sign_in_failure(
                    texts.get_untracked(),
                    &error,
                    SignInStep::AskingForCode,
                ))),
            }
            busy.set(false);
        });
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        secret_problem.set(None);
        let Some(number) = valid_phone(phone, phone_problem, texts.get_untracked()) else {
            return;
        };
        let with_password = data.abilities.with_untracked(|a| a.needs_password);
        let with_secret = data
            .abilities
            .with_untracked(|a| a.needs_code || a.needs_password);
        // A password is taken as typed; a code without the spaces around it.
        let typed = if with_password {
            secret.get_untracked()
        } else {
            secret.get_untracked().trim().to_string()
        };
        if typed.is_empty() && with_secret {
            secret_problem.set(Some(texts.get_untracked().field_required.to_string()));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match data.sign_in(&number, &typed).await {
                Ok(_) => router.navigate(Route::Tab(Tab::Orders)),
                // Without a code or password, a refusal is about the number: said at its
                // field.
                Err(error) if !with_secret => phone_problem.set(Some(sign_in_failure(
                    texts.get_untracked(),
                    &error,
                    SignInStep::AskingForCode,
                ))),
                Err(error) => secret_problem.set(Some(sign_in_failure(
                    texts.get_untracked(),
                    &error,
                    if with_password {
                        SignInStep::WithPassword
                    } else {
                        SignInStep::WithCode
                    },
                ))),
            }
            busy.set(false);
        });
    };

    view! {
        <h1>{move || texts.get().sign_in_title}</h1>
        <p class="lead">{move || texts.get().sign_in_intro}</p>
        <form class="form" on:submit=submit novalidate>
            <CredentialFields phone=phone secret=secret phone_problem=phone_problem
                secret_problem=secret_problem ask_code=ask_code code_sent=code_sent busy=busy />
            // Until config.json was read the app cannot tell whether a code is needed.
            <button type="submit" class="button" disabled=move || busy.get() || !data.ready.get()>
                {move || texts.get().sign_in_submit}
            </button>
        </form>
    }
}
