//! The backend check (`/check`): for the engineer who connects a backend, before any
//! resident uses it. It signs in with a test account and tries what residents will do
//! (`yizhan_core::sync::check`), and lists what works, with what limits, and what does
//! not. Nothing of this device's own data or sign-in changes.

use leptos::prelude::*;
use yizhan_core::sync::check::{Finding, Verdict};

use crate::components::credentials::{valid_phone, CredentialFields};
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
    let code_sent = RwSignal::new(false);
    let running = RwSignal::new(false);
    let findings = RwSignal::new(Vec::<Finding>::new());

    let ask_code = Callback::new(move |()| {
        phone_problem.set(None);
        let Some(number) = valid_phone(phone, phone_problem, texts.get_untracked()) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match data.request_code(&number).await {
                Ok(code) => {
                    code_sent.set(true);
                    if let Some(code) = code {
                        secret.set(code);
                    }
                }
                // The engineer checking a backend reads the backend's own words.
                Err(error) => phone_problem.set(Some(error.to_string())),
            }
        });
    });
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        phone_problem.set(None);
        secret_problem.set(None);
        let Some(number) = valid_phone(phone, phone_problem, texts.get_untracked()) else {
            return;
        };
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
                .check_backend(&number, &typed, texts.get_untracked())
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
            <CredentialFields phone=phone secret=secret phone_problem=phone_problem
                secret_problem=secret_problem ask_code=ask_code code_sent=code_sent busy=running />
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
