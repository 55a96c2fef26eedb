//! The staff's steps on an order, under its detail: a volunteer claims, accepts, declines,
//! starts and completes; a dispatcher sends it to a volunteer or turns it down. Every
//! step goes through the outbox like a resident's, with its own id and the version the
//! device saw.

use leptos::prelude::*;
use yizhan_core::lifecycle::{next_status, Action, Step};
use yizhan_core::model::Order;
use yizhan_core::validation::check_transition;
use yizhan_core::work::by_availability;

use crate::components::field::TextField;
use crate::data::use_data;
use crate::i18n::use_texts;

const STAFF_STEPS: [Action; 7] = [
    Action::Claim,
    Action::Accept,
    Action::Start,
    Action::Complete,
    Action::Dispatch,
    Action::Decline,
    Action::Reject,
];

#[component]
pub fn StaffActions(order: Order) -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    // Where the backend does not serve the staff's side, nobody is offered its steps,
    // whatever roles their session carries (a volunteer for the rota only).
    let staff_work = data.abilities.with_untracked(|a| a.staff_work);
    let steps: Vec<Action> = data
        .session()
        .filter(|_| staff_work)
        .map(|session| {
            let actor = session.actor_on(&order);
            STAFF_STEPS
                .into_iter()
                .filter(|action| next_status(order.kind, order.status, *action, actor).is_ok())
                .collect()
        })
        .unwrap_or_default();
    if steps.is_empty() {
        return None;
    }
    let note = RwSignal::new(String::new());
    let note_problem = RwSignal::new(None::<String>);
    let assignee = RwSignal::new(None::<String>);
    let assignee_problem = RwSignal::new(None::<String>);
    let order_id = order.id.clone();
    let busy = data.step_waiting(&order_id);
    let act = move |action: Action| {
        let order_id = order_id.clone();
        move |_| {
            note_problem.set(None);
            assignee_problem.set(None);
            let texts = texts.get_untracked();
            let mut step = Step::new(action).noting(&note.get_untracked());
            if let Some(chosen) = assignee
                .get_untracked()
                .filter(|_| action == Action::Dispatch)
            {
                step = step.to(chosen);
            }
            let problems = check_transition(&step);
            for (field, problem) in &problems {
                match *field {
                    "assignee_id" => {
                        assignee_problem.set(Some(texts.choose_volunteer_first.to_string()))
                    }
                    _ => note_problem.set(Some(problem.localized(texts))),
                }
            }
            if !problems.is_empty() {
                return;
            }
            let order_id = order_id.clone();
            leptos::task::spawn_local(async move {
                if data.request_transition(&order_id, step).await.is_ok() {
                    note.set(String::new());
                }
            });
        }
    };
    let picker = steps.contains(&Action::Dispatch).then(|| {
        // A memo: the radios are rebuilt only when the list changes, so a sync does not
        // take the focus from the one the dispatcher is on.
        let volunteers = Memo::new(move |_| by_availability(data.volunteers()));
        let choices = move || {
            let volunteers = volunteers.get();
            if volunteers.is_empty() {
                return view! { <p class="lead">{texts.get().volunteers_none}</p> }.into_any();
            }
            volunteers
                .into_iter()
                .map(|volunteer| {
                    let id = volunteer.id.clone();
                    let chosen_id = id.clone();
                    view! {
                        <label class="choice volunteer-choice" data-testid="volunteer-choice">
                            <input type="radio" name="assignee" value=id.clone()
                                prop:checked=move || assignee.get().as_deref() == Some(id.as_str())
                                on:change=move |_| assignee.set(Some(chosen_id.clone())) />
                            <span class="volunteer-choice__name">{volunteer.name.clone()}</span>
                            {volunteer.on_shift_now.then(|| view! {
                                <span class="delivery delivery--sent">{move || texts.get().on_shift_now}</span>
                            })}
                            <span class="card__meta">{move || (texts.get().open_load)(volunteer.open_orders)}</span>
                        </label>
                    }
                })
                .collect_view()
                .into_any()
        };
        view! {
            <fieldset class="field choices"
                aria-describedby=move || assignee_problem.get().map(|_| "assignee-error")>
                <legend class="field__label">{move || texts.get().dispatch_to}</legend>
                {choices}
                {move || assignee_problem.get().map(|problem| view! {
                    <p class="field__problem" id="assignee-error" role="alert">
                        <span aria-hidden="true">"! "</span>{problem}
                    </p>
                })}
            </fieldset>
        }
    });
    let takes_note = steps
        .iter()
        .any(|a| matches!(a, Action::Decline | Action::Reject | Action::Complete));
    let buttons = steps
        .into_iter()
        .map(|action| {
            let class = if matches!(action, Action::Decline | Action::Reject) {
                "button button--secondary"
            } else {
                "button"
            };
            view! {
                <button type="button" class=class on:click=act(action) disabled=move || busy.get()>
                    {move || texts.get().step_button(action)}
                </button>
            }
        })
        .collect_view();
    Some(view! {
        <section class="order-actions" data-testid="staff-actions">
            {picker}
            {takes_note.then(|| view! {
                <TextField name="staff-note" label=Signal::derive(move || texts.get().staff_note.to_string())
                    value=note problem=note_problem multiline=true />
            })}
            {buttons}
        </section>
    })
}
