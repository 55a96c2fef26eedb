//! 我的任务: a volunteer's side of the order loop — what the community sent them, the
//! neighbours' micro-wishes anyone may claim, and their service record.

use leptos::prelude::*;
use yizhan_core::work::{assigned_to, open_wishes};

use crate::components::order_row::{OrderList, Rows};
use crate::components::role_switch::RoleSwitch;
use crate::components::service_record::ServiceRecord;
use crate::data::use_data;
use crate::i18n::use_texts;

#[component]
pub fn TasksPage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let me = move || data.session().map(|s| s.user_id).unwrap_or_default();
    let for_me = move |limit: usize| {
        let me = me();
        data.with_orders(|s| {
            let mine = assigned_to(s.orders.values().map(|l| &l.order), &me);
            Rows::of(
                s,
                mine.into_iter().map(|order| (order, None)).collect(),
                limit,
            )
        })
    };
    let wishes = move |limit: usize| {
        let me = me();
        data.with_orders(|s| {
            let open = open_wishes(s.orders.values().map(|l| &l.order), &me);
            Rows::of(
                s,
                open.into_iter().map(|order| (order, None)).collect(),
                limit,
            )
        })
    };
    view! {
        <h1>{move || texts.get().tasks_title}</h1>
        <RoleSwitch />
        <section data-testid="for-me">
            <h2>{move || texts.get().tasks_for_me}</h2>
            <OrderList rows=Callback::new(for_me) empty=Signal::derive(move || texts.get().tasks_for_me_empty) />
        </section>
        <section data-testid="open-wishes">
            <h2>{move || texts.get().tasks_wishes}</h2>
            <p class="service-meta">{move || texts.get().claim_to_see_contact}</p>
            <OrderList rows=Callback::new(wishes) empty=Signal::derive(move || texts.get().tasks_wishes_empty) />
        </section>
        <ServiceRecord />
    }
}
