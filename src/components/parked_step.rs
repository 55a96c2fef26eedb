//! A step that could not go: why, in the words of the person who asked for it, and the
//! button that lets go of it once read.

use leptos::prelude::*;

use crate::data::use_data;
use crate::i18n::use_texts;

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
