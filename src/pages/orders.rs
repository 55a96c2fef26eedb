use leptos::prelude::*;
use yizhan_core::i18n::Texts;
use yizhan_core::model::OrderStatus;
use yizhan_core::routes::Route;
use yizhan_core::sync::{Delivery, LocalOrder};

use crate::components::empty_state::EmptyState;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::pages::sign_in_prompt::SignInPrompt;
use crate::router::Link;

pub fn status_label(texts: &Texts, status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Submitted => texts.status_submitted,
        OrderStatus::Dispatched => texts.status_dispatched,
        OrderStatus::Accepted => texts.status_accepted,
        OrderStatus::InProgress => texts.status_in_progress,
        OrderStatus::Completed => texts.status_completed,
        OrderStatus::Closed => texts.status_closed,
        OrderStatus::Cancelled => texts.status_cancelled,
        OrderStatus::Rejected => texts.status_rejected,
    }
}

/// Which orders the list shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Filter {
    All,
    Open,
    Finished,
}

impl Filter {
    fn keeps(self, status: OrderStatus) -> bool {
        match self {
            Filter::All => true,
            Filter::Open => !status.is_finished(),
            Filter::Finished => status.is_finished(),
        }
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let filter = RwSignal::new(Filter::All);
    let orders = move || {
        let filter = filter.get();
        data.snapshot.with(|snapshot| {
            let mut rows: Vec<(LocalOrder, Delivery)> = snapshot
                .orders
                .values()
                .filter(|local| filter.keeps(local.order.status))
                .map(|local| (local.clone(), Delivery::of(snapshot, local)))
                .collect();
            // Newest first: what the resident just asked for is at the top.
            rows.sort_by(|a, b| b.0.order.created_at.cmp(&a.0.order.created_at));
            rows
        })
    };
    let row = move |(local, delivery): (LocalOrder, Delivery)| {
        let texts = texts.get();
        let (class, label) = match delivery {
            Delivery::Sent => ("delivery delivery--sent", texts.order_sent),
            Delivery::Waiting => ("delivery delivery--waiting", texts.order_waiting),
            Delivery::NeedsAttention => {
                ("delivery delivery--attention", texts.order_needs_attention)
            }
        };
        view! {
            <li class="order-row" data-testid="order-row" data-order-id=local.order.id.clone()>
                <Link route=Route::Order id=local.order.id.clone() class="order-row__link">
                    <span class="order-row__title">{local.order.title.clone()}</span>
                    <span class="order-row__meta">
                        <span class="status-chip">{status_label(texts, local.order.status)}</span>
                        <span class=class data-testid="delivery">{label}</span>
                    </span>
                </Link>
            </li>
        }
    };
    view! {
        <h1>{move || texts.get().orders_title}</h1>
        <Show when=move || data.session().is_some() fallback=|| view! { <SignInPrompt /> }>
            <p>
                <Link route=Route::NewWish>
                    <span class="button">{move || texts.get().wish_new}</span>
                </Link>
            </p>
            <fieldset class="filters">
                <legend class="visually-hidden">{move || texts.get().filter_label}</legend>
                {[(Filter::All, "all"), (Filter::Open, "open"), (Filter::Finished, "finished")]
                    .into_iter()
                    .map(|(choice, value)| view! {
                        <label class="filter">
                            <input type="radio" name="filter" value=value
                                prop:checked=move || filter.get() == choice
                                on:change=move |_| filter.set(choice) />
                            <span>{move || match choice {
                                Filter::All => texts.get().filter_all,
                                Filter::Open => texts.get().filter_open,
                                Filter::Finished => texts.get().filter_done,
                            }}</span>
                        </label>
                    })
                    .collect_view()}
            </fieldset>
            <Show
                when=move || !orders().is_empty()
                fallback=move || {
                    if filter.get() == Filter::All {
                        view! {
                            <EmptyState
                                title=Signal::derive(move || texts.get().orders_empty)
                                hint=Signal::derive(move || texts.get().orders_empty_hint)
                            />
                        }
                        .into_any()
                    } else {
                        view! { <p class="lead">{move || texts.get().orders_filtered_empty}</p> }.into_any()
                    }
                }
            >
                <ul class="order-list">{move || orders().into_iter().map(row).collect_view()}</ul>
            </Show>
        </Show>
    }
}
