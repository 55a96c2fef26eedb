//! 社区活动 at the desk (issue 19): a new activity, or one changed whole (those signed up
//! stay); the coming two weeks with their places taken and the line, each repeated
//! weekly or every two weeks, or cancelled (those signed up are told); and a month's
//! figures for the street office. Writes go online, as every workbench change does.

use leptos::prelude::*;
use yizhan_core::activities::{
    coming, Activity, ActivitySignup, Audience, Every, RepeatBody, SignupState,
};
use yizhan_core::i18n::DeskTexts;
use yizhan_core::routes::Desk;
use yizhan_core::schedule::{local_minute, local_minute_at};
use yizhan_core::sync::Env;
use yizhan_core::workbench::editor::activity::ActivityDraft;

use super::editing::{ListNote, NotSavedNote, SaveBar, Saving};
use super::frame::DeskFrame;
use super::rota::StationSelect;
use super::use_desk_texts;
use crate::components::field::TextField;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::platform::browser_env::BrowserEnv;

/// Today in the community's calendar, `YYYY-MM-DD`.
fn today() -> String {
    local_minute_at(BrowserEnv.now_ms())
        .get(..10)
        .unwrap_or_default()
        .to_string()
}

#[component]
pub fn ActivitiesDesk() -> impl IntoView {
    let desk = use_desk_texts();
    let note = RwSignal::new(None::<String>);
    // The activity being changed; none: a new one. The form is built again for each.
    let editing = RwSignal::new(None::<Activity>);
    let form = Memo::new(move |_| editing.with(|a| a.as_ref().map(|a| a.id.clone())));
    view! {
        <DeskFrame title=Signal::derive(move || desk.get().activities)
            lead=Signal::derive(move || desk.get().activities_lead) place=Desk::Activities>
            <ListNote note=note />
            {move || {
                form.track();
                let draft = editing.get_untracked().map_or_else(
                    || ActivityDraft::blank(&BrowserEnv.new_id(), &today()),
                    |activity| ActivityDraft::of(&activity),
                );
                view! { <ActivityForm draft=draft editing=editing note=note /> }
            }}
            <h2>{move || desk.get().activities}</h2>
            <Coming editing=editing note=note />
            <Figures />
        </DeskFrame>
    }
}

/// A new activity, or one changed whole.
#[component]
fn ActivityForm(
    draft: ActivityDraft,
    editing: RwSignal<Option<Activity>>,
    note: RwSignal<Option<String>>,
) -> impl IntoView {
    let desk = use_desk_texts();
    let saving = Saving::new();
    let changing = editing.get_untracked().map(|a| a.title);
    let id = StoredValue::new(draft.id.clone());
    let title = RwSignal::new(draft.title);
    let description = RwSignal::new(draft.description);
    let organiser = RwSignal::new(draft.organiser);
    let station = RwSignal::new(draft.station_id);
    let address = RwSignal::new(draft.address);
    let day = RwSignal::new(draft.day);
    let start = RwSignal::new(draft.start);
    let end = RwSignal::new(draft.end);
    let capacity = RwSignal::new(draft.capacity);
    let audience = RwSignal::new(draft.audience);
    let closes = RwSignal::new(draft.closes);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = ActivityDraft {
            id: id.get_value(),
            title: title.get_untracked(),
            description: description.get_untracked(),
            organiser: organiser.get_untracked(),
            station_id: station.get_untracked(),
            address: address.get_untracked(),
            day: day.get_untracked(),
            start: start.get_untracked(),
            end: end.get_untracked(),
            capacity: capacity.get_untracked(),
            audience: audience.get_untracked(),
            closes: closes.get_untracked(),
        };
        let sent = id.get_value();
        saving.send(
            typed.to_body(),
            move |bench, token, body| async move { bench.put_activity(&token, &sent, &body).await },
            move |saved| {
                note.set(Some((desk.get_untracked().activity_saved)(&saved.title)));
                // A fresh form for the next one, under a fresh id: a change being closed
                // rebuilds the form, a new one saved does not, and its id must not be
                // sent again (it would change the one just made).
                id.set_value(format!("ac-{}", BrowserEnv.new_id()));
                editing.set(None);
                title.set(String::new());
                description.set(String::new());
            },
        );
    };
    let label = move |pick: fn(&'static DeskTexts) -> &'static str| {
        Signal::derive(move || pick(desk.get()).to_string())
    };
    let heading = move || match &changing {
        Some(title) => (desk.get().activity_change)(title),
        None => desk.get().activity_new.to_string(),
    };
    let audiences = [
        Audience::Everyone,
        Audience::Elders,
        Audience::ChildrenWithGuardian,
    ];
    view! {
        <form class="form desk-form" on:submit=submit novalidate data-testid="activity-form">
            <h2>{heading}</h2>
            <TextField name="title" label=label(|t| t.activity_title) value=title problem=saving.problem("title") />
            <TextField name="organiser" label=label(|t| t.activity_organiser) value=organiser problem=saving.problem("organiser") />
            <TextField name="description" label=label(|t| t.activity_description) value=description
                problem=saving.problem("description") multiline=true />
            <StationSelect id="activity-station" value=station />
            <div hidden=move || !station.get().is_empty()>
                <TextField name="address" label=label(|t| t.activity_address) value=address problem=saving.problem("address")
                    autocomplete="street-address" />
            </div>
            <TextField name="day" label=label(|t| t.activity_day) value=day problem=saving.problem("day") input_type="date" />
            <TextField name="start" label=Signal::derive(move || desk.get().shift_start.to_string()) value=start
                problem=saving.problem("starts_at") input_type="time" />
            <TextField name="end" label=Signal::derive(move || desk.get().shift_end.to_string()) value=end
                problem=saving.problem("ends_at") input_type="time" />
            <TextField name="capacity" label=label(|t| t.activity_capacity) value=capacity problem=saving.problem("capacity")
                input_mode="numeric" />
            <div class="field">
                <label class="field__label" for="activity-audience">{move || desk.get().activity_audience}</label>
                <select id="activity-audience" on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    if let Some(picked) = audiences.iter().find(|a| format!("{a:?}") == chosen) {
                        audience.set(*picked);
                    }
                }>
                    {audiences.into_iter().map(|a| view! {
                        <option value=format!("{a:?}") prop:selected=move || audience.get() == a>{move || (desk.get().audience)(a)}</option>
                    }).collect_view()}
                </select>
            </div>
            <TextField name="closes" label=label(|t| t.activity_closes) value=closes problem=saving.problem("signup_closes_at")
                input_type="datetime-local" />
            <SaveBar saving=saving cancel=Callback::new(move |_| editing.set(None)) />
        </form>
    }
}

/// The coming two weeks, as the device holds them.
#[component]
fn Coming(editing: RwSignal<Option<Activity>>, note: RwSignal<Option<String>>) -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let activities = Memo::new(move |_| data.snapshot.with(|s| s.activities().to_vec()));
    let none = Memo::new(move |_| activities.with(Vec::is_empty));
    view! {
        {move || {
            if none.get() {
                return view! { <p class="lead">{move || desk.get().activity_none}</p> }.into_any();
            }
            // Keyed by the activity and whether it still stands: a sync that changes its
            // places taken keeps the row, and what staff typed in it; a cancelled one is
            // drawn again without its buttons.
            view! {
                <ul class="desk-rows" data-testid="desk-activities">
                    <For each=move || activities.get() key=|a| (a.id.clone(), a.cancelled) let(activity)>
                        <ActivityRow activity=activity activities=activities editing=editing note=note />
                    </For>
                </ul>
            }.into_any()
        }}
    }
}

/// One activity: when, places, and what staff do with it.
#[component]
fn ActivityRow(
    activity: Activity,
    activities: Memo<Vec<Activity>>,
    editing: RwSignal<Option<Activity>>,
    note: RwSignal<Option<String>>,
) -> impl IntoView {
    let desk = use_desk_texts();
    let texts = use_texts();
    let saving = Saving::new();
    let times = RwSignal::new("4".to_string());
    let id = activity.id.clone();
    // The row stays while syncs change the activity: it shows the latest the device holds.
    let held = Memo::new({
        let id = id.clone();
        move |_| {
            activities
                .with(|all| all.iter().find(|a| a.id == id).cloned())
                .unwrap_or_else(|| activity.clone())
        }
    });
    let cancel = move |_| {
        let (id, title) = held.with_untracked(|a| (a.id.clone(), a.title.clone()));
        saving.send(
            Ok(()),
            move |bench, token, ()| async move { bench.cancel_activity(&token, &id).await },
            move |_| note.set(Some((desk.get_untracked().activity_cancelled)(&title))),
        );
    };
    let repeat = move |every: Every| {
        let id = held.with_untracked(|a| a.id.clone());
        let body = times
            .get_untracked()
            .trim()
            .parse::<u32>()
            .map(|times| RepeatBody { every, times })
            .map_err(|_| {
                vec![(
                    "times".to_string(),
                    yizhan_core::validation::FieldProblem::NotANumber,
                )]
            })
            .and_then(|body| yizhan_core::activities::check_repeat(&body).map(|()| body));
        saving.send(
            body,
            move |bench, token, body| async move { bench.repeat_activity(&token, &id, &body).await },
            move |series| note.set(Some((desk.get_untracked().activity_repeated)(series.len()))),
        );
    };
    let (open, started) = held.with_untracked(|a| {
        // Once started it was held: it stays as it was, for the figures.
        (!a.cancelled, a.has_started(BrowserEnv.now_ms()))
    });
    view! {
        <li class="desk-row" data-testid="desk-activity" data-activity-id=id.clone()>
            <p class="desk-row__title">{move || held.with(|a| a.title.clone())}</p>
            <p class="card__meta">{move || held.with(|a| format!("{} · {}", local_minute(&a.starts_at), a.organiser))}</p>
            <p class="card__meta">
                {move || held.with(|a| (desk.get().activity_count)(a.confirmed, a.capacity, a.waitlisted))}
            </p>
            {(!open).then(|| view! { <span class="status-chip">{move || texts.get().activity_cancelled}</span> })}
            <p class="notice notice--warning" role="alert" hidden=move || saving.problem("times").get().is_none()>
                {move || saving.problem("times").get()}
            </p>
            {open.then(|| view! {
                <div class="desk-row__actions">
                    {(!started).then(|| view! {
                        <button type="button" class="button button--secondary" on:click=move |_| editing.set(Some(held.get_untracked()))>
                            {move || desk.get().activity_edit}
                        </button>
                    })}
                    <TextField name=format!("times-{id}") label=Signal::derive(move || desk.get().activity_repeat_times.to_string())
                        value=times problem=Signal::derive(|| None::<String>) input_mode="numeric" />
                    <button type="button" class="button button--secondary" on:click=move |_| repeat(Every::Week)>
                        {move || desk.get().activity_repeat_weekly}
                    </button>
                    <button type="button" class="button button--secondary" on:click=move |_| repeat(Every::TwoWeeks)>
                        {move || desk.get().activity_repeat_fortnightly}
                    </button>
                    {(!started).then(|| view! {
                        <button type="button" class="button button--secondary" on:click=cancel>
                            {move || desk.get().activity_cancel}
                        </button>
                    })}
                </div>
            })}
            <SignupList id=id.clone() />
            <NotSavedNote saving=saving />
        </li>
    }
}

/// Who signed up for one activity, asked online when staff open it: each person (a
/// child with their guardian), their phone to call, a place or where in line, and
/// whether they came.
#[component]
fn SignupList(id: String) -> impl IntoView {
    let desk = use_desk_texts();
    let texts = use_texts();
    let data = use_data();
    let id = StoredValue::new(id);
    let list = RwSignal::new(None::<Vec<ActivitySignup>>);
    let said = RwSignal::new(None::<String>);
    let open = move |_| {
        if list.get_untracked().is_some() {
            list.set(None);
            return;
        }
        let asked = id.get_value();
        leptos::task::spawn_local(async move {
            let answer = data
                .ask_the_desk(
                    |bench, token| async move { bench.activity_signups(&token, &asked).await },
                )
                .await;
            match answer {
                Ok(signups) => {
                    said.set(None);
                    list.set(Some(signups));
                }
                Err(not_saved) => said.set(Some(not_saved.banner(desk.get_untracked()))),
            }
        });
    };
    view! {
        <button type="button" class="button button--secondary" aria-expanded=move || list.with(Option::is_some).to_string()
            on:click=open>{move || desk.get().activity_list}</button>
        <Show when=move || said.get().is_some()>
            <p class="notice notice--warning" role="alert">{move || said.get()}</p>
        </Show>
        {move || list.get().map(|signups| {
            if signups.is_empty() {
                return view! { <p class="card__meta">{desk.get().activity_list_empty}</p> }.into_any();
            }
            view! {
                <ul class="door__list" data-testid="activity-signups">
                    {signups.into_iter().map(|signup| {
                        let state = match (signup.state, signup.checked_in_at.is_some()) {
                            (_, true) => desk.get().door_checked.to_string(),
                            (SignupState::Waitlisted, false) => (texts.get().activity_in_line)(signup.position.unwrap_or(1)),
                            (SignupState::Confirmed, false) => texts.get().activity_placed.to_string(),
                        };
                        let tel = format!("tel:{}", signup.phone);
                        view! {
                            <li class="door__person" data-testid="activity-signup">
                                <span class="door__name">{coming(&signup)}</span>
                                <a href=tel>{signup.phone.clone()}</a>
                                <span class="status-chip">{state}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}

/// A month's figures, asked online.
#[component]
fn Figures() -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let month = RwSignal::new(today().get(..7).unwrap_or_default().to_string());
    let said = RwSignal::new(None::<String>);
    let show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let asked = month.get_untracked().trim().to_string();
        leptos::task::spawn_local(async move {
            let answer = data
                .ask_the_desk(
                    |bench, token| async move { bench.activity_figures(&token, &asked).await },
                )
                .await;
            said.set(Some(match answer {
                Ok(f) => {
                    (desk.get_untracked().figures_line)(f.held, f.served, f.no_shows, f.cancelled)
                }
                Err(not_saved) => not_saved.banner(desk.get_untracked()),
            }));
        });
    };
    view! {
        <form class="form desk-form" on:submit=show data-testid="figures">
            <h2>{move || desk.get().figures}</h2>
            <TextField name="month" label=Signal::derive(move || desk.get().figures_month.to_string()) value=month
                problem=Signal::derive(|| None::<String>) input_mode="numeric" />
            <button type="submit" class="button button--secondary">{move || desk.get().figures_show}</button>
            <p role="status" data-testid="figures-line">{move || said.get()}</p>
        </form>
    }
}
