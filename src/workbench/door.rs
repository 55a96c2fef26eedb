//! An activity's door (活动签到): residents show their code, staff type it (or scan it)
//! and see at once who it is, from the list this device keeps, offline too; the check-in
//! goes through the outbox and is sent once online. The list shows who came.

use leptos::prelude::*;
use yizhan_core::activities::{coming, AtTheDoor, SignupState};
use yizhan_core::routes::Desk;
use yizhan_core::schedule::local_minute;
use yizhan_core::sync::{submit_failure, Env};
use yizhan_core::validation::FieldProblem;

use super::frame::DeskFrame;
use super::use_desk_texts;
use crate::components::field::TextField;
use crate::components::parked_step::{explanation_id, DismissButton};
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::platform::browser_env::BrowserEnv;

#[component]
pub fn DoorDesk() -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let lists = move || data.snapshot.with(|s| s.door_lists().to_vec());
    let has_list = Memo::new(move |_| data.has(yizhan_core::sync::Reference::Door));
    // The choices as the select shows them: a memo, so that a sync or a check-in that
    // changes no activity leaves the select (and its focus) alone.
    let choices = Memo::new(move |_| {
        data.snapshot.with(|s| {
            s.door_lists()
                .iter()
                .map(|list| {
                    let activity = &list.activity;
                    let label = format!("{} {}", local_minute(&activity.starts_at), activity.title);
                    (activity.id.clone(), label)
                })
                .collect::<Vec<_>>()
        })
    });
    // The activity at this door: chosen, else the first still on.
    let chosen = RwSignal::new(None::<String>);
    // A memo of the id: the door (and what it last said) stays while syncs change
    // the list under it.
    let current = Memo::new(move |_| {
        let lists = lists();
        chosen
            .get()
            .filter(|id| lists.iter().any(|l| &l.activity.id == id))
            .or_else(|| {
                lists
                    .iter()
                    .find(|l| !l.activity.cancelled)
                    .map(|l| l.activity.id.clone())
            })
    });
    view! {
        <DeskFrame title=Signal::derive(move || desk.get().door) lead=Signal::derive(move || desk.get().door_lead)
            place=Desk::Door offline=Signal::derive(move || desk.get().door_offline_ready)>
            {move || {
                if !has_list.get() {
                    return view! { <p class="notice" role="status">{move || desk.get().door_no_list}</p> }.into_any();
                }
                let all = choices.get();
                if all.is_empty() {
                    return view! { <p class="lead" data-testid="door-none">{move || desk.get().door_none}</p> }.into_any();
                }
                let selected = current.get_untracked().unwrap_or_default();
                view! {
                    <div class="field">
                        <label class="field__label" for="door-activity">{move || desk.get().door_pick}</label>
                        <select id="door-activity" data-testid="door-activity"
                            on:change=move |ev| chosen.set(Some(event_target_value(&ev)))>
                            {all.into_iter().map(|(id, label)| {
                                let is = id == selected;
                                view! { <option value=id selected=is>{label}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                }.into_any()
            }}
            {move || current.get().map(|id| view! { <Door id=id /> })}
        </DeskFrame>
    }
}

/// The door of one activity: the code field, what the code means, and the list.
#[component]
fn Door(id: String) -> impl IntoView {
    let desk = use_desk_texts();
    let texts = use_texts();
    let data = use_data();
    let typed = RwSignal::new(String::new());
    let field_problem = RwSignal::new(None::<String>);
    // What the last code meant, and whether it was welcome.
    let answer = RwSignal::new(None::<(String, bool)>);
    let check = {
        let id = id.clone();
        move || {
            let text = typed.get_untracked();
            let now = BrowserEnv.now_ms();
            let meant = data
                .snapshot
                .with_untracked(|s| s.at_the_door(&id, &text, now));
            field_problem.set(None);
            let said = match meant {
                None => Some((desk.get_untracked().door_no_list.to_string(), false)),
                Some(AtTheDoor::NotACode) => {
                    field_problem.set(Some(
                        FieldProblem::NotACheckInCode.localized(texts.get_untracked()),
                    ));
                    None
                }
                Some(AtTheDoor::Unknown) => {
                    // A sign-up newer than the list: the next sync brings it.
                    data.sync_now();
                    Some((desk.get_untracked().door_unknown.to_string(), false))
                }
                Some(AtTheDoor::Cancelled) => {
                    Some((desk.get_untracked().door_cancelled.to_string(), false))
                }
                Some(AtTheDoor::TooEarly { opens }) => {
                    Some(((desk.get_untracked().door_too_early)(&opens), false))
                }
                Some(AtTheDoor::TooLate) => {
                    Some((desk.get_untracked().door_too_late.to_string(), false))
                }
                Some(AtTheDoor::Already { name }) => {
                    Some(((desk.get_untracked().door_already)(&name), false))
                }
                Some(AtTheDoor::InLine { name, position }) => {
                    Some(((desk.get_untracked().door_in_line)(&name, position), false))
                }
                Some(AtTheDoor::Welcome { code, name }) => {
                    let id = id.clone();
                    leptos::task::spawn_local(async move {
                        match data.request_check_in(&id, &code).await {
                            Ok(()) => {
                                typed.set(String::new());
                                answer
                                    .set(Some(((desk.get_untracked().door_welcome)(&name), true)));
                            }
                            Err(error) => answer
                                .set(Some((submit_failure(texts.get_untracked(), &error), false))),
                        }
                    });
                    None
                }
            };
            if said.is_some() || field_problem.get_untracked().is_some() {
                answer.set(said);
            }
        }
    };
    let roster = {
        let id = id.clone();
        move || {
            let queued = data.snapshot.with(|s| s.queued_check_ins(&id));
            let list = data.snapshot.with(|s| s.door_list(&id).cloned());
            list.map(|list| (list.signups, queued)).unwrap_or_default()
        }
    };
    let counts = {
        let roster = roster.clone();
        move || {
            let (signups, queued) = roster();
            let placed: Vec<_> = signups
                .iter()
                .filter(|s| s.state == SignupState::Confirmed)
                .collect();
            let checked = placed
                .iter()
                .filter(|s| s.checked_in_at.is_some() || queued.contains(&s.code))
                .count();
            (checked, placed.len(), queued.len())
        }
    };
    let parked = {
        let id = id.clone();
        move || {
            data.snapshot.with(|s| {
                s.parked_check_ins(&id)
                    .into_iter()
                    .map(|waiting| (waiting.seq(), waiting.why(texts.get()).unwrap_or_default()))
                    .collect::<Vec<_>>()
            })
        }
    };
    let cancelled = {
        let id = id.clone();
        move || {
            data.snapshot
                .with(|s| s.door_list(&id).is_some_and(|l| l.activity.cancelled))
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        check();
    };
    view! {
        <Show when=cancelled>
            <p class="notice notice--warning" role="status">{move || desk.get().door_cancelled}</p>
        </Show>
        <form class="door" on:submit=submit data-testid="door-form">
            <TextField name="door-code" label=Signal::derive(move || desk.get().door_code.to_string())
                value=typed problem=Signal::derive(move || field_problem.get()) autocomplete="off" />
            <button type="submit" class="button">{move || desk.get().door_check_in}</button>
        </form>
        <p class="door__answer" role="status" aria-live="polite" data-testid="door-answer"
            class:door__answer--welcome=move || answer.get().is_some_and(|(_, ok)| ok)>
            {move || answer.get().map(|(said, _)| said)}
        </p>
        {move || parked().into_iter().map(|(seq, why)| view! {
            <p class="delivery delivery--attention" id=explanation_id(Some("door"), seq)>{why}</p>
            <DismissButton seq=seq place="door" />
        }).collect_view()}
        {
            let counts = counts.clone();
            move || {
                let (checked, placed, waiting) = counts();
                view! {
                    <p class="lead" data-testid="door-count">{(desk.get().door_count)(checked, placed)}</p>
                    {(waiting > 0).then(|| view! {
                        <p class="delivery delivery--waiting" data-testid="door-waiting">{(desk.get().door_waiting)(waiting)}</p>
                    })}
                }
            }
        }
        <ul class="door__list" data-testid="door-list">
            {move || {
                let (signups, queued) = roster();
                signups.into_iter().map(|signup| {
                    let came = signup.checked_in_at.is_some() || queued.contains(&signup.code);
                    let state = match (signup.state, came) {
                        (_, true) => desk.get().door_checked.to_string(),
                        (SignupState::Waitlisted, false) => (texts.get().activity_in_line)(signup.position.unwrap_or(1)),
                        (SignupState::Confirmed, false) => desk.get().door_not_yet.to_string(),
                    };
                    view! {
                        <li class="door__person" class:door__person--came=came data-testid="door-person">
                            <span class="door__name">{coming(&signup)}</span>
                            <span class="door__code">{signup.code.clone()}</span>
                            <span class="status-chip">{state}</span>
                        </li>
                    }
                }).collect_view()
            }}
        </ul>
    }
}
