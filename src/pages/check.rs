//! The backend check (`/check`): for the engineer who connects a backend, before any
//! resident uses it. It signs in with a test account and tries what residents will do
//! (`yizhan_core::sync::check`), and lists what works, with what limits, and what does
//! not. Nothing of this device's own data or sign-in changes.

use leptos::prelude::*;
use yizhan_core::phone::MobileNumber;
use yizhan_core::sync::check::{Finding, Verdict};

use crate::components::field::TextField;
use crate::data::use_data;
use crate::i18n::use_texts;

#[component]
pub fn CheckPage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let phone = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let phone_problem = RwSignal::new(None::<String>);
    let secret_problem = RwSignal::new(None::<String>);
    let running = RwSignal::new(false);
    let findings = RwSignal::new(Vec::<Finding>::new());

    let number = move || match MobileNumber::parse(&phone.get_untracked()) {
        Ok(number) => Some(number.as_str().to_string()),
        Err(_) => {
            phone_problem.set(Some(texts.get_untracked().field_not_mobile.to_string()));
            None
        }
    };
    let ask_code = move |_| {
        phone_problem.set(None);
        let Some(number) = number() else { return };
        leptos::task::spawn_local(async move {
            if let Ok(Some(code)) = data.request_code(&number).await {
                secret.set(code);
            }
        });
    };
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        phone_problem.set(None);
        secret_problem.set(None);
        let Some(number) = number() else { return };
        let typed = secret.get_untracked();
        let needs_secret = data
            .abilities
            .with_untracked(|a| a.needs_code || a.needs_password);
        if needs_secret && typed.trim().is_empty() {
            secret_problem.set(Some(texts.get_untracked().field_required.to_string()));
            return;
        }
        running.set(true);
        findings.set(Vec::new());
        leptos::task::spawn_local(async move {
            let found = data
                .check_backend(&number, typed.trim(), texts.get_untracked())
                .await;
            findings.set(found);
            running.set(false);
        });
    };

    let results = move || {
        findings
            .get()
            .into_iter()
            .map(|finding| {
                let (class, label) = match finding.verdict() {
                    Verdict::Works => ("check check--works", texts.get().check.works),
                    Verdict::Limited => ("check check--limited", texts.get().check.limited),
                    Verdict::Fails => ("check check--fails", texts.get().check.fails),
                };
                view! {
                    <li class=class data-testid="check-finding">
                        <strong>{label}</strong>" "{finding.describe(texts.get())}
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <h1>{move || texts.get().check.title}</h1>
        <p class="lead">{move || texts.get().check.intro}</p>
        <form class="form" on:submit=start novalidate>
            <TextField
                name="phone"
                label=Signal::derive(move || texts.get().sign_in_phone.to_string())
                value=phone
                problem=phone_problem
                input_type="tel"
                input_mode="numeric"
            />
            <Show when=move || data.abilities.with(|a| a.needs_code)>
                <button type="button" class="button button--secondary" on:click=ask_code>
                    {move || texts.get().sign_in_get_code}
                </button>
                <TextField
                    name="code"
                    label=Signal::derive(move || texts.get().sign_in_code.to_string())
                    value=secret
                    problem=secret_problem
                    input_mode="numeric"
                    autocomplete="one-time-code"
                />
            </Show>
            <Show when=move || data.abilities.with(|a| a.needs_password)>
                <TextField
                    name="password"
                    label=Signal::derive(move || texts.get().sign_in_password.to_string())
                    value=secret
                    problem=secret_problem
                    input_type="password"
                    autocomplete="current-password"
                />
            </Show>
            <button type="submit" class="button" disabled=move || running.get() || !data.ready.get()>
                {move || texts.get().check.start}
            </button>
        </form>
        <Show when=move || running.get()>
            <p role="status">{move || texts.get().check.running}</p>
        </Show>
        <ul class="checks" aria-live="polite">{results}</ul>
    }
}
