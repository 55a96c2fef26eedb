//! 社区派单: the community's queue, most urgent first, what is being handled, what was
//! finished lately, and the month's figures the community office reports.

use leptos::prelude::*;
use yizhan_core::model::{Order, Service};
use yizhan_core::schedule::local_minute_at;
use yizhan_core::sync::Env;
use yizhan_core::work::{dispatch_queue, finished, in_hand, QueueRow};

use crate::components::month_summary::MonthSummaryCard;
use crate::components::order_row::{OrderList, Rows};
use crate::components::role_switch::RoleSwitch;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::platform::browser_env::BrowserEnv;

/// How many finished orders the page lists: the month's work, not the archive.
const FINISHED_SHOWN: usize = 30;

type Pick = for<'a> fn(Vec<&'a Order>, &[Service], i64) -> Vec<QueueRow<'a>>;

#[component]
pub fn DispatchPage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let urgent_first = move |pick: Pick, limit: usize| -> Rows {
        let now = BrowserEnv.now_ms();
        data.with_orders(|s| {
            let queue = pick(
                s.orders.values().map(|l| &l.order).collect(),
                s.services(),
                now,
            )
            .into_iter()
            .map(|row| {
                let due = row.due_at_ms.map(|ms| (local_minute_at(ms), row.overdue));
                (row.order, due)
            })
            .collect();
            Rows::of(s, queue, limit)
        })
    };
    let lately_finished = move |limit: usize| {
        data.with_orders(|s| {
            let done = finished(s.orders.values().map(|l| &l.order), FINISHED_SHOWN);
            Rows::of(
                s,
                done.into_iter().map(|order| (order, None)).collect(),
                limit,
            )
        })
    };
    view! {
        <h1>{move || texts.get().dispatch_title}</h1>
        <RoleSwitch />
        <MonthSummaryCard />
        <section data-testid="queue">
            <h2>{move || texts.get().dispatch_queue}</h2>
            <OrderList rows=Callback::new(move |limit| urgent_first(|o, s, n| dispatch_queue(o, s, n), limit)) empty=Signal::derive(move || texts.get().dispatch_queue_empty) />
        </section>
        <section data-testid="in-hand">
            <h2>{move || texts.get().dispatch_in_hand}</h2>
            <OrderList rows=Callback::new(move |limit| urgent_first(|o, s, n| in_hand(o, s, n), limit)) empty=Signal::derive(move || texts.get().dispatch_in_hand_empty) />
        </section>
        <section data-testid="finished">
            <h2>{move || texts.get().dispatch_finished}</h2>
            <OrderList rows=Callback::new(lately_finished) empty=Signal::derive(move || texts.get().dispatch_finished_empty) />
        </section>
    }
}
