use leptos::prelude::*;
use yizhan_core::model::{Role, Shift, ShiftStatus};
use yizhan_core::schedule::{by_end_of_this_week, local_minute};
use yizhan_core::sync::{failure, submit_failure, Env, Reference};

use crate::components::empty_state::EmptyState;
use crate::components::parked_step::{explanation_id, DismissButton};
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::pages::sign_in_prompt::SignInPrompt;
use crate::platform::{browser_env::BrowserEnv, download};

#[component]
pub fn VolunteerPage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let is_volunteer = move || data.session().is_some_and(|s| s.has_role(Role::Volunteer));
    // Why a tap did nothing: a sign-up the device could not keep, a calendar that did not
    // come. Said at the top of the page until the next tap.
    let problem = RwSignal::new(None::<String>);
    // Sign-ups queued on this device and not yet acknowledged, by shift: the last word.
    let queued = move |shift_id: &str| data.snapshot.with(|s| s.queued_signup(shift_id));
    // A sign-up that could not go, with its reason, until read.
    let parked = move |shift_id: &str| {
        data.snapshot.with(|s| {
            s.parked_signup(shift_id)
                .map(|waiting| (waiting.seq(), waiting.why(texts.get()).unwrap_or_default()))
        })
    };
    let station_name = move |id: &Option<String>| {
        id.as_ref().and_then(|id| {
            data.stations()
                .into_iter()
                .find(|s| &s.id == id)
                .map(|s| s.name)
        })
    };
    // A shift signed up for shows twice (mine, and its week): `place` keeps ids apart.
    let card = move |shift: Shift, place: &'static str| {
        let id = shift.id.clone();
        let pending = queued(&id);
        let refused = parked(&id);
        let mine = pending.unwrap_or(shift.me);
        let free = shift.capacity.saturating_sub(shift.signed_up);
        let station = station_name(&shift.station_id);
        let status = shift.status;
        let shift_id = id.clone();
        view! {
            <article class="card shift" data-testid="shift" data-shift-id=id.clone()>
                <h3 class="card__title">{shift.title.clone()}</h3>
                <p class="card__meta">{shift.team.clone()}{station.map(|s| format!(" · {s}"))}</p>
                <p>
                    <time datetime=shift.starts_at.clone()>{local_minute(&shift.starts_at)}</time>
                    "–"{shift.ends_at.get(11..16).unwrap_or("").to_string()}
                </p>
                <p class="card__meta">{move || (texts.get().shift_places)(free, shift.capacity)}</p>
                {move || match status {
                    ShiftStatus::Cancelled => Some(view! { <span class="status-chip">{texts.get().shift_cancelled}</span> }.into_any()),
                    ShiftStatus::Closed => Some(view! { <span class="status-chip">{texts.get().shift_closed}</span> }.into_any()),
                    _ => None,
                }}
                {move || mine.then(|| view! {
                    <span class="delivery delivery--sent">{texts.get().shift_signed_up}</span>
                })}
                {move || pending.is_some().then(|| view! {
                    <span class="delivery delivery--waiting">{texts.get().order_waiting}</span>
                })}
                {refused.map(|(seq, why)| view! {
                    <p class="delivery delivery--attention" id=explanation_id(Some(place), seq)>{why}</p>
                    <DismissButton seq=seq place=place />
                })}
                {move || {
                    let open = matches!(status, ShiftStatus::Open | ShiftStatus::Full);
                    if !is_volunteer() || !open {
                        return None;
                    }
                    Some(if status == ShiftStatus::Full && !mine {
                        view! { <span class="status-chip">{texts.get().shift_full}</span> }.into_any()
                    } else {
                        // One button: take a place, or give it back.
                        let (id, take) = (shift_id.clone(), !mine);
                        let (class, label) = if take {
                            ("button", texts.get().shift_sign_up)
                        } else {
                            ("button button--secondary", texts.get().shift_withdraw)
                        };
                        view! {
                            <button type="button" class=class
                                on:click=move |_| {
                                    let id = id.clone();
                                    problem.set(None);
                                    leptos::task::spawn_local(async move {
                                        if let Err(error) = data.request_shift_signup(&id, take).await {
                                            problem.set(Some(submit_failure(texts.get_untracked(), &error)));
                                        }
                                    });
                                }>{label}</button>
                        }.into_any()
                    })
                }}
            </article>
        }
    };
    let week = move |this: bool| {
        let now = BrowserEnv.now_ms();
        data.shifts()
            .into_iter()
            .filter(|s| by_end_of_this_week(&s.starts_at, now) == this)
            .map(|shift| card(shift, "week"))
            .collect_view()
    };
    let mine = move || {
        data.shifts()
            .into_iter()
            .filter(|s| queued(&s.id).unwrap_or(s.me))
            .map(|shift| card(shift, "mine"))
            .collect_view()
    };
    let offered = move || data.abilities.with(|a| a.offers(Reference::Shifts));
    let export = move |_| {
        problem.set(None);
        leptos::task::spawn_local(async move {
            match data.my_calendar().await {
                Ok(Some(calendar)) => {
                    if !download::offer("yizhan-shifts.ics", "text/calendar", &calendar) {
                        problem.set(Some(
                            texts.get_untracked().shift_calendar_not_saved.to_string(),
                        ))
                    }
                }
                Ok(None) => problem.set(Some(texts.get_untracked().not_offered_title.to_string())),
                Err(error) => problem.set(Some(failure(texts.get_untracked(), &error))),
            }
        });
    };
    view! {
        <h1>{move || texts.get().volunteer_title}</h1>
        <Show when=move || problem.get().is_some()>
            <p class="notice notice--warning" role="alert" data-testid="volunteer-problem">{move || problem.get()}</p>
        </Show>
        <Show when=move || data.session().is_some() fallback=|| view! { <SignInPrompt /> }>
            <Show when=move || !is_volunteer() && offered()>
                <p class="notice" role="note">{move || texts.get().become_volunteer}</p>
            </Show>
            <Show
                when=move || data.has(Reference::Shifts)
                fallback=move || view! {
                    <EmptyState
                        title=Signal::derive(move || if offered() { texts.get().volunteer_empty } else { texts.get().not_offered_title })
                        hint=Signal::derive(move || if offered() { texts.get().volunteer_empty_hint } else { texts.get().volunteer_not_offered_hint })
                    />
                }
            >
                <Show when=is_volunteer>
                    <h2>{move || texts.get().shift_mine}</h2>
                    <div class="card-list">{mine}</div>
                    <Show when=move || !data.shifts().iter().any(|s| queued(&s.id).unwrap_or(s.me))>
                        <p class="lead">{move || texts.get().shift_mine_empty}</p>
                    </Show>
                    <Show when=move || data.abilities.with(|a| a.has_calendar)>
                        <button type="button" class="button button--secondary" on:click=export>
                            {move || texts.get().shift_calendar}
                        </button>
                    </Show>
                </Show>
                <h2>{move || texts.get().week_this}</h2>
                <div class="card-list">{move || week(true)}</div>
                <h2>{move || texts.get().week_next}</h2>
                <div class="card-list">{move || week(false)}</div>
            </Show>
        </Show>
    }
}
