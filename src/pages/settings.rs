use leptos::prelude::*;
use yizhan_core::i18n::Lang;
use yizhan_core::routes::{Desk, Route};
use yizhan_core::sync::store_failure;

use crate::app::InstallOffer;
use crate::data::use_data;
use crate::i18n::{use_preferences, use_texts};
use crate::router::Link;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let texts = use_texts();
    let context = use_preferences();
    let prefs = context.prefs;

    let language_choices = Lang::ALL
        .into_iter()
        .map(|lang| {
            view! {
                <label class="choice">
                    <input
                        type="radio"
                        name="lang"
                        value=lang.tag()
                        prop:checked=move || prefs.get().lang == lang
                        on:change=move |_| prefs.update(|p| p.lang = lang)
                    />
                    // The endonym, tagged, so each name is read in its own language.
                    <span lang=lang.tag()>{lang.endonym()}</span>
                </label>
            }
        })
        .collect_view();

    let data = use_data();
    let confirming = RwSignal::new(false);
    // Signing out writes to the device; where it cannot, the resident stays signed in
    // with everything kept, and is told why.
    let sign_out_problem = RwSignal::new(None::<String>);
    let unsent = move || data.summary.get().waiting + data.summary.get().parked.len();
    let sign_out = move |discard: bool| {
        sign_out_problem.set(None);
        leptos::task::spawn_local(async move {
            if let Err(error) = data.sign_out(discard).await {
                sign_out_problem.set(Some(store_failure(texts.get_untracked(), &error)));
            }
            confirming.set(false);
        });
    };
    let account = move || {
        data.session().map(|session| {
            view! {
                <section class="settings-group" data-testid="account">
                    <p>{move || texts.get().signed_in_as}{session.name.clone()}</p>
                    <Show when=move || sign_out_problem.get().is_some()>
                        <p class="field__problem" role="alert" data-testid="sign-out-problem">{move || sign_out_problem.get()}</p>
                    </Show>
                    <Show
                        when=move || confirming.get()
                        fallback=move || view! {
                            <button type="button" class="button button--secondary"
                                on:click=move |_| {
                                    if unsent() > 0 { confirming.set(true) } else { sign_out(false) }
                                }>
                                {move || texts.get().sign_out}
                            </button>
                        }
                    >
                        <p class="notice notice--warning" role="alert">{move || texts.get().sign_out_unsent}</p>
                        <button type="button" class="button" on:click=move |_| sign_out(true)>
                            {move || texts.get().sign_out}
                        </button>
                    </Show>
                </section>
            }
        })
    };

    let install_offered = expect_context::<InstallOffer>().0;
    let install = move || {
        use crate::platform::install::{host, prompt, Host};
        let how = match host() {
            Host::Installed => return None,
            Host::WeChat => Some(texts.get().install_wechat),
            Host::Ios => Some(texts.get().install_ios),
            Host::Other if install_offered.get() => None,
            Host::Other => Some(texts.get().install_other),
        };
        Some(view! {
            <section class="settings-group" data-testid="install">
                <h2>{move || texts.get().install_title}</h2>
                {match how {
                    Some(how) => view! { <p>{how}</p> }.into_any(),
                    None => view! {
                        <button type="button" class="button" on:click=move |_| {
                            // The browser's offer can be shown once; it offers again if it will.
                            prompt();
                            install_offered.set(false);
                        }>
                            {move || texts.get().install_button}
                        </button>
                    }
                    .into_any(),
                }}
            </section>
        })
    };

    // The staff's workbench, for those it is for, where the backend has one.
    let workbench = move || {
        let open = data.abilities.with(|a| a.workbench)
            && data
                .session()
                .is_some_and(|session| Desk::Home.open_to_any(&session.roles));
        open.then(|| {
            view! {
                <p class="settings-group">
                    <Link route=Route::Desk(Desk::Home) class="button button--secondary">
                        {move || texts.get().desk_open}
                    </Link>
                </p>
            }
        })
    };
    // The person's own details, where the backend keeps them.
    let profile = move || {
        (data.session().is_some() && data.abilities.with(|a| a.edits_profile)).then(|| {
            view! {
                <p class="settings-group">
                    <Link route=Route::Profile class="button button--secondary">{move || texts.get().profile_title}</Link>
                </p>
            }
        })
    };
    view! {
        <h1>{move || texts.get().settings}</h1>
        {account}
        {profile}
        {workbench}
        <Show when=move || !context.persisted>
            <p class="notice" role="note">{move || texts.get().settings_not_saved}</p>
        </Show>
        {install}
        <fieldset class="settings-group">
            <legend>{move || texts.get().settings_language}</legend>
            {language_choices}
        </fieldset>
        <div class="settings-group">
            <label class="switch">
                <input
                    type="checkbox"
                    role="switch"
                    aria-describedby="elder-hint"
                    prop:checked=move || prefs.get().elder
                    on:change=move |ev| prefs.update(|p| p.elder = event_target_checked(&ev))
                />
                <span class="switch__label">{move || texts.get().settings_elder}</span>
            </label>
            <p id="elder-hint" class="settings-group__hint">
                {move || texts.get().settings_elder_hint}
            </p>
        </div>
    }
}
