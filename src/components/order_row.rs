use leptos::prelude::*;
use yizhan_core::model::Order;
use yizhan_core::paging::{next_rows, rows_shown};
use yizhan_core::routes::Route;
use yizhan_core::sync::{Delivery, Snapshot};

use crate::i18n::use_texts;
use crate::router::Link;

/// One order in a list: its title, where it stands, whether it reached the community,
/// and (for staff) whether it is past its promised time. The whole row opens it.
#[component]
pub fn OrderRow(
    order: Order,
    delivery: Delivery,
    /// Staff lists: "due by …", or "overdue" said in words, not colour alone.
    #[prop(optional_no_strip)]
    due: Option<(String, bool)>,
) -> impl IntoView {
    let texts = use_texts();
    let class = match delivery {
        Delivery::Sent => "delivery delivery--sent",
        Delivery::Waiting => "delivery delivery--waiting",
        Delivery::NeedsAttention => "delivery delivery--attention",
    };
    let label = move || texts.get().delivery(delivery);
    let status = order.status;
    view! {
        <li class="order-row" data-testid="order-row" data-order-id=order.id.clone()>
            <Link route=Route::Order id=order.id.clone() class="order-row__link">
                <span class="order-row__title">{order.title.clone()}</span>
                <span class="order-row__meta">
                    <span class="status-chip">{move || texts.get().status(status)}</span>
                    <span class=class data-testid="delivery">{label}</span>
                    {due.map(|(time, overdue)| if overdue {
                        view! { <span class="delivery delivery--attention" data-testid="overdue">{move || texts.get().overdue}</span> }.into_any()
                    } else {
                        view! { <span class="order-row__due">{move || (texts.get().due_by)(&time)}</span> }.into_any()
                    })}
                </span>
            </Link>
        </li>
    }
}

/// One row of [`OrderList`]: the order, whether it reached the community, and (staff
/// lists) its promised time with whether it is past.
pub type ListedOrder = (Order, Delivery, Option<(String, bool)>);

/// What a list shows of its rows: how many there are in all, and the first ones, copied
/// with their delivery. A dispatcher's device holds thousands of orders; a list copies
/// only the rows on screen, so a sync costs the rows shown, not the orders held.
#[derive(Clone, Debug, PartialEq)]
pub struct Rows {
    pub total: usize,
    pub first: Vec<ListedOrder>,
}

impl Rows {
    /// `orders`, already in the list's order, each with its promised time (staff lists);
    /// the first `limit` copied.
    pub fn of(
        snapshot: &Snapshot,
        orders: Vec<(&Order, Option<(String, bool)>)>,
        limit: usize,
    ) -> Rows {
        let total = orders.len();
        let first = orders
            .into_iter()
            .take(limit)
            .map(|(order, due)| {
                let delivery = snapshot
                    .orders
                    .get(&order.id)
                    .map_or(Delivery::Sent, |local| Delivery::of(snapshot, local));
                (order.clone(), delivery, due)
            })
            .collect();
        Rows { total, first }
    }
}

/// Orders as rows, a page at a time ([`yizhan_core::paging`]), or the sentence that says
/// there are none. `rows` is asked for the first `limit` rows (and how many in all) once
/// per change of what it reads; the page count lives with the list, so a sync that
/// changes the rows keeps what the person opened.
#[component]
pub fn OrderList(
    #[prop(into)] rows: Callback<usize, Rows>,
    #[prop(into)] empty: Signal<&'static str>,
) -> impl IntoView {
    let texts = use_texts();
    let more = RwSignal::new(0usize);
    let page = Memo::new(move |_| rows.run(rows_shown(more.get(), usize::MAX)));
    let total = Memo::new(move |_| page.with(|page| page.total));
    let shown = move || rows_shown(more.get(), total.get());
    let any = move || total.get() != 0;
    view! {
        <Show when=any fallback=move || view! { <p class="lead">{move || empty.get()}</p> }>
            <ul class="order-list">
                {move || page
                    .get()
                    .first
                    .into_iter()
                    .map(|(order, delivery, due)| view! { <OrderRow order=order delivery=delivery due=due /> })
                    .collect_view()}
            </ul>
            {move || {
                let next = next_rows(shown(), total.get());
                (next > 0).then(|| view! {
                    <button type="button" class="button button--secondary" data-testid="show-more"
                        on:click=move |_| more.update(|taps| *taps = taps.saturating_add(1))>
                        {move || (texts.get().show_more)(next, total.get())}
                    </button>
                })
            }}
        </Show>
    }
}
