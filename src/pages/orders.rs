use leptos::prelude::*;
use yizhan_core::model::{Order, OrderStatus};
use yizhan_core::routes::Route;

use crate::components::empty_state::EmptyState;
use crate::components::order_row::{OrderList, Rows};
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
    // The user's own orders under the filter, newest first (what the resident just asked
    // for is at the top); staff devices also hold others' orders (the queue, wishes to
    // claim). Copies only the rows a list shows.
    let mine = move |limit: usize| {
        let filter = filter.get();
        let me = data.session().map(|s| s.user_id).unwrap_or_default();
        data.with_orders(|snapshot| {
            let mut rows: Vec<(&Order, Option<(String, bool)>)> = snapshot
                .orders
                .values()
                .map(|local| &local.order)
                .filter(|order| order.owner_id == me && !order.deleted)
                .filter(|order| filter.keeps(order.status))
                .map(|order| (order, None))
                .collect();
            // The count alone (`limit` 0) needs no order.
            if limit > 0 {
                rows.sort_by(|a, b| b.0.created_at.cmp(&a.0.created_at));
            }
            Rows::of(snapshot, rows, limit)
        })
    };
    let any_shown = Memo::new(move |_| mine(0).total != 0);
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
                when=move || any_shown.get()
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
                    rows=Callback::new(mine)
                    empty=Signal::derive(move || texts.get().orders_filtered_empty)
                />
            </Show>
        </Show>
    }
}
