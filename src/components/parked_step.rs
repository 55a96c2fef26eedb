//! A step that could not go: why, in the words of the person who asked for it, and the
//! button that lets go of it once read.

use leptos::prelude::*;
use yizhan_core::i18n::Texts;
use yizhan_core::lifecycle::Action;
use yizhan_core::sync::profiles::open311::UNVERIFIABLE;
use yizhan_core::sync::{Operation, ParkReason};

use crate::components::order_row::status_label;
use crate::data::use_data;
use crate::i18n::use_texts;

/// Why a step waits, in the words of the person who asked for it: staff racing each
/// other are told who was quicker, not just that the order moved.
pub fn park_explanation(texts: &Texts, operation: &Operation, reason: &ParkReason) -> String {
    let action = match operation {
        Operation::Transition { request, .. } => Some(request.action),
        _ => None,
    };
    match reason {
        ParkReason::Refused { kind, .. } if kind == UNVERIFIABLE => {
            texts.parked_unverifiable.to_string()
        }
        ParkReason::Refused { message, .. } => (texts.parked_refused)(message),
        ParkReason::Overtaken { .. } if action == Some(Action::Claim) => {
            texts.parked_claimed_elsewhere.to_string()
        }
        ParkReason::Overtaken { status } if action == Some(Action::Dispatch) => {
            (texts.parked_dispatched_elsewhere)(status_label(texts, *status))
        }
        ParkReason::Overtaken { status } => (texts.parked_overtaken)(status_label(texts, *status)),
        ParkReason::Deleted => texts.parked_deleted.to_string(),
        ParkReason::Blocked { .. } => texts.parked_blocked.to_string(),
    }
}

/// 知道了: drops the parked step `seq`. Its explanation carries the id `step-{seq}`
/// (`{place}-step-{seq}` where the same step shows twice on a page), so that the
/// button's accessible description says which step it clears.
#[component]
pub fn DismissButton(seq: u64, #[prop(optional)] place: Option<&'static str>) -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    view! {
        <button type="button" class="button button--secondary" aria-describedby=explanation_id(place, seq)
            on:click=move |_| leptos::task::spawn_local(async move { data.dismiss(seq).await })>
            {move || texts.get().dismiss}
        </button>
    }
}

/// The id of a parked step's explanation, unique on the page.
pub fn explanation_id(place: Option<&str>, seq: u64) -> String {
    match place {
        Some(place) => format!("{place}-step-{seq}"),
        None => format!("step-{seq}"),
    }
}
