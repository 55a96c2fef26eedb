//! An order or wish filed on a resident's behalf (事务代办): the grid worker on a visit,
//! the counter, the hotline. It goes through the outbox like any order — filed in a
//! basement with no signal, it is sent once the phone is back online — and the resident
//! sees it under 我的订单, filed for them.

use std::collections::BTreeMap;

use leptos::prelude::*;
use yizhan_core::i18n::DeskTexts;
use yizhan_core::model::{Channel, Order, Service};
use yizhan_core::order_form::{
    check_on_behalf, on_behalf, service_order, wish_order, OnBehalfForm, OrderForm, Problems,
};
use yizhan_core::routes::Desk;
use yizhan_core::service_form::Typed;
use yizhan_core::sync::{submit_failure, SubmitError};

use super::frame::DeskFrame;
use super::use_desk_texts;
use crate::components::field::TextField;
use crate::components::order_row::{OrderList, Rows};
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::pages::service::{field_control, Draft};

/// The choice of "what for" that is a wish, not a service.
const WISH: &str = "wish";

#[component]
pub fn FileDesk() -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    // What this person filed for residents, newest first.
    let mine = move |limit: usize| {
        let me = data.session().map(|s| s.user_id).unwrap_or_default();
        data.with_orders(|snapshot| {
            let mut rows: Vec<(&Order, Option<(String, bool)>)> = snapshot
                .orders
                .values()
                .map(|local| &local.order)
                .filter(|order| {
                    !order.deleted && order.filed_by.as_ref().is_some_and(|f| f.id == me)
                })
                .map(|order| (order, None))
                .collect();
            if limit > 0 {
                rows.sort_by(|a, b| b.0.created_at.cmp(&a.0.created_at));
            }
            Rows::of(snapshot, rows, limit)
        })
    };
    view! {
        <DeskFrame title=Signal::derive(move || desk.get().file) lead=Signal::derive(move || desk.get().file_lead)
            place=Desk::FileForResident>
            <FileForm />
            <h2>{move || desk.get().file_mine}</h2>
            <div data-testid="filed-by-me">
                <OrderList rows=Callback::new(mine) empty=Signal::derive(move || desk.get().file_none) />
            </div>
        </DeskFrame>
    }
}

#[component]
fn FileForm() -> impl IntoView {
    let desk = use_desk_texts();
    let texts = use_texts();
    let data = use_data();
    let phone = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let channel = RwSignal::new(None::<Channel>);
    let what = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let answers = RwSignal::new(Draft::new());
    let problems = RwSignal::new(BTreeMap::<String, String>::new());
    let note = RwSignal::new(None::<String>);
    let form_problem = RwSignal::new(None::<String>);
    let problem =
        move |field: &'static str| Signal::derive(move || problems.with(|p| p.get(field).cloned()));
    let label = move |pick: fn(&'static DeskTexts) -> &'static str| {
        Signal::derive(move || pick(desk.get()).to_string())
    };
    let services = move || {
        data.services()
            .into_iter()
            .filter(|s| s.active)
            .collect::<Vec<Service>>()
    };
    let chosen = Memo::new(move |_| {
        let code = what.get();
        data.services().into_iter().find(|s| s.id == code)
    });
    // A service chosen: its name is what is needed, until something else is typed (a
    // title that is another service's name was not typed: it follows the choice).
    Effect::new(move |previous: Option<Option<String>>| {
        let service = chosen.get();
        let name = service.as_ref().map(|s| s.name.clone());
        let typed = title.get_untracked();
        let untouched =
            typed.trim().is_empty() || previous.flatten().is_some_and(|before| before == typed);
        if let (Some(name), true) = (&name, untouched) {
            title.set(name.clone());
        }
        name
    });
    // Filing takes a moment while a sync holds the device's data: a second tap waits
    // for the first instead of filing the order twice.
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        note.set(None);
        form_problem.set(None);
        let said = texts.get_untracked();
        let typed = answers.get_untracked();
        let form = OrderForm {
            title: title.get_untracked(),
            description: description.get_untracked(),
            address: address.get_untracked(),
            contact_phone: String::new(),
            preferred_time: String::new(),
            answers: chosen
                .get_untracked()
                .map(|service| {
                    service
                        .fields
                        .iter()
                        .map(|field| {
                            let answer = match typed.get(&field.code) {
                                None => Typed::Empty,
                                Some(keys)
                                    if field.datatype == yizhan_core::model::FieldType::Multi =>
                                {
                                    Typed::Choices(keys.clone())
                                }
                                Some(values) => {
                                    Typed::Text(values.first().cloned().unwrap_or_default())
                                }
                            };
                            (field.code.clone(), answer)
                        })
                        .collect()
                })
                .unwrap_or_default(),
        };
        let resident = OnBehalfForm {
            phone: phone.get_untracked(),
            name: name.get_untracked(),
            consent: consent.get_untracked(),
            channel: channel.get_untracked(),
        };
        // Every problem at once: the order's and the resident's.
        let order = match chosen.get_untracked() {
            Some(service) => service_order(&service, &form),
            None if what.get_untracked() == WISH => wish_order(&form),
            None => Err(vec![(
                "what".to_string(),
                yizhan_core::validation::FieldProblem::Required,
            )]),
        };
        let built: Result<_, Problems> = match order {
            Ok(order) => on_behalf(order, &resident),
            Err(mut found) => {
                found.extend(check_on_behalf(&resident));
                Err(found)
            }
        };
        let order = match built {
            Ok(order) => order,
            Err(found) => {
                return problems.set(
                    found
                        .into_iter()
                        .map(|(field, p)| (field, p.localized(said)))
                        .collect(),
                );
            }
        };
        problems.set(BTreeMap::new());
        let filed = order.title.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let outcome = data.submit_order(order).await;
            busy.set(false);
            match outcome {
                Ok(_) => {
                    note.set(Some((desk.get_untracked().file_saved)(&filed)));
                    // Ready for the next resident; how they asked stays.
                    for field in [phone, name, what, title, description, address] {
                        field.set(String::new());
                    }
                    consent.set(false);
                    answers.set(Draft::new());
                }
                Err(SubmitError::Invalid(found)) => {
                    let said = desk.texts_untracked();
                    problems.set(
                        found
                            .into_iter()
                            .map(|(field, p)| (field, p.localized(said)))
                            .collect(),
                    );
                }
                Err(other) => {
                    form_problem.set(Some(submit_failure(desk.texts_untracked(), &other)))
                }
            }
        });
    };

    let channels = Channel::ALL
        .into_iter()
        .map(|choice| {
            view! {
                <label class="choice">
                    <input type="radio" name="channel" value=choice.as_str()
                        prop:checked=move || channel.get() == Some(choice)
                        on:change=move |_| channel.set(Some(choice)) />
                    <span>{move || texts.get().channel(choice)}</span>
                </label>
            }
        })
        .collect_view();
    let error_of = |field: &'static str| format!("field-{field}-error");
    view! {
        <form class="form desk-form" on:submit=submit novalidate data-testid="file-form">
            <h2>{move || desk.get().file_resident}</h2>
            <TextField name="on_behalf_of.phone" label=label(|t| t.file_phone) value=phone
                problem=problem("on_behalf_of.phone") input_type="tel" input_mode="numeric" />
            <TextField name="on_behalf_of.name" label=label(|t| t.file_name) value=name problem=problem("on_behalf_of.name") />
            <fieldset class="field choices" aria-describedby=move || problem("channel").get().map(|_| error_of("channel"))>
                <legend class="field__label">{move || desk.get().file_channel}</legend>
                {channels}
                <Show when=move || problem("channel").get().is_some()>
                    <p class="field__problem" id=error_of("channel") role="alert">{move || problem("channel").get()}</p>
                </Show>
            </fieldset>
            <div class="field">
                <label class="choice">
                    <input type="checkbox" name="on_behalf_of.consent" prop:checked=move || consent.get()
                        aria-describedby=move || problem("on_behalf_of.consent").get().map(|_| error_of("consent"))
                        on:change=move |ev| consent.set(event_target_checked(&ev)) />
                    <span>{move || desk.get().file_consent}</span>
                </label>
                <Show when=move || problem("on_behalf_of.consent").get().is_some()>
                    <p class="field__problem" id=error_of("consent") role="alert">{move || problem("on_behalf_of.consent").get()}</p>
                </Show>
            </div>
            <h2>{move || desk.get().file_what}</h2>
            <div class="field">
                <label class="field__label" for="file-what">{move || desk.get().file_what}</label>
                <select id="file-what" aria-describedby=move || problem("what").get().map(|_| error_of("what"))
                    on:change=move |ev| {
                        answers.set(Draft::new());
                        what.set(event_target_value(&ev));
                    }>
                    <option value="" prop:selected=move || what.get().is_empty()>"—"</option>
                    <option value=WISH prop:selected=move || what.get() == WISH>{move || desk.get().file_wish}</option>
                    {move || services()
                        .into_iter()
                        .map(|service| {
                            let id = service.id.clone();
                            view! {
                                <option value=service.id.clone() prop:selected=move || what.get() == id>{service.name.clone()}</option>
                            }
                        })
                        .collect_view()}
                </select>
                <Show when=move || problem("what").get().is_some()>
                    <p class="field__problem" id=error_of("what") role="alert">{move || problem("what").get()}</p>
                </Show>
            </div>
            <TextField name="title" label=label(|t| t.file_title) value=title problem=problem("title") />
            {move || chosen.get().map(|service| {
                service
                    .fields
                    .into_iter()
                    .map(|field| {
                        let code = yizhan_core::order_form::answer_field(&field.code);
                        let problem = Signal::derive(move || problems.with(|p| p.get(&code).cloned()));
                        field_control(field, answers, problem, move |code, initial| {
                            let code = code.to_string();
                            // What was typed stays when the controls are drawn again.
                            let typed = answers.with_untracked(|d| d.get(&code).and_then(|v| v.first().cloned()));
                            let value = RwSignal::new(typed.unwrap_or_else(|| initial.to_string()));
                            Effect::new(move || {
                                let typed = value.get();
                                answers.update(|d| {
                                    d.insert(code.clone(), vec![typed]);
                                });
                            });
                            value
                        })
                    })
                    .collect_view()
            })}
            <TextField name="description" label=label(|t| t.file_description) value=description
                problem=problem("description") multiline=true />
            <TextField name="address" label=label(|t| t.file_address) value=address problem=problem("address")
                autocomplete="street-address" />
            <Show when=move || form_problem.get().is_some()>
                <p class="notice notice--warning" role="alert">{move || form_problem.get()}</p>
            </Show>
            <Show when=move || note.get().is_some()>
                <p class="notice" role="status" data-testid="desk-saved">{move || note.get()}</p>
            </Show>
            <button type="submit" class="button" prop:disabled=move || busy.get()>{move || desk.get().file_submit}</button>
        </form>
    }
}
