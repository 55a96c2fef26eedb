use leptos::prelude::*;
use yizhan_core::lifecycle::{next_status, Action, Actor, Step};
use yizhan_core::phone::tel_href;
use yizhan_core::routes::{Route, Tab};
use yizhan_core::schedule::{expected_by, local_minute};
use yizhan_core::sync::{submit_failure, Asked, LocalOrder, SubmitError};
use yizhan_core::validation::check_transition_as;

use crate::components::field::TextField;
use crate::components::parked_step::{explanation_id, DismissButton};
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::pages::order_staff::StaffActions;
use crate::router::{use_router, Link};

#[component]
pub fn OrderPage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let router = use_router();
    // A memo: the detail re-renders only when this order changes, not on every sync,
    // so a reason being typed is not lost.
    let order = Memo::new(move |_| {
        let id = router.id()?;
        data.snapshot.with(|s| s.orders.get(&id).cloned())
    });
    view! {
        <p>
            <Link route=Route::Tab(Tab::Orders)>{move || texts.get().order_back}</Link>
        </p>
        {move || match order.get() {
            Some(local) => view! { <OrderDetail local=local /> }.into_any(),
            None => view! { <h1>{move || texts.get().order_not_found}</h1> }.into_any(),
        }}
    }
}

#[component]
fn OrderDetail(local: LocalOrder) -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let order = local.order.clone();
    let id = order.id.clone();
    let waiting = {
        let id = id.clone();
        move || data.snapshot.with(|s| s.waiting_for_order(&id))
    };
    let service = order
        .service_id
        .as_ref()
        .and_then(|sid| data.services().into_iter().find(|s| &s.id == sid));
    let expected = service
        .as_ref()
        .and_then(|s| s.sla_hours)
        // Promised until the work is done.
        .filter(|_| !order.status.is_settled())
        .and_then(|hours| expected_by(&order.created_at, hours));
    let may = {
        let order = order.clone();
        move |action: Action| {
            data.abilities.with_untracked(|a| a.takes_steps)
                && !order.filed_elsewhere()
                && data.session().is_some_and(|session| {
                    next_status(order.kind, order.status, action, session.actor_on(&order)).is_ok()
                })
        }
    };
    let settled = order.status.is_settled();
    let timeline = order
        .timeline
        .iter()
        .map(|entry| {
            let action = entry.action.clone();
            // A creation filed on the resident's behalf notes its channel, said in words.
            let note = match entry.filed_channel() {
                Some(channel) => Some(texts.get_untracked().channel(channel).to_string()),
                None => entry.note.clone(),
            };
            view! {
                <li class="timeline__entry">
                    <span class="timeline__what">{move || texts.get().timeline_action(&action)}</span>
                    " "
                    <time class="timeline__when" datetime=entry.at.clone()>{local_minute(&entry.at)}</time>
                    {note.map(|note| view! { <p class="timeline__note">{note}</p> })}
                </li>
            }
        })
        .collect_view();

    let pending_steps = move || {
        waiting()
            .into_iter()
            .map(|waiting| {
                let what = match waiting.asked() {
                    Asked::Create => texts.get().action_create,
                    Asked::Step(action) => texts.get().step(action),
                    // Not about an order: never among an order's writes.
                    Asked::ShiftSignup { .. }
                    | Asked::ActivitySignup { .. }
                    | Asked::CheckIn { .. }
                    | Asked::Booking { .. } => "",
                };
                let state = waiting
                    .why(texts.get())
                    .unwrap_or_else(|| texts.get().order_waiting.to_string());
                let class = if waiting.is_parked() {
                    "delivery delivery--attention"
                } else {
                    "delivery delivery--waiting"
                };
                let seq = waiting.seq();
                // A step that cannot go stays until its reason was read.
                let dismiss = waiting
                    .is_parked()
                    .then(|| view! { <DismissButton seq=seq /> });
                view! {
                    <li class="pending-step" data-testid="pending-step">
                        <span>{what}</span>" "<span class=class id=explanation_id(None, seq)>{state}</span>
                        {dismiss}
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <h1>{order.title.clone()}</h1>
        <p class="order-row__meta">
            <span class="status-chip" data-testid="order-status">{move || texts.get().status(order.status)}</span>
            {move || (!local.acknowledged).then(|| view! {
                <span class="delivery delivery--waiting">{texts.get().order_waiting}</span>
            })}
        </p>
        {order.filed_by.clone().map(|filer| {
            let mine = data.session().is_some_and(|session| session.user_id == filer.id);
            view! {
                <p class="notice" role="note" data-testid="filed-for">
                    {move || {
                        let how = texts.get().channel(filer.channel);
                        if mine { (texts.get().order_filed_by_you)(how) } else { (texts.get().order_filed_for_you)(&filer.name, how) }
                    }}
                </p>
            }
        })}
        {service.map(|s| view! { <p class="service-meta">{s.name}</p> })}
        {(!order.description.is_empty()).then(|| view! { <p>{order.description.clone()}</p> })}
        {order.address.clone().map(|a| view! { <p>{move || texts.get().address_label}{a.clone()}</p> })}
        {order.contact_phone.clone().map(contact_phone)}
        {order.preferred_time.clone().map(|t| view! {
            <p>{move || texts.get().order_preferred_time}{local_minute(&t)}</p>
        })}
        {order.assignee.clone().map(|a| view! {
            <p data-testid="handler">{move || texts.get().order_handler}{a.name.clone()}</p>
        })}
        {expected.map(|t| view! { <p class="service-meta">{move || (texts.get().order_expected)(&t)}</p> })}
        <ul class="pending-steps">{pending_steps}</ul>
        <h2>{move || texts.get().order_timeline}</h2>
        <ol class="timeline" data-testid="timeline">{timeline}</ol>
        <Show when=move || !data.abilities.with(|a| a.takes_steps) && !settled>
            <p class="notice" role="note">{move || texts.get().steps_not_offered}</p>
        </Show>
        {order.filed_elsewhere().then(|| view! {
            <p class="notice" role="note" data-testid="filed-elsewhere">{move || texts.get().order_filed_elsewhere}</p>
        })}
        <StaffActions order=order.clone() />
        <OrderActions order_id=id.clone() actor=data.session().map(|s| s.actor_on(&order)).unwrap_or_default()
            may_cancel=may(Action::Cancel)
            may_confirm=may(Action::Confirm) may_reopen=may(Action::Reopen) />
    }
}

/// The resident's number: one tap to call where it is whole (the owner, the assignee and
/// dispatchers see it), and why not where it is masked (a volunteer before claiming).
fn contact_phone(phone: String) -> impl IntoView {
    let texts = use_texts();
    let masked = phone.contains('*');
    view! {
        <p data-testid="contact-phone">
            {move || texts.get().order_phone}
            {if masked {
                view! { <span>{phone.clone()}</span> }.into_any()
            } else {
                view! { <a href=tel_href(&phone)>{phone.clone()}</a> }.into_any()
            }}
        </p>
        {masked.then(|| view! { <p class="service-meta">{move || texts.get().claim_to_see_contact}</p> })}
    }
}

#[component]
fn OrderActions(
    order_id: String,
    /// How the person stands to the order: its filer confirming for its owner must say
    /// how they know it is done.
    actor: Actor,
    may_cancel: bool,
    may_confirm: bool,
    may_reopen: bool,
) -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let note = RwSignal::new(String::new());
    let rating = RwSignal::new(5i64);
    let note_problem = RwSignal::new(None::<String>);
    let busy = data.step_waiting(&order_id);
    let act = move |action: Action| {
        let order_id = order_id.clone();
        move |_| {
            let mut step = Step::new(action).noting(&note.get_untracked());
            if action == Action::Confirm {
                step = step.rated(rating.get_untracked());
            }
            // The note is the only field here a resident can get wrong (the stars
            // always hold a rating).
            let problem = check_transition_as(&step, actor)
                .into_iter()
                .find(|(field, _)| *field == "note");
            note_problem.set(problem.map(|(_, problem)| problem.localized(texts.get_untracked())));
            if note_problem.with_untracked(Option::is_some) {
                return;
            }
            let order_id = order_id.clone();
            leptos::task::spawn_local(async move {
                match data.request_transition(&order_id, step).await {
                    Ok(()) => note.set(String::new()),
                    Err(SubmitError::Invalid(found)) => {
                        let said = texts.get_untracked();
                        note_problem.set(found.first().map(|(_, problem)| problem.localized(said)));
                    }
                    Err(other) => {
                        note_problem.set(Some(submit_failure(texts.get_untracked(), &other)))
                    }
                }
            });
        }
    };
    let stars = (1..=5)
        .map(|n: i64| {
            view! {
                <label class="choice">
                    <input type="radio" name="rating" value=n.to_string()
                        prop:checked=move || rating.get() == n
                        on:change=move |_| rating.set(n) />
                    <span>{move || (texts.get().order_stars)(n as u8)}</span>
                </label>
            }
        })
        .collect_view();
    let note_label = move || {
        if may_confirm && actor.is_filer_for_owner() {
            texts.get().order_confirm_for_note
        } else if may_reopen && !may_confirm {
            texts.get().order_reopen_reason
        } else if may_cancel {
            texts.get().order_cancel_reason
        } else {
            texts.get().order_note
        }
    };
    (may_cancel || may_confirm || may_reopen).then(|| view! {
        <section class="order-actions">
            <TextField name="note" label=Signal::derive(move || note_label().to_string())
                value=note problem=note_problem multiline=true />
            {may_confirm.then(|| view! {
                <fieldset class="field choices">
                    <legend class="field__label">{move || texts.get().order_rating}</legend>
                    {stars}
                </fieldset>
                <button type="button" class="button" on:click=act(Action::Confirm) disabled=move || busy.get()>
                    {move || texts.get().order_confirm}
                </button>
            })}
            {may_reopen.then(|| view! {
                <button type="button" class="button button--secondary" on:click=act(Action::Reopen) disabled=move || busy.get()>
                    {move || texts.get().order_reopen}
                </button>
            })}
            {may_cancel.then(|| view! {
                <button type="button" class="button button--secondary" on:click=act(Action::Cancel) disabled=move || busy.get()>
                    {move || texts.get().order_cancel}
                </button>
            })}
        </section>
    })
}
