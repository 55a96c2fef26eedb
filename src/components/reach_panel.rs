//! 提醒设置 (issue 18), under the inbox: notifications on this device, with an honest line
//! where Web Push cannot work (WeChat, iOS outside the Home Screen); texts; quiet hours;
//! and which kinds ring. The settings are the server's to apply: read and saved online.

use leptos::prelude::*;
use yizhan_core::inbox::InboxKind;
use yizhan_core::model::Role;
use yizhan_core::reach::{check_settings, kinds_for, QuietHours, ReachSettings};

use crate::data::use_data;
use crate::i18n::{use_preferences, use_texts};
use crate::platform::push::{self, NotHere};

#[derive(Clone, Copy, PartialEq, Eq)]
enum PushView {
    Off,
    On,
    Denied,
    Failed,
    Unavailable(NotHere),
}

/// One labelled switch. Its props are type-erased so that every switch of the panel
/// shares one copy of the rendering code (each distinct closure type would be its own,
/// and a resident downloads every copy).
#[component]
fn Switch(label: Signal<&'static str>, checked: Signal<bool>, on: Callback<bool>) -> impl IntoView {
    view! {
        <label class="switch">
            <input type="checkbox" prop:checked=checked on:change=move |ev| on.run(event_target_checked(&ev)) />
            <span class="switch__label">{label}</span>
        </label>
    }
}

#[component]
pub fn ReachPanel() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let prefs = use_preferences().prefs;
    let push_view = RwSignal::new(match push::not_here() {
        Some(why) => PushView::Unavailable(why),
        None if push::permission() == "denied" => PushView::Denied,
        None => PushView::Off,
    });
    let settings = RwSignal::new(None::<ReachSettings>);
    let offline = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        if push_view.get_untracked() == PushView::Off && data.push_is_on().await {
            push_view.try_set(PushView::On);
        }
        match data.reach_settings().await {
            Ok(loaded) => {
                settings.try_set(loaded);
            }
            Err(_) => {
                offline.try_set(true);
            }
        }
    });
    let toggle_push = move |_| {
        busy.set(true);
        let on = push_view.get_untracked() == PushView::On;
        leptos::task::spawn_local(async move {
            let next = if on {
                data.push_off().await;
                PushView::Off
            } else {
                match data.push_on(prefs.get_untracked().lang).await {
                    Ok(true) => PushView::On,
                    Ok(false) => PushView::Unavailable(NotHere::Browser),
                    Err(why) if why == "denied" => PushView::Denied,
                    Err(_) => PushView::Failed,
                }
            };
            push_view.try_set(next);
            busy.try_set(false);
        });
    };
    let push_line = move || {
        let t = texts.get();
        match push_view.get() {
            PushView::On => Some(t.reach_push_is_on),
            PushView::Denied => Some(t.reach_push_denied),
            PushView::Failed => Some(t.reach_push_failed),
            PushView::Unavailable(NotHere::WeChat) => Some(t.reach_not_here_wechat),
            PushView::Unavailable(NotHere::IosNotInstalled) => Some(t.reach_not_here_ios),
            PushView::Unavailable(NotHere::Browser) => Some(t.reach_not_here_browser),
            PushView::Off => None,
        }
    };
    let can_push = move || {
        matches!(
            push_view.get(),
            PushView::Off | PushView::On | PushView::Failed
        )
    };
    let roles: Vec<Role> = data
        .session()
        .map(|s| s.roles.iter().filter_map(|r| Role::parse(r)).collect())
        .unwrap_or_default();
    let kinds = kinds_for(&roles);
    let edit = move |change: &dyn Fn(&mut ReachSettings)| {
        saved.set(false);
        settings.update(|s| {
            if let Some(s) = s.as_mut() {
                change(s);
            }
        });
    };
    let kind_box = move |kind: InboxKind| {
        view! {
            <Switch
                label=Signal::derive(move || (texts.get().reach_kind)(kind))
                checked=Signal::derive(move || settings.with(|s| s.as_ref().is_some_and(|s| !s.muted.contains(&kind))))
                on=Callback::new(move |on: bool| edit(&|s: &mut ReachSettings| {
                    s.muted.retain(|k| *k != kind);
                    if !on {
                        s.muted.push(kind);
                    }
                }))
            />
        }
    };
    let quiet = move |pick: fn(&QuietHours) -> &String| {
        move || {
            settings.with(|s| {
                s.as_ref()
                    .and_then(|s| s.quiet.as_ref())
                    .map(|q| pick(q).clone())
                    .unwrap_or_default()
            })
        }
    };
    let set_quiet = move |from: bool, value: String| {
        edit(&|s: &mut ReachSettings| {
            if let Some(q) = s.quiet.as_mut() {
                if from {
                    q.from = value.clone()
                } else {
                    q.until = value.clone()
                }
            }
        });
    };
    let quiet_on = move || settings.with(|s| s.as_ref().is_some_and(|s| s.quiet.is_some()));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(mut chosen) = settings.get_untracked() else {
            return;
        };
        chosen.lang = prefs.get_untracked().lang;
        if !check_settings(&chosen).is_empty() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match data.put_reach_settings(&chosen).await {
                Ok(kept) => {
                    settings.try_set(Some(kept));
                    saved.try_set(true);
                }
                Err(_) => {
                    offline.try_set(true);
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <section class="settings-group" aria-labelledby="reach-title" data-testid="reach">
            <h2 id="reach-title">{move || texts.get().reach_title}</h2>
            <Show when=can_push>
                <button type="button" class="button button--secondary" data-testid="push-toggle"
                    prop:disabled=move || busy.get() on:click=toggle_push>
                    {move || if push_view.get() == PushView::On { texts.get().reach_push_off } else { texts.get().reach_push_on }}
                </button>
            </Show>
            {move || push_line().map(|line| view! { <p class="settings-group__hint" role="status" data-testid="push-line">{line}</p> })}
            {move || offline.get().then(|| view! { <p class="notice" role="note">{texts.get().reach_offline}</p> })}
            <Show when=move || settings.with(Option::is_some)>
                <form class="form" on:submit=save data-testid="reach-form">
                    <Switch
                        label=Signal::derive(move || texts.get().reach_sms)
                        checked=Signal::derive(move || settings.with(|s| s.as_ref().is_some_and(|s| s.sms)))
                        on=Callback::new(move |on: bool| edit(&|s: &mut ReachSettings| s.sms = on))
                    />
                    <Switch
                        label=Signal::derive(move || texts.get().reach_quiet)
                        checked=Signal::derive(quiet_on)
                        on=Callback::new(move |on: bool| edit(&|s: &mut ReachSettings| {
                            s.quiet = on.then(|| ReachSettings::default().quiet).flatten();
                        }))
                    />
                    <Show when=quiet_on>
                        <div class="reach-quiet">
                            <label>{move || texts.get().reach_quiet_from}
                                <input type="time" name="quiet-from" prop:value=quiet(|q| &q.from)
                                    on:change=move |ev| set_quiet(true, event_target_value(&ev)) />
                            </label>
                            <label>{move || texts.get().reach_quiet_until}
                                <input type="time" name="quiet-until" prop:value=quiet(|q| &q.until)
                                    on:change=move |ev| set_quiet(false, event_target_value(&ev)) />
                            </label>
                        </div>
                    </Show>
                    <fieldset class="reach-kinds">
                        <legend>{move || texts.get().reach_kinds}</legend>
                        {kinds.clone().into_iter().map(kind_box).collect_view()}
                    </fieldset>
                    {move || saved.get().then(|| view! { <p class="notice" role="status" data-testid="reach-saved">{texts.get().reach_saved}</p> })}
                    <button type="submit" class="button" prop:disabled=move || busy.get()>{move || texts.get().reach_save}</button>
                </form>
            </Show>
        </section>
    }
}
