use std::collections::BTreeMap;

use leptos::prelude::*;
use yizhan_core::model::{Field, FieldType, Service};
use yizhan_core::order_form::{answer_field, service_order, OrderForm, Problems};
use yizhan_core::routes::Route;
use yizhan_core::service_form::Typed;
use yizhan_core::sync::SubmitError;

use crate::components::field::TextField;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::pages::sign_in_prompt::SignInPrompt;
use crate::platform::drafts;
use crate::router::use_router;

/// What the resident typed, per control, as the draft stores it.
pub(crate) type Draft = BTreeMap<String, Vec<String>>;

const TITLE: &str = "title";
const DESCRIPTION: &str = "description";
const ADDRESS: &str = "address";
const PHONE: &str = "contact_phone";

fn typed(draft: &Draft, code: &str, datatype: FieldType) -> Typed {
    match (draft.get(code), datatype) {
        (None, _) => Typed::Empty,
        (Some(keys), FieldType::Multi) => Typed::Choices(keys.clone()),
        (Some(values), _) => Typed::Text(values.first().cloned().unwrap_or_default()),
    }
}

#[component]
pub fn ServicePage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let router = use_router();
    // A memo: the form is drawn again only when the service itself changes, not on every
    // sync that touches the device's data. Drawn again, the form starts from the draft
    // stored, and a sync arriving while the resident types (right after signing in) lost
    // what was typed since the draft's last save: seen as an order sent without the phone
    // number just typed.
    let service = Memo::new(move |_| {
        let id = router.id()?;
        data.services().into_iter().find(|s| s.id == id)
    });
    view! {
        {move || match service.get() {
            Some(service) => view! { <ServiceDetail service=service /> }.into_any(),
            None => view! {
                <h1>{move || texts.get().service_not_found}</h1>
                <p class="lead">{move || texts.get().loading}</p>
            }
            .into_any(),
        }}
    }
}

#[component]
fn ServiceDetail(service: Service) -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let router = use_router();
    let form = format!("service.{}", service.id);
    let restored: Draft = drafts::load(&form)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    let draft = RwSignal::new(restored);
    let problems = RwSignal::new(BTreeMap::<String, String>::new());
    let form_problem = RwSignal::new(None::<String>);
    {
        let form = form.clone();
        Effect::new(move || {
            if let Ok(json) = serde_json::to_string(&draft.get()) {
                drafts::save(&form, &json);
            }
        });
    }
    // One signal per text control, kept in step with the draft.
    let text_signal = move |code: &str, initial: &str| {
        let code = code.to_string();
        let value = RwSignal::new(
            draft
                .get_untracked()
                .get(&code)
                .and_then(|v| v.first().cloned())
                .unwrap_or_else(|| initial.to_string()),
        );
        Effect::new(move || {
            let text = value.get();
            draft.update(|d| {
                d.insert(code.clone(), vec![text]);
            });
        });
        value
    };
    let problem = move |code: String| Signal::derive(move || problems.get().get(&code).cloned());

    let title = text_signal(TITLE, &service.name);
    let description = text_signal(DESCRIPTION, "");
    let address = text_signal(ADDRESS, "");
    let phone = text_signal(PHONE, "");

    let fields = service.fields.clone();
    let controls = move || {
        fields
            .iter()
            .map(|field| {
                let problem = problem(answer_field(&field.code));
                field_control(field.clone(), draft, problem, text_signal)
            })
            .collect_view()
    };

    let localized = move |found: Problems| -> BTreeMap<String, String> {
        found
            .into_iter()
            .map(|(field, problem)| (field, problem.localized(texts.get_untracked())))
            .collect()
    };
    let submit = {
        let service = service.clone();
        let form = form.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            form_problem.set(None);
            let current = draft.get_untracked();
            let text = |code: &str| {
                current
                    .get(code)
                    .and_then(|v| v.first().cloned())
                    .unwrap_or_default()
            };
            let typed_in = OrderForm {
                title: text(TITLE),
                description: text(DESCRIPTION),
                address: text(ADDRESS),
                contact_phone: text(PHONE),
                preferred_time: String::new(),
                answers: service
                    .fields
                    .iter()
                    .map(|field| {
                        let typed = typed(&current, &field.code, field.datatype);
                        (field.code.clone(), typed)
                    })
                    .collect(),
            };
            problems.set(BTreeMap::new());
            let order = match service_order(&service, &typed_in) {
                Ok(order) => order,
                Err(found) => return problems.set(localized(found)),
            };
            let form = form.clone();
            leptos::task::spawn_local(async move {
                match data.submit_order(order).await {
                    Ok(id) => {
                        drafts::clear(&form);
                        router.navigate_to(Route::Order, Some(&id));
                    }
                    Err(SubmitError::Store(_)) => {
                        form_problem.set(Some(texts.get_untracked().error_storage.to_string()))
                    }
                    Err(SubmitError::Invalid(found)) => problems.set(localized(found)),
                    Err(_) => router.navigate(Route::SignIn),
                }
            });
        }
    };

    let sla = service.sla_hours;
    view! {
        <h1>{service.name.clone()}</h1>
        <p class="service-meta">
            <span class="status-chip">{move || texts.get().service_kind(service.kind)}</span>
            " "
            <span>{service.category.clone()}</span>
        </p>
        <p class="lead">{service.description.clone()}</p>
        {sla.map(|hours| view! { <p class="service-meta">{move || (texts.get().service_sla)(hours)}</p> })}
        {move || {
            if !service.active {
                return view! {
                    <p class="notice notice--warning" role="alert">{move || texts.get().service_retired}</p>
                }
                .into_any();
            }
            if data.session().is_none() {
                return view! { <SignInPrompt /> }.into_any();
            }
            view! {
                <h2>{move || texts.get().service_order_title}</h2>
                <form class="form" on:submit=submit.clone() novalidate>
                    <TextField name=TITLE label=Signal::derive(move || texts.get().service_title_label.to_string())
                        value=title problem=problem(TITLE.into()) />
                    {controls()}
                    <TextField name=DESCRIPTION label=Signal::derive(move || texts.get().wish_details.to_string())
                        value=description problem=problem(DESCRIPTION.into()) multiline=true />
                    <TextField name=ADDRESS label=Signal::derive(move || texts.get().wish_where.to_string())
                        value=address problem=problem(ADDRESS.into()) autocomplete="street-address" />
                    <TextField name=PHONE label=Signal::derive(move || texts.get().service_contact_phone.to_string())
                        value=phone problem=problem(PHONE.into()) input_type="tel" input_mode="numeric"
                        autocomplete="tel" />
                    <Show when=move || form_problem.get().is_some()>
                        <p class="field__problem" role="alert">{move || form_problem.get()}</p>
                    </Show>
                    <button type="submit" class="button">{move || texts.get().form_submit_order}</button>
                </form>
            }
            .into_any()
        }}
    }
}

/// The control for one of the service's questions.
pub(crate) fn field_control(
    field: Field,
    draft: RwSignal<Draft>,
    problem: Signal<Option<String>>,
    text_signal: impl Fn(&str, &str) -> RwSignal<String>,
) -> AnyView {
    let texts = use_texts();
    let label = if field.required {
        field.label.clone()
    } else {
        format!("{}{}", field.label, texts.get_untracked().optional_mark)
    };
    let label = Signal::stored(label);
    let name = format!("attributes.{}", field.code);
    match field.datatype {
        FieldType::String => view! { <TextField name=name label=label value=text_signal(&field.code, "") problem=problem /> }.into_any(),
        FieldType::Text => view! { <TextField name=name label=label value=text_signal(&field.code, "") problem=problem multiline=true /> }.into_any(),
        FieldType::Number => view! { <TextField name=name label=label value=text_signal(&field.code, "") problem=problem input_mode="decimal" /> }.into_any(),
        FieldType::Date => view! { <TextField name=name label=label value=text_signal(&field.code, "") problem=problem input_type="date" /> }.into_any(),
        FieldType::Datetime => view! { <TextField name=name label=label value=text_signal(&field.code, "") problem=problem input_type="datetime-local" /> }.into_any(),
        FieldType::Single | FieldType::Multi => {
            let multi = field.datatype == FieldType::Multi;
            let code = field.code.clone();
            let error_id = format!("field-{}-error", field.code);
            let options = field
                .options
                .iter()
                .map(|option| {
                    let key = option.key.clone();
                    let checked = {
                        let (code, key) = (code.clone(), key.clone());
                        move || draft.get().get(&code).is_some_and(|keys| keys.contains(&key))
                    };
                    let toggle = {
                        let (code, key) = (code.clone(), key.clone());
                        move |ev| {
                            let on = event_target_checked(&ev);
                            draft.update(|d| {
                                let keys = d.entry(code.clone()).or_default();
                                if !multi {
                                    keys.clear();
                                }
                                keys.retain(|k| k != &key);
                                if on {
                                    keys.push(key.clone());
                                }
                            });
                        }
                    };
                    view! {
                        <label class="choice">
                            <input
                                type=if multi { "checkbox" } else { "radio" }
                                name=format!("attributes.{code}")
                                value=key.clone()
                                prop:checked=checked
                                on:change=toggle
                            />
                            <span>{option.label.clone()}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="field choices" aria-describedby=move || problem.get().map(|_| error_id.clone())>
                    <legend class="field__label">{label}</legend>
                    {options}
                    <Show when=move || problem.get().is_some()>
                        <p class="field__problem" id=format!("field-{code}-error") role="alert">
                            <span aria-hidden="true">"! "</span>
                            {move || problem.get().unwrap_or_default()}
                        </p>
                    </Show>
                </fieldset>
            }
            .into_any()
        }
    }
}
