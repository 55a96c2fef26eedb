use leptos::prelude::*;
use yizhan_core::sync::Env;
use yizhan_core::work::month_summary;

use crate::data::use_data;
use crate::i18n::use_texts;
use crate::platform::browser_env::BrowserEnv;

/// This month in numbers, as a community office reports them: requests in, where they
/// stand, done within the promised time, and how residents rated the work.
#[component]
pub fn MonthSummaryCard() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let summary = move || {
        data.with_orders(|s| {
            month_summary(
                s.orders.values().map(|l| &l.order),
                s.services(),
                BrowserEnv.now_ms(),
            )
        })
    };
    move || {
        let summary = summary();
        let texts = texts.get();
        let by_status = summary
            .by_status
            .iter()
            .map(|(status, count)| format!("{} {count}", texts.status(*status)))
            .collect::<Vec<_>>()
            .join(" · ");
        let in_time = match summary.within_sla_percent() {
            Some(percent) => {
                let (within, of) = summary.within_sla;
                (texts.summary_within_sla)(percent, within, of)
            }
            None => texts.summary_within_sla_none.to_string(),
        };
        let rating = match summary.rating_tenths {
            Some(tenths) => {
                (texts.summary_rating)(&format!("{}.{}", tenths / 10, tenths % 10), summary.rated)
            }
            None => texts.summary_rating_none.to_string(),
        };
        view! {
            <section class="card" data-testid="month-summary">
                <h2 class="card__title">{(texts.summary_title)(summary.year, summary.month)}</h2>
                <p>{(texts.summary_total)(summary.total)}</p>
                {(!by_status.is_empty()).then(|| view! { <p class="card__meta">{by_status}</p> })}
                <p>{in_time}</p>
                <p>{rating}</p>
            </section>
        }
    }
}
