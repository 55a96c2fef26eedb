//! Service stations (服务站): address, phone, place on the map, hours, amenities.

use leptos::prelude::*;
use yizhan_core::i18n::DeskTexts;
use yizhan_core::model::{Amenity, Station};
use yizhan_core::routes::{Desk, Route};
use yizhan_core::sync::Env;
use yizhan_core::workbench::editor::station::{ExceptionDraft, PeriodDraft, StationDraft};

use super::editing::{Editing, ListNote, ListProblem, SaveBar, Saving, Showing, WeekdayBoxes};
use super::frame::DeskFrame;
use super::use_desk_texts;
use crate::components::field::TextField;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::platform::browser_env::BrowserEnv;
use crate::router::Link;

#[component]
pub fn StationsDesk() -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let editing = Editing::<StationDraft>::new(Desk::Stations);
    let closed = editing.closed();
    let showing = editing.showing(move |id| data.stations().into_iter().find(|s| s.id == id));
    let shown = move || match showing() {
        Showing::Adding(draft) => {
            view! { <StationEditor draft=draft before=None closed=closed /> }.into_any()
        }
        Showing::Editing(before) => {
            let draft = StationDraft::of(&before);
            view! { <StationEditor draft=draft before=Some(before) closed=closed /> }.into_any()
        }
        Showing::List => view! { <StationList editing=editing /> }.into_any(),
    };
    view! {
        <DeskFrame title=Signal::derive(move || desk.get().stations)
            lead=Signal::derive(move || desk.get().stations_lead) place=Desk::Stations>
            {shown}
        </DeskFrame>
    }
}

#[component]
fn StationList(editing: Editing<StationDraft>) -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let rows = move || {
        data.stations()
            .into_iter()
            .map(|station| {
                view! {
                    <li class="desk-row" data-testid="desk-station">
                        <div class="desk-row__what">
                            <span class="desk-row__name">{station.name.clone()}</span>
                            <span class="service-meta">{station.address.clone()}</span>
                        </div>
                        <div class="desk-row__actions">
                            <Link route=Route::Desk(Desk::Stations) id=station.id.clone() class="button button--secondary">
                                {move || desk.get().service_edit}
                                <span class="visually-hidden">" "{station.name.clone()}</span>
                            </Link>
                        </div>
                    </li>
                }
            })
            .collect_view()
    };
    let add = move |_| editing.add(StationDraft::blank(&BrowserEnv.new_id()));
    view! {
        <ListNote note=editing.note />
        <ul class="desk-rows">{rows}</ul>
        <p>
            <button type="button" class="button button--secondary" on:click=add>{move || desk.get().station_new}</button>
        </p>
    }
}

/// Hours in the editor, under an id of their own so removing one keeps the others.
#[derive(Clone, Copy)]
struct Period {
    uid: u32,
    draft: RwSignal<PeriodDraft>,
}

#[component]
fn StationEditor(
    draft: StationDraft,
    before: Option<Station>,
    closed: Callback<Option<String>>,
) -> impl IntoView {
    let desk = use_desk_texts();
    let texts = use_texts();
    let saving = Saving::new();
    let name = RwSignal::new(draft.name.clone());
    let address = RwSignal::new(draft.address.clone());
    let phone = RwSignal::new(draft.phone.clone());
    let lat = RwSignal::new(draft.lat.clone());
    let lng = RwSignal::new(draft.lng.clone());
    let amenities = RwSignal::new(draft.amenities.clone());
    let next_uid = StoredValue::new(0u32);
    let period = move |draft: PeriodDraft| {
        let uid = next_uid.get_value();
        next_uid.set_value(uid.saturating_add(1));
        Period {
            uid,
            draft: RwSignal::new(draft),
        }
    };
    let hours = RwSignal::new(draft.hours.iter().cloned().map(period).collect::<Vec<_>>());
    let dated = move |draft: ExceptionDraft| {
        let uid = next_uid.get_value();
        next_uid.set_value(uid.saturating_add(1));
        Dated {
            uid,
            draft: RwSignal::new(draft),
        }
    };
    let exceptions = RwSignal::new(
        draft
            .exceptions
            .iter()
            .cloned()
            .map(dated)
            .collect::<Vec<_>>(),
    );
    let id = StoredValue::new(draft.id.clone());
    let before = StoredValue::new(before);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = StationDraft {
            id: id.get_value(),
            name: name.get_untracked(),
            address: address.get_untracked(),
            phone: phone.get_untracked(),
            lat: lat.get_untracked(),
            lng: lng.get_untracked(),
            hours: hours
                .get_untracked()
                .iter()
                .map(|p| p.draft.get_untracked())
                .collect(),
            amenities: amenities.get_untracked(),
            exceptions: exceptions
                .get_untracked()
                .iter()
                .map(|e| e.draft.get_untracked())
                .collect(),
        };
        let station = before.with_value(|before| typed.to_station(before.as_ref()));
        saving.send(
            station,
            |bench, token, station| async move { bench.put_station(&token, &station).await },
            move |saved| {
                {
                    // The page may have been left meanwhile: nothing to close then.
                    let _ = closed.try_run(Some(format!(
                        "{} · {}",
                        saved.name,
                        desk.get_untracked().saved
                    )));
                }
            },
        );
    };
    let label = move |pick: fn(&'static DeskTexts) -> &'static str| {
        Signal::derive(move || pick(desk.get()).to_string())
    };
    let add_period = move |_| {
        let added = period(PeriodDraft::weekdays());
        hours.update(|all| all.push(added));
    };
    let remove = move |uid: u32| hours.update(|all| all.retain(|p| p.uid != uid));
    let add_exception = move |_| {
        let today = yizhan_core::schedule::community_day(BrowserEnv.now_ms())
            .map(|d| d.to_string())
            .unwrap_or_default();
        let added = dated(ExceptionDraft::closed_on(&today));
        exceptions.update(|all| all.push(added));
    };
    let remove_exception = move |uid: u32| exceptions.update(|all| all.retain(|e| e.uid != uid));
    let amenity_choices = Amenity::ALL
        .into_iter()
        .map(|amenity| {
            view! {
                <label class="choice">
                    <input type="checkbox" prop:checked=move || amenities.with(|a| a.contains(&amenity))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            amenities.update(|a| {
                                a.retain(|held| *held != amenity);
                                if on {
                                    a.push(amenity);
                                }
                            });
                        } />
                    <span>{move || texts.get().amenity(amenity)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="form desk-form" on:submit=submit novalidate data-testid="station-editor">
            <h2>{move || if name.get().trim().is_empty() { desk.get().station_new.to_string() } else { name.get() }}</h2>
            <TextField name="name" label=label(|t| t.station_name) value=name problem=saving.problem("name") />
            <TextField name="address" label=label(|t| t.station_address) value=address problem=saving.problem("address")
                autocomplete="street-address" />
            <TextField name="phone" label=label(|t| t.station_phone) value=phone problem=saving.problem("phone") input_type="tel" />
            <TextField name="lat" label=label(|t| t.station_lat) value=lat problem=saving.problem("lat") input_mode="decimal" />
            <TextField name="lng" label=label(|t| t.station_lng) value=lng problem=saving.problem("lng") input_mode="decimal" />
            <p class="service-meta">{move || desk.get().station_map_hint}</p>
            <h3>{move || desk.get().station_hours}</h3>
            <For each=move || hours.get() key=|p| p.uid let:item>
                <PeriodEditor period=item hours=hours saving=saving remove=remove />
            </For>
            <ListProblem problem=saving.problem("open_hours") />
            <p>
                <button type="button" class="button button--secondary" on:click=add_period>
                    {move || desk.get().period_add}
                </button>
            </p>
            <h3>{move || desk.get().exceptions}</h3>
            <p class="service-meta">{move || desk.get().exceptions_hint}</p>
            <For each=move || exceptions.get() key=|e| e.uid let:item>
                <ExceptionEditor dated=item all=exceptions saving=saving remove=remove_exception />
            </For>
            <ListProblem problem=saving.problem("exceptions") />
            <p>
                <button type="button" class="button button--secondary" on:click=add_exception>
                    {move || desk.get().exception_add}
                </button>
            </p>
            <fieldset class="field choices">
                <legend class="field__label">{move || desk.get().station_amenities}</legend>
                {amenity_choices}
            </fieldset>
            <SaveBar saving=saving cancel=closed />
        </form>
    }
}

#[component]
fn PeriodEditor(
    period: Period,
    hours: RwSignal<Vec<Period>>,
    saving: Saving,
    remove: impl Fn(u32) + Copy + 'static,
) -> impl IntoView {
    let desk = use_desk_texts();
    let Period { uid, draft } = period;
    let position =
        Memo::new(move |_| hours.with(|all| all.iter().position(|p| p.uid == uid).unwrap_or(0)));
    let time = move |read: fn(&PeriodDraft) -> &String, write: fn(&mut PeriodDraft, String)| {
        let value = RwSignal::new(draft.with_untracked(|d| read(d).clone()));
        Effect::new(move || {
            let typed = value.get();
            draft.update(|d| write(d, typed));
        });
        value
    };
    let days = view! {
        <WeekdayBoxes days=Signal::derive(move || draft.with(|d| d.days))
            set=Callback::new(move |(day, on): (usize, bool)| draft.update(|d| {
                if let Some(slot) = d.days.get_mut(day) {
                    *slot = on;
                }
            })) />
    };
    // Its days and times, each at its control; the server names the period as a whole.
    let problem = saving.problem_at(move || format!("open_hours[{}]", position.get()));
    let member = move |name: &'static str| {
        saving.problem_at(move || format!("open_hours[{}].{name}", position.get()))
    };
    let days_problem = member("days");
    view! {
        <fieldset class="desk-question" data-testid="period">
            <legend>{move || (desk.get().period)(position.get() + 1)}</legend>
            <div class="desk-days" role="group"
                aria-describedby=move || days_problem.get().map(|_| format!("field-p{uid}-days-error"))>
                {days}
            </div>
            <Show when=move || days_problem.get().is_some()>
                <p class="field__problem" id=format!("field-p{uid}-days-error") role="alert">
                    <span aria-hidden="true">"! "</span>
                    {move || days_problem.get()}
                </p>
            </Show>
            <TextField name=format!("p{uid}-open") label=Signal::derive(move || desk.get().period_open.to_string())
                value=time(|d| &d.open, |d, v| d.open = v) problem=member("open") input_type="time" />
            <TextField name=format!("p{uid}-close") label=Signal::derive(move || desk.get().period_close.to_string())
                value=time(|d| &d.close, |d, v| d.close = v) problem=member("close") input_type="time" />
            <Show when=move || problem.get().is_some()>
                <p class="field__problem" id=format!("field-p{uid}-error") role="alert">
                    <span aria-hidden="true">"! "</span>
                    {move || problem.get()}
                </p>
            </Show>
            <button type="button" class="button button--secondary" on:click=move |_| remove(uid)>
                {move || desk.get().period_remove}
            </button>
        </fieldset>
    }
}

/// A dated exception being typed, with an id of its own on the page.
#[derive(Clone)]
struct Dated {
    uid: u32,
    draft: RwSignal<ExceptionDraft>,
}

/// One dated exception: its dates, closed or its hours, and why; each problem at its
/// control (`exceptions[1].until`).
#[component]
fn ExceptionEditor(
    dated: Dated,
    all: RwSignal<Vec<Dated>>,
    saving: Saving,
    remove: impl Fn(u32) + Copy + 'static,
) -> impl IntoView {
    let desk = use_desk_texts();
    let Dated { uid, draft } = dated;
    let position =
        Memo::new(move |_| all.with(|all| all.iter().position(|e| e.uid == uid).unwrap_or(0)));
    let text = move |read: fn(&ExceptionDraft) -> &String,
                     write: fn(&mut ExceptionDraft, String)| {
        let value = RwSignal::new(draft.with_untracked(|d| read(d).clone()));
        Effect::new(move || {
            let typed = value.get();
            draft.update(|d| write(d, typed));
        });
        value
    };
    let member = move |name: &'static str| {
        saving.problem_at(move || format!("exceptions[{}].{name}", position.get()))
    };
    let label = move |pick: fn(&'static DeskTexts) -> &'static str| {
        Signal::derive(move || pick(desk.get()).to_string())
    };
    let closed = move || draft.with(|d| d.closed);
    // The editor shows one period: its times each at their own field; what the server
    // says of the date's periods as a whole, at the first.
    let (open, whole) = (member("open"), member("hours"));
    let opening = Signal::derive(move || open.get().or_else(|| whole.get()));
    view! {
        <fieldset class="desk-question" data-testid="exception">
            <legend>{move || (desk.get().exception)(position.get() + 1)}</legend>
            <TextField name=format!("e{uid}-from") label=label(|t| t.exception_from)
                value=text(|d| &d.from, |d, v| d.from = v) problem=member("from") input_type="date" />
            <TextField name=format!("e{uid}-until") label=label(|t| t.exception_until)
                value=text(|d| &d.until, |d, v| d.until = v) problem=member("until") input_type="date" />
            <label class="choice">
                <input type="checkbox" prop:checked=closed
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        draft.update(|d| d.closed = on);
                    } />
                <span>{move || desk.get().exception_closed}</span>
            </label>
            <div hidden=closed>
                <TextField name=format!("e{uid}-open") label=Signal::derive(move || desk.get().period_open.to_string())
                    value=text(|d| &d.open, |d, v| d.open = v) problem=opening input_type="time" />
                <TextField name=format!("e{uid}-close") label=Signal::derive(move || desk.get().period_close.to_string())
                    value=text(|d| &d.close, |d, v| d.close = v) problem=member("close") input_type="time" />
            </div>
            <TextField name=format!("e{uid}-note") label=label(|t| t.exception_note)
                value=text(|d| &d.note, |d, v| d.note = v) problem=member("note") />
            <button type="button" class="button button--secondary" on:click=move |_| remove(uid)>
                {move || desk.get().exception_remove}
            </button>
        </fieldset>
    }
}
