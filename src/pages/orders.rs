use leptos::prelude::*;
use yizhan_core::model::OrderStatus;
use yizhan_core::routes::Route;
use yizhan_core::sync::{Delivery, LocalOrder};

use crate::components::empty_state::EmptyState;
use crate::components::order_row::{ListedOrder, OrderList};
use crate::components::role_switch::RoleSwitch;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::pages::sign_in_prompt::SignInPrompt;
use crate::router::Link;

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
        // Staff devices also hold others' orders (the queue, wishes to claim): this list
        // is the user's own.
        let me = data.session().map(|s| s.user_id).unwrap_or_default();
        data.snapshot.with(|snapshot| {
            let mut rows: Vec<(LocalOrder, Delivery)> = snapshot
                .orders
                .values()
                .filter(|local| local.order.owner_id == me && !local.order.deleted)
                .filter(|local| filter.keeps(local.order.status))
                .map(|local| (local.clone(), Delivery::of(snapshot, local)))
                .collect();
            // Newest first: what the resident just asked for is at the top.
            rows.sort_by(|a, b| b.0.order.created_at.cmp(&a.0.order.created_at));
            rows
        })
    };
    view! {
        <h1>{move || texts.get().orders_title}</h1>
        <RoleSwitch />
        <Show when=move || data.session().is_some() fallback=|| view! { <SignInPrompt /> }>
            <Show when=move || data.abilities.with(|a| a.takes_wishes)>
                <p>
                    <Link route=Route::NewWish>
                        <span class="button">{move || texts.get().wish_new}</span>
                    </Link>
                </p>
            </Show>
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
                <OrderList
                    rows=Signal::derive(move || {
                        orders()
                            .into_iter()
                            .map(|(local, delivery)| (local.order, delivery, None))
                            .collect::<Vec<ListedOrder>>()
                    })
                    empty=Signal::derive(move || texts.get().orders_filtered_empty)
                />
            </Show>
        </Show>
    }
}
