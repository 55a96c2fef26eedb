use leptos::prelude::*;

/// A labelled text input whose problem is said at the field, in words, and read out with
/// it (`aria-describedby`); what the resident typed stays as typed.
#[component]
pub fn TextField(
    /// The `name` and the base of the element ids.
    #[prop(into)]
    name: String,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(into)] problem: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] input_mode: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// A multi-line field.
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("field-{name}-error");
    let described = {
        let error_id = error_id.clone();
        move || problem.get().map(|_| error_id.clone())
    };
    let input = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=name.clone()
                rows="4"
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=described.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=name
                type=input_type
                inputmode=input_mode
                autocomplete=autocomplete
                aria-invalid=move || problem.get().is_some().to_string()
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            {input}
            <Show when=move || problem.get().is_some()>
                <p class="field__problem" id=error_id.clone() role="alert">
                    <span aria-hidden="true">"! "</span>
                    {move || problem.get().unwrap_or_default()}
                </p>
            </Show>
        </div>
    }
}
