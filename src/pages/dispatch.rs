//! 社区派单: the community's queue, most urgent first, what is being handled, what was
//! finished lately, and the month's figures the community office reports.

use leptos::prelude::*;
use yizhan_core::model::{Order, Service};
use yizhan_core::schedule::local_minute_at;
use yizhan_core::sync::{Delivery, Env};
use yizhan_core::work::{dispatch_queue, finished, in_hand, QueueRow};

use crate::components::month_summary::MonthSummaryCard;
use crate::components::order_row::{listed, ListedOrder, OrderList};
use crate::components::role_switch::RoleSwitch;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::platform::browser_env::BrowserEnv;

/// How many finished orders the page lists: the month's work, not the archive.
const FINISHED_SHOWN: usize = 30;

type Pick = fn(Vec<&Order>, &[Service], i64) -> Vec<QueueRow>;

#[component]
pub fn DispatchPage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let urgent_first = move |pick: Pick| -> Vec<ListedOrder> {
        let services = data.services();
        let now = BrowserEnv.now_ms();
        data.snapshot.with(|s| {
            pick(
                s.orders.values().map(|l| &l.order).collect(),
                &services,
                now,
            )
            .into_iter()
            .map(|row| {
                let delivery = s
                    .orders
                    .get(&row.order.id)
                    .map_or(Delivery::Sent, |local| Delivery::of(s, local));
                let due = row.due_at_ms.map(|ms| (local_minute_at(ms), row.overdue));
                (row.order, delivery, due)
            })
            .collect()
        })
    };
    let lately_finished = move || {
        data.snapshot.with(|s| {
            listed(
                s,
                finished(s.orders.values().map(|l| &l.order), FINISHED_SHOWN),
            )
        })
    };
    view! {
        <h1>{move || texts.get().dispatch_title}</h1>
        <RoleSwitch />
        <MonthSummaryCard />
        <section data-testid="queue">
            <h2>{move || texts.get().dispatch_queue}</h2>
            <OrderList rows=Signal::derive(move || urgent_first(|o, s, n| dispatch_queue(o, s, n))) empty=Signal::derive(move || texts.get().dispatch_queue_empty) />
        </section>
        <section data-testid="in-hand">
            <h2>{move || texts.get().dispatch_in_hand}</h2>
            <OrderList rows=Signal::derive(move || urgent_first(|o, s, n| in_hand(o, s, n))) empty=Signal::derive(move || texts.get().dispatch_in_hand_empty) />
        </section>
        <section data-testid="finished">
            <h2>{move || texts.get().dispatch_finished}</h2>
            <OrderList rows=Signal::derive(lately_finished) empty=Signal::derive(move || texts.get().dispatch_finished_empty) />
        </section>
    }
}
