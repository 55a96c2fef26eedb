//! Choosing one of the community's grids, from those the device holds: a resident's own
//! (我的资料) and the one an admin gives someone (人员).

use leptos::prelude::*;

use crate::data::use_data;

/// A labelled select of the grids; `value` is the chosen grid's id. With `none`, a first
/// option (value "") for no grid, labelled so.
#[component]
pub fn GridSelect(
    /// The select's element id.
    #[prop(into)]
    id: String,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(optional, into)] none: Option<Signal<String>>,
    /// What the server said about the choice (a grid removed meanwhile), said below it.
    #[prop(optional, into)]
    problem: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let data = use_data();
    let problem = problem.unwrap_or_else(|| Signal::derive(|| None));
    let error_id = format!("{id}-error");
    let described = {
        let error_id = error_id.clone();
        move || problem.get().map(|_| error_id.clone())
    };
    view! {
        <div class="field">
            <label class="field__label" for=id.clone()>{move || label.get()}</label>
            <select id=id aria-describedby=described on:change=move |ev| value.set(event_target_value(&ev))>
                {none.map(|none| view! {
                    <option value="" prop:selected=move || value.get().is_empty()>{move || none.get()}</option>
                })}
                {move || data.grids().into_iter().map(|g| {
                    let id = g.id.clone();
                    view! { <option value=g.id.clone() prop:selected=move || value.get() == id>{g.name.clone()}</option> }
                }).collect_view()}
            </select>
            <Show when=move || problem.get().is_some()>
                <p class="field__problem" id=error_id.clone() role="alert">{move || problem.get()}</p>
            </Show>
        </div>
    }
}
