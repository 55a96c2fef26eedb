use leptos::prelude::*;
use yizhan_core::model::ServiceRecord as Record;

use crate::data::use_data;
use crate::i18n::use_texts;

/// A volunteer's hours, as the server keeps them: shifts served and orders completed.
#[component]
pub fn ServiceRecord() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    move || {
        data.service_record().map(|record| {
            view! {
                <section class="card" data-testid="service-record">
                    <h2 class="card__title">{move || texts.get().record_title}</h2>
                    <p>{move || (texts.get().record_shifts)(record.shifts, &Record::hours(record.shift_minutes))}</p>
                    <p>{move || (texts.get().record_orders)(record.orders, &Record::hours(record.order_minutes))}</p>
                </section>
            }
        })
    }
}
