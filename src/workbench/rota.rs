//! The duty rota: a weekly series set up once (扮靓周四, every Thursday 09:00–11:00), the
//! shifts on the rota with who signed up, who came (their record of service counts it),
//! and cancelling — those signed up see the shift cancelled.

use std::collections::BTreeMap;

use leptos::prelude::*;
use yizhan_core::i18n::DeskTexts;
use yizhan_core::model::{Shift, ShiftStatus, Signup};
use yizhan_core::order_form::Problems;
use yizhan_core::routes::Desk;
use yizhan_core::schedule::{local_minute, local_minute_at};
use yizhan_core::sync::Env;
use yizhan_core::validation::FieldProblem;
use yizhan_core::workbench::editor::shift::ShiftDraft;
use yizhan_core::workbench::shifts::{expand, in_a_series, once_when_open, parse_time, SeriesBody};

use super::editing::{ListNote, SaveBar, Saving};
use super::frame::DeskFrame;
use super::use_desk_texts;
use crate::components::field::TextField;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::platform::browser_env::{now_ms, BrowserEnv};

#[component]
pub fn RotaDesk() -> impl IntoView {
    let desk = use_desk_texts();
    let note = RwSignal::new(None::<String>);
    view! {
        <DeskFrame title=Signal::derive(move || desk.get().rota) lead=Signal::derive(move || desk.get().rota_lead)
            place=Desk::Rota>
            <ListNote note=note />
            <SeriesForm note=note />
            <h2>{move || desk.get().rota_upcoming}</h2>
            <Upcoming note=note />
        </DeskFrame>
    }
}

/// Today in the community's calendar, `YYYY-MM-DD`.
fn today() -> String {
    local_minute_at(now_ms())
        .get(..10)
        .unwrap_or_default()
        .to_string()
}

#[component]
fn SeriesForm(note: RwSignal<Option<String>>) -> impl IntoView {
    let desk = use_desk_texts();
    let saving = Saving::new();
    let title = RwSignal::new(String::new());
    let team = RwSignal::new(String::new());
    let station = RwSignal::new(String::new());
    let weekdays = RwSignal::new(Vec::<u8>::new());
    let start = RwSignal::new("09:00".to_string());
    let end = RwSignal::new("11:00".to_string());
    let from = RwSignal::new(today());
    let until = RwSignal::new(String::new());
    let capacity = RwSignal::new("6".to_string());
    // The series' own id, made once per series typed: saving again after an answer was
    // lost gets the series the first save made, never a second one.
    let series_id = RwSignal::new(BrowserEnv.new_id());
    // The series as typed; a capacity that is not a whole number is said at its field.
    let body = move || -> Result<SeriesBody, Problems> {
        let capacity = capacity
            .get()
            .trim()
            .parse::<i64>()
            .map_err(|_| vec![("capacity".to_string(), FieldProblem::NotANumber)])?;
        let station = station.get();
        let mut days = weekdays.get();
        days.sort_unstable();
        let mut series = SeriesBody {
            id: Some(series_id.get()),
            title: title.get().trim().to_string(),
            team: team.get().trim().to_string(),
            station_id: (!station.is_empty()).then_some(station),
            weekdays: days,
            start: start.get().trim().to_string(),
            end: end.get().trim().to_string(),
            from: from.get().trim().to_string(),
            until: until.get().trim().to_string(),
            capacity,
        };
        // No last day: one shift, on the first.
        once_when_open(&mut series);
        Ok(series)
    };
    // What the series will make, before it is sent: the same expansion the server runs.
    let preview = Memo::new(move |_| {
        body().ok().and_then(|body| expand(&body).ok()).map(|made| {
            made.iter()
                .map(|occurrence| local_minute(&occurrence.starts_at_rfc3339()))
                .collect::<Vec<_>>()
        })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let series = untrack(body).and_then(|body| expand(&body).map(|_| body));
        saving.send(
            series,
            |bench, token, series| async move { bench.create_series(&token, &series).await },
            move |made| {
                note.set(Some((desk.get_untracked().series_made)(made.items.len())));
                title.set(String::new());
                until.set(String::new());
                series_id.set(BrowserEnv.new_id());
            },
        );
    };
    let label = move |pick: fn(&'static DeskTexts) -> &'static str| {
        Signal::derive(move || pick(desk.get()).to_string())
    };
    let days = (1u8..=7)
        .map(|day| {
            view! {
                <label class="choice">
                    <input type="checkbox" prop:checked=move || weekdays.with(|d| d.contains(&day))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            weekdays.update(|d| {
                                d.retain(|held| *held != day);
                                if on {
                                    d.push(day);
                                }
                            });
                        } />
                    <span>{move || desk.get().weekdays.get(usize::from(day) - 1).copied().unwrap_or_default()}</span>
                </label>
            }
        })
        .collect_view();
    let days_problem = saving.problem("weekdays");
    view! {
        <form class="form desk-form" on:submit=submit novalidate data-testid="series-form">
            <h2>{move || desk.get().series_new}</h2>
            <TextField name="title" label=label(|t| t.shift_title) value=title problem=saving.problem("title") />
            <TextField name="team" label=label(|t| t.shift_team) value=team problem=saving.problem("team") />
            <StationSelect id="series-station" value=station />
            <fieldset class="field choices" aria-describedby=move || days_problem.get().map(|_| "field-weekdays-error")>
                <legend class="field__label">{move || desk.get().shift_weekdays}</legend>
                <div class="desk-days">{days}</div>
                <Show when=move || days_problem.get().is_some()>
                    <p class="field__problem" id="field-weekdays-error" role="alert">
                        <span aria-hidden="true">"! "</span>{move || days_problem.get()}
                    </p>
                </Show>
            </fieldset>
            <TextField name="start" label=label(|t| t.shift_start) value=start problem=saving.problem("start") input_type="time" />
            <TextField name="end" label=label(|t| t.shift_end) value=end problem=saving.problem("end") input_type="time" />
            <TextField name="from" label=label(|t| t.shift_from) value=from problem=saving.problem("from") input_type="date" />
            <TextField name="until" label=label(|t| t.shift_until) value=until problem=saving.problem("until") input_type="date" />
            <TextField name="capacity" label=label(|t| t.shift_capacity) value=capacity problem=saving.problem("capacity")
                input_mode="numeric" />
            {move || preview.get().map(|made| {
                let count = made.len();
                view! {
                <section class="desk-preview" data-testid="series-preview">
                    <p>{move || (desk.get().series_preview)(count)}</p>
                    <ul>{made.iter().take(12).map(|at| view! { <li>{at.clone()}</li> }).collect_view()}</ul>
                    {(count > 12).then(|| view! { <p>"…"</p> })}
                </section>
                }
            })}
            <SaveBar saving=saving />
        </form>
    }
}

/// Who signed up, by shift, for the lists opened: kept here, so a row rebuilt by a sync
/// (a shift that started) keeps its list open.
type Opened = RwSignal<BTreeMap<String, Vec<Signup>>>;

#[component]
fn Upcoming(note: RwSignal<Option<String>>) -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let opened: Opened = RwSignal::new(BTreeMap::new());
    // A memo: the rows (and a list of who signed up, opened) stay through syncs that
    // change no shift.
    let shifts = Memo::new(move |_| {
        let mut shifts = data.shifts();
        shifts.sort_by(|a, b| a.starts_at.cmp(&b.starts_at));
        shifts
    });
    view! {
        {move || {
            let shifts = shifts.get();
            if shifts.is_empty() {
                return view! { <p class="lead">{move || desk.get().rota_none}</p> }.into_any();
            }
            view! {
                <ul class="desk-rows" data-testid="rota">
                    {shifts.into_iter().map(|shift| view! { <ShiftRow shift=shift note=note opened=opened /> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}

#[component]
fn ShiftRow(shift: Shift, note: RwSignal<Option<String>>, opened: Opened) -> impl IntoView {
    let desk = use_desk_texts();
    let texts = use_texts();
    let data = use_data();
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Whether it has started, asked when the list of who signed up opens.
    let starts_at = parse_time(&shift.starts_at);
    let started = move || starts_at.is_some_and(|at| at.saturating_mul(1000) <= now_ms());
    let cancelled = shift.status == ShiftStatus::Cancelled;
    let id = StoredValue::new(shift.id.clone());
    let signups = Memo::new(move |_| id.with_value(|id| opened.with(|o| o.get(id).cloned())));
    let show_signups = move |_| {
        let id = id.get_value();
        if opened.with_untracked(|o| o.contains_key(&id)) {
            return opened.update(|o| {
                o.remove(&id);
            });
        }
        problem.set(None);
        leptos::task::spawn_local(async move {
            let asked = id.clone();
            match data
                .ask_the_desk(|bench, token| async move { bench.signups(&token, &asked).await })
                .await
            {
                Ok(found) => opened.update(|o| {
                    o.insert(id, found);
                }),
                Err(not_saved) => problem.set(Some(not_saved.banner(desk.get_untracked()))),
            }
        });
    };
    let title = StoredValue::new(shift.title.clone());
    let series = StoredValue::new(shift.series_id.clone());
    let day = shift.starts_at.get(..10).unwrap_or_default().to_string();
    let cancel = move |whole_series: bool| {
        let day = day.clone();
        move |_| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            problem.set(None);
            let (id, series, day) = (id.get_value(), series.get_value(), day.clone());
            leptos::task::spawn_local(async move {
                let outcome = match (whole_series, series) {
                    (true, Some(series)) => {
                        data.at_the_desk(|bench, token| async move {
                            bench.cancel_series(&token, &series, &day).await.map(|_| ())
                        })
                        .await
                    }
                    _ => {
                        data.at_the_desk(|bench, token| async move {
                            bench.cancel_shift(&token, &id).await.map(|_| ())
                        })
                        .await
                    }
                };
                busy.set(false);
                match outcome {
                    Ok(()) => note.set(Some((desk.get_untracked().shift_cancelled_note)(
                        &title.get_value(),
                    ))),
                    Err(not_saved) => problem.set(Some(not_saved.banner(desk.get_untracked()))),
                }
            });
        }
    };
    let status = shift.status;
    let places = (shift.signed_up, shift.capacity);
    let editing = RwSignal::new(false);
    let draft = StoredValue::new(ShiftDraft::of(&shift));
    // A shift made alone (a series of one) has no "rest of the series" to cancel.
    let in_a_series = in_a_series(&shift);
    let day_shown = local_minute(&shift.starts_at);
    view! {
        <li class="desk-row" data-testid="rota-shift">
            <div class="desk-row__what">
                <span class="desk-row__name">{shift.title.clone()}</span>
                <span class="service-meta">
                    {local_minute(&shift.starts_at)}"–"{local_minute(&shift.ends_at).get(11..).unwrap_or_default().to_string()}
                    " · "{shift.team.clone()}
                </span>
                <span class="service-meta">
                    {move || match status {
                        ShiftStatus::Cancelled => texts.get().shift_cancelled.to_string(),
                        ShiftStatus::Closed => texts.get().shift_closed.to_string(),
                        _ => (texts.get().shift_places)(places.1.saturating_sub(places.0), places.1),
                    }}
                </span>
            </div>
            <div class="desk-row__actions">
                {(!cancelled).then(|| view! {
                    <button type="button" class="button button--secondary" aria-expanded=move || editing.get().to_string()
                        on:click=move |_| editing.update(|open| *open = !*open)>
                        {move || desk.get().service_edit}
                        <span class="visually-hidden">" "{title.get_value()}" "{day_shown.clone()}</span>
                    </button>
                })}
                <button type="button" class="button button--secondary" on:click=show_signups
                    aria-expanded=move || signups.with(Option::is_some).to_string()>
                    {move || desk.get().signups_show}
                </button>
                {(!cancelled).then(|| view! {
                    <button type="button" class="button button--secondary" on:click=cancel(false) prop:disabled=move || busy.get()>
                        {move || desk.get().shift_cancel}
                    </button>
                })}
                {(!cancelled && in_a_series).then(|| view! {
                    <button type="button" class="button button--secondary" on:click=cancel(true) prop:disabled=move || busy.get()>
                        {move || desk.get().series_cancel}
                    </button>
                })}
            </div>
            <Show when=move || problem.get().is_some()>
                <p class="notice notice--warning" role="alert">{move || problem.get()}</p>
            </Show>
            <Show when=move || editing.get()>
                <ShiftEditor id=id.get_value() draft=draft.get_value() open=editing note=note />
            </Show>
            {move || signups.get().map(|found| view! { <Signups shift_id=id.get_value() signups=found started=started() opened=opened /> })}
        </li>
    }
}

/// Where a shift is: one of the stations the device holds, or none.
#[component]
pub(super) fn StationSelect(#[prop(into)] id: String, value: RwSignal<String>) -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    view! {
        <div class="field">
            <label class="field__label" for=id.clone()>{move || desk.get().shift_station}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="" prop:selected=move || value.get().is_empty()>{move || desk.get().shift_no_station}</option>
                {move || data.stations().into_iter().map(|s| {
                    let id = s.id.clone();
                    view! { <option value=s.id.clone() prop:selected=move || value.get() == id>{s.name.clone()}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// One shift changed whole: its name, team, place, day, times and places.
#[component]
fn ShiftEditor(
    id: String,
    draft: ShiftDraft,
    open: RwSignal<bool>,
    note: RwSignal<Option<String>>,
) -> impl IntoView {
    let desk = use_desk_texts();
    let saving = Saving::new();
    let title = RwSignal::new(draft.title);
    let team = RwSignal::new(draft.team);
    let station = RwSignal::new(draft.station_id);
    let day = RwSignal::new(draft.day);
    let start = RwSignal::new(draft.start);
    let end = RwSignal::new(draft.end);
    let capacity = RwSignal::new(draft.capacity);
    let draft_ends_next_day = draft.ends_next_day;
    let shift_id = StoredValue::new(id.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = ShiftDraft {
            title: title.get_untracked(),
            team: team.get_untracked(),
            station_id: station.get_untracked(),
            day: day.get_untracked(),
            start: start.get_untracked(),
            end: end.get_untracked(),
            capacity: capacity.get_untracked(),
            ends_next_day: draft_ends_next_day,
        };
        saving.send(
            typed.to_body(),
            move |bench, token, body| async move {
                bench.put_shift(&token, &shift_id.get_value(), &body).await
            },
            move |saved| {
                note.set(Some((desk.get_untracked().shift_saved)(&saved.title)));
                open.set(false);
            },
        );
    };
    let label = move |pick: fn(&'static DeskTexts) -> &'static str| {
        Signal::derive(move || pick(desk.get()).to_string())
    };
    let field = move |name: &str| format!("s-{id}-{name}");
    view! {
        <form class="form desk-form" on:submit=submit novalidate data-testid="shift-editor">
            <TextField name=field("title") label=label(|t| t.shift_title) value=title problem=saving.problem("title") />
            <TextField name=field("team") label=label(|t| t.shift_team) value=team problem=saving.problem("team") />
            <StationSelect id=field("station") value=station />
            <TextField name=field("day") label=label(|t| t.shift_day) value=day problem=saving.problem("day") input_type="date" />
            <TextField name=field("starts_at") label=label(|t| t.shift_start) value=start problem=saving.problem("starts_at") input_type="time" />
            <TextField name=field("ends_at") label=label(|t| t.shift_end) value=end problem=saving.problem("ends_at") input_type="time" />
            <TextField name=field("capacity") label=label(|t| t.shift_capacity) value=capacity problem=saving.problem("capacity")
                input_mode="numeric" />
            <SaveBar saving=saving cancel=Callback::new(move |_| open.set(false)) />
        </form>
    }
}

#[component]
fn Signups(shift_id: String, signups: Vec<Signup>, started: bool, opened: Opened) -> impl IntoView {
    let desk = use_desk_texts();
    if signups.is_empty() {
        return view! { <p class="service-meta" data-testid="signups">{move || desk.get().signups_none}</p> }.into_any();
    }
    view! {
        <div class="desk-signups" data-testid="signups">
            {(!started).then(|| view! { <p class="service-meta">{move || desk.get().attendance_later}</p> })}
            <ul class="desk-rows">
                {signups
                    .into_iter()
                    .map(|signup| view! { <Attendance shift_id=shift_id.clone() signup=signup started=started opened=opened /> })
                    .collect_view()}
            </ul>
        </div>
    }
    .into_any()
}

#[component]
fn Attendance(shift_id: String, signup: Signup, started: bool, opened: Opened) -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let attended = RwSignal::new(signup.attended);
    let problem = RwSignal::new(None::<String>);
    let ids = StoredValue::new((shift_id, signup.user_id.clone()));
    let mark = move |came: bool| {
        move |_| {
            let before = attended.get_untracked();
            attended.set(Some(came));
            problem.set(None);
            leptos::task::spawn_local(async move {
                let (shift, user) = ids.get_value();
                let outcome = data
                    .at_the_desk(|bench, token| async move {
                        bench.mark_attendance(&token, &shift, &user, came).await
                    })
                    .await;
                match outcome {
                    // Kept with the list, so a row rebuilt by a sync shows it too.
                    Ok(_) => opened.update(|o| {
                        let (shift, user) = ids.get_value();
                        for signup in o.get_mut(&shift).into_iter().flatten() {
                            if signup.user_id == user {
                                signup.attended = Some(came);
                            }
                        }
                    }),
                    Err(not_saved) => {
                        attended.set(before);
                        problem.set(Some(not_saved.banner(desk.get_untracked())));
                    }
                }
            });
        }
    };
    let name = signup.name.clone();
    // One group per person per shift: two shifts' lists open side by side stay apart.
    let group = ids.with_value(|(shift, user)| format!("attended-{shift}-{user}"));
    view! {
        <li class="desk-row" data-testid="signup">
            <div class="desk-row__what">
                <span class="desk-row__name">{signup.name.clone()}</span>
                <a class="service-meta" href=yizhan_core::phone::tel_href(&signup.phone)>{signup.phone.clone()}</a>
            </div>
            {started.then(|| view! {
                <fieldset class="choices">
                    <legend class="visually-hidden">{move || (desk.get().attendance_of)(&name)}</legend>
                    <label class="choice">
                        <input type="radio" name=group.clone() prop:checked=move || attended.get() == Some(true) on:change=mark(true) />
                        <span>{move || desk.get().attended}</span>
                    </label>
                    <label class="choice">
                        <input type="radio" name=group.clone() prop:checked=move || attended.get() == Some(false) on:change=mark(false) />
                        <span>{move || desk.get().missed}</span>
                    </label>
                </fieldset>
            })}
            <Show when=move || problem.get().is_some()>
                <p class="notice notice--warning" role="alert">{move || problem.get()}</p>
            </Show>
        </li>
    }
}
