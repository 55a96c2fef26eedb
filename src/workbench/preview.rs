//! The form a resident gets for a service, drawn from the editor's service as it is
//! typed: the resident's own controls, answered here by nobody, sent nowhere.

use std::collections::BTreeMap;

use leptos::prelude::*;
use yizhan_core::model::Field;

use super::use_desk_texts;
use crate::pages::service::field_control;

#[component]
pub fn FormPreview(#[prop(into)] fields: Signal<Vec<Field>>) -> impl IntoView {
    let desk = use_desk_texts();
    view! {
        <section class="desk-preview" aria-labelledby="desk-preview-title" data-testid="form-preview">
            <h2 id="desk-preview-title">{move || desk.get().preview}</h2>
            <p class="service-meta">{move || desk.get().preview_lead}</p>
            // Inert: a preview is looked at, never filled in or sent.
            <div class="form" inert=true>
                {move || {
                    let draft = RwSignal::new(BTreeMap::<String, Vec<String>>::new());
                    fields
                        .get()
                        .into_iter()
                        .map(|field| {
                            let preview = Field { code: format!("preview-{}", field.code), ..field };
                            field_control(preview, draft, Signal::stored(None), |_, initial| {
                                RwSignal::new(initial.to_string())
                            })
                        })
                        .collect_view()
                }}
            </div>
        </section>
    }
}
