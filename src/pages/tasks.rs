//! 我的任务: a volunteer's side of the order loop — what the community sent them, the
//! neighbours' micro-wishes anyone may claim, and their service record.

use leptos::prelude::*;
use yizhan_core::work::{assigned_to, open_wishes};

use crate::components::order_row::{listed, OrderList};
use crate::components::role_switch::RoleSwitch;
use crate::components::service_record::ServiceRecord;
use crate::data::use_data;
use crate::i18n::use_texts;

#[component]
pub fn TasksPage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let me = move || data.session().map(|s| s.user_id).unwrap_or_default();
    let for_me = move || {
        let me = me();
        data.snapshot
            .with(|s| listed(s, assigned_to(s.orders.values().map(|l| &l.order), &me)))
    };
    let wishes = move || {
        let me = me();
        data.snapshot
            .with(|s| listed(s, open_wishes(s.orders.values().map(|l| &l.order), &me)))
    };
    view! {
        <h1>{move || texts.get().tasks_title}</h1>
        <RoleSwitch />
        <section data-testid="for-me">
            <h2>{move || texts.get().tasks_for_me}</h2>
            <OrderList rows=Signal::derive(for_me) empty=Signal::derive(move || texts.get().tasks_for_me_empty) />
        </section>
        <section data-testid="open-wishes">
            <h2>{move || texts.get().tasks_wishes}</h2>
            <p class="service-meta">{move || texts.get().claim_to_see_contact}</p>
            <OrderList rows=Signal::derive(wishes) empty=Signal::derive(move || texts.get().tasks_wishes_empty) />
        </section>
        <ServiceRecord />
    }
}
