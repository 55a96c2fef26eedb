//! 可预约的服务 at the desk (admins and dispatchers): the things residents book, each
//! changed whole or retired, and a new one — its kind, where, its weekly runs of slots,
//! how many book a slot, how long equipment is lent, how far ahead it is offered, and who
//! may book (an age, a spacing). Checked by core's `BookableDraft` as the server checks
//! it, each problem at its field, what was typed kept. Writes go online.

use leptos::prelude::*;
use yizhan_core::bookings::{Bookable, BookableKind};
use yizhan_core::i18n::DeskTexts;
use yizhan_core::sync::Env;
use yizhan_core::workbench::editor::bookable::{BookableDraft, RuleDraft};

use super::editing::{ListNote, ListProblem, NotSavedNote, SaveBar, Saving, WeekdayBoxes};
use super::rota::StationSelect;
use super::use_desk_texts;
use crate::components::field::TextField;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::platform::browser_env::BrowserEnv;

const KINDS: [BookableKind; 4] = [
    BookableKind::Consultation,
    BookableKind::HomeVisit,
    BookableKind::Equipment,
    BookableKind::Room,
];

#[component]
pub fn BookablesEditor() -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let note = RwSignal::new(None::<String>);
    let editing = RwSignal::new(None::<Bookable>);
    let form = Memo::new(move |_| editing.with(|t| t.as_ref().map(|t| t.id.clone())));
    let things = Memo::new(move |_| data.snapshot.with(|s| s.bookables().to_vec()));
    view! {
        <h2>{move || desk.get().bookables}</h2>
        <ListNote note=note />
        <ul class="desk-rows" data-testid="desk-bookables">
            // Keyed by its version too: a change synced back redraws the row with it.
            <For each=move || things.get() key=|t| (t.id.clone(), t.updated_at.clone()) let(thing)>
                <BookableRow thing=thing editing=editing note=note />
            </For>
        </ul>
        {move || {
            form.track();
            let draft = editing.get_untracked().map_or_else(
                || BookableDraft::blank(&BrowserEnv.new_id()),
                |thing| BookableDraft::of(&thing),
            );
            view! { <BookableForm draft=draft editing=editing note=note /> }
        }}
    }
}

/// One thing: what, and the staff's two buttons.
#[component]
fn BookableRow(
    thing: Bookable,
    editing: RwSignal<Option<Bookable>>,
    note: RwSignal<Option<String>>,
) -> impl IntoView {
    let desk = use_desk_texts();
    let texts = use_texts();
    let saving = Saving::new();
    let held = StoredValue::new(thing.clone());
    // Residents lose it at their next sync: the first tap asks, the second stops it.
    let asked = RwSignal::new(false);
    let retire = move |_| {
        if !asked.get_untracked() {
            asked.set(true);
            return;
        }
        asked.set(false);
        let (id, name) = held.with_value(|t| (t.id.clone(), t.name.clone()));
        saving.send(
            Ok(()),
            move |bench, token, ()| async move { bench.retire_bookable(&token, &id).await },
            move |_| note.set(Some((desk.get_untracked().bookable_retired)(&name))),
        );
    };
    view! {
        <li class="desk-row" data-testid="desk-bookable">
            <p class="desk-row__title">{thing.name.clone()}</p>
            <p class="card__meta">{move || (texts.get().bookable_kind)(thing.kind)}" · "{thing.provider.clone()}</p>
            <div class="desk-row__actions">
                <button type="button" class="button button--secondary" on:click=move |_| editing.set(Some(held.get_value()))>
                    {move || desk.get().bookable_edit}
                </button>
                <button type="button" class="button button--secondary" on:click=retire>
                    {move || if asked.get() { desk.get().bookable_retire_sure } else { desk.get().bookable_retire }}
                </button>
            </div>
            <NotSavedNote saving=saving />
        </li>
    }
}

/// A weekly run of slots being typed, with an id of its own on the page.
#[derive(Clone)]
struct Rule {
    uid: u32,
    draft: RwSignal<RuleDraft>,
}

/// A new thing, or one changed whole.
#[component]
fn BookableForm(
    draft: BookableDraft,
    editing: RwSignal<Option<Bookable>>,
    note: RwSignal<Option<String>>,
) -> impl IntoView {
    let desk = use_desk_texts();
    let texts = use_texts();
    let saving = Saving::new();
    let changing = editing.get_untracked().map(|t| t.name);
    let id = StoredValue::new(draft.id.clone());
    let name = RwSignal::new(draft.name);
    let provider = RwSignal::new(draft.provider);
    let description = RwSignal::new(draft.description);
    let kind = RwSignal::new(draft.kind);
    let station = RwSignal::new(draft.station_id);
    let address = RwSignal::new(draft.address);
    let capacity = RwSignal::new(draft.capacity);
    let loan_days = RwSignal::new(draft.loan_days);
    let ahead_days = RwSignal::new(draft.ahead_days);
    let min_age = RwSignal::new(draft.min_age);
    let once_every_days = RwSignal::new(draft.once_every_days);
    let next_uid = StoredValue::new(0u32);
    let rule = move |draft: RuleDraft| {
        let uid = next_uid.get_value();
        next_uid.set_value(uid.saturating_add(1));
        Rule {
            uid,
            draft: RwSignal::new(draft),
        }
    };
    let rules = RwSignal::new(draft.rules.into_iter().map(rule).collect::<Vec<_>>());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = BookableDraft {
            id: id.get_value(),
            name: name.get_untracked(),
            description: description.get_untracked(),
            provider: provider.get_untracked(),
            kind: kind.get_untracked(),
            station_id: station.get_untracked(),
            address: address.get_untracked(),
            rules: rules
                .get_untracked()
                .iter()
                .map(|r| r.draft.get_untracked())
                .collect(),
            capacity: capacity.get_untracked(),
            loan_days: loan_days.get_untracked(),
            ahead_days: ahead_days.get_untracked(),
            min_age: min_age.get_untracked(),
            once_every_days: once_every_days.get_untracked(),
        };
        let sent = id.get_value();
        saving.send(
            typed.to_body(),
            move |bench, token, body| async move { bench.put_bookable(&token, &sent, &body).await },
            move |saved| {
                note.set(Some((desk.get_untracked().bookable_saved)(&saved.name)));
                // A fresh form under a fresh id: the one just made must not be sent again.
                id.set_value(format!("bk-{}", BrowserEnv.new_id()));
                editing.set(None);
                name.set(String::new());
                description.set(String::new());
            },
        );
    };
    let label = move |pick: fn(&'static DeskTexts) -> &'static str| {
        Signal::derive(move || pick(desk.get()).to_string())
    };
    let heading = move || match &changing {
        Some(name) => (desk.get().bookable_change)(name),
        None => desk.get().bookable_new.to_string(),
    };
    let add_rule = move |_| {
        let added = rule(RuleDraft::afternoons());
        rules.update(|all| all.push(added));
    };
    let remove_rule = move |uid: u32| rules.update(|all| all.retain(|r| r.uid != uid));
    view! {
        <form class="form desk-form" on:submit=submit novalidate data-testid="bookable-form">
            <h2>{heading}</h2>
            <TextField name="bookable-name" label=label(|t| t.bookable_name) value=name problem=saving.problem("name") />
            <TextField name="bookable-provider" label=label(|t| t.bookable_provider) value=provider problem=saving.problem("provider") />
            <TextField name="bookable-description" label=label(|t| t.bookable_description) value=description
                problem=saving.problem("description") multiline=true />
            <div class="field">
                <label class="field__label" for="bookable-kind">{move || desk.get().bookable_kind}</label>
                <select id="bookable-kind" on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    if let Some(picked) = KINDS.iter().find(|k| format!("{k:?}") == chosen) {
                        kind.set(*picked);
                    }
                }>
                    {KINDS.into_iter().map(|k| view! {
                        <option value=format!("{k:?}") prop:selected=move || kind.get() == k>{move || (texts.get().bookable_kind)(k)}</option>
                    }).collect_view()}
                </select>
            </div>
            <StationSelect id="bookable-station" value=station />
            <div hidden=move || !station.get().is_empty()>
                <TextField name="bookable-address" label=label(|t| t.bookable_address) value=address problem=saving.problem("address")
                    autocomplete="street-address" />
            </div>
            <ListProblem problem=saving.problem("rules") />
            <For each=move || rules.get() key=|r| r.uid let(item)>
                <RuleEditor rule=item all=rules saving=saving remove=remove_rule />
            </For>
            <p>
                <button type="button" class="button button--secondary" on:click=add_rule>{move || desk.get().rule_add}</button>
            </p>
            <TextField name="bookable-capacity" label=label(|t| t.bookable_capacity) value=capacity problem=saving.problem("capacity")
                input_mode="numeric" />
            <div hidden=move || kind.get() != BookableKind::Equipment>
                <TextField name="bookable-loan" label=label(|t| t.bookable_loan) value=loan_days problem=saving.problem("loan_days")
                    input_mode="numeric" />
            </div>
            <TextField name="bookable-ahead" label=label(|t| t.bookable_ahead) value=ahead_days problem=saving.problem("ahead_days")
                input_mode="numeric" />
            <TextField name="bookable-min-age" label=label(|t| t.bookable_min_age) value=min_age
                problem=saving.problem("eligibility.min_age") input_mode="numeric" />
            <TextField name="bookable-every" label=label(|t| t.bookable_every) value=once_every_days
                problem=saving.problem("eligibility.once_every_days") input_mode="numeric" />
            <SaveBar saving=saving cancel=Callback::new(move |_| editing.set(None)) />
        </form>
    }
}

/// One weekly run of slots: its days, from, until, and the slot's length.
#[component]
fn RuleEditor(
    rule: Rule,
    all: RwSignal<Vec<Rule>>,
    saving: Saving,
    remove: impl Fn(u32) + Copy + 'static,
) -> impl IntoView {
    let desk = use_desk_texts();
    let Rule { uid, draft } = rule;
    let position =
        Memo::new(move |_| all.with(|all| all.iter().position(|r| r.uid == uid).unwrap_or(0)));
    let text = move |read: fn(&RuleDraft) -> &String, write: fn(&mut RuleDraft, String)| {
        let value = RwSignal::new(draft.with_untracked(|d| read(d).clone()));
        Effect::new(move || {
            let typed = value.get();
            draft.update(|d| write(d, typed));
        });
        value
    };
    let member = move |name: &'static str| {
        saving.problem_at(move || format!("rules[{}].{name}", position.get()))
    };
    let days_problem = member("days");
    let days = view! {
        <WeekdayBoxes days=Signal::derive(move || draft.with(|d| d.days))
            set=Callback::new(move |(day, on): (usize, bool)| draft.update(|d| {
                if let Some(slot) = d.days.get_mut(day) {
                    *slot = on;
                }
            })) />
    };
    view! {
        <fieldset class="desk-question" data-testid="slot-rule">
            <legend>{move || (desk.get().rule)(position.get() + 1)}</legend>
            <div class="desk-days" role="group"
                aria-describedby=move || days_problem.get().map(|_| format!("field-r{uid}-days-error"))>
                {days}
            </div>
            <Show when=move || days_problem.get().is_some()>
                <p class="field__problem" id=format!("field-r{uid}-days-error") role="alert">
                    <span aria-hidden="true">"! "</span>
                    {move || days_problem.get()}
                </p>
            </Show>
            <TextField name=format!("r{uid}-from") label=Signal::derive(move || desk.get().rule_from.to_string())
                value=text(|d| &d.from, |d, v| d.from = v) problem=member("from") input_type="time" />
            <TextField name=format!("r{uid}-until") label=Signal::derive(move || desk.get().rule_until.to_string())
                value=text(|d| &d.until, |d, v| d.until = v) problem=member("until") input_type="time" />
            <TextField name=format!("r{uid}-minutes") label=Signal::derive(move || desk.get().rule_minutes.to_string())
                value=text(|d| &d.minutes, |d, v| d.minutes = v) problem=member("minutes") input_mode="numeric" />
            <button type="button" class="button button--secondary" on:click=move |_| remove(uid)>
                {move || desk.get().rule_remove}
            </button>
        </fieldset>
    }
}
