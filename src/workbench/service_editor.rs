//! One service of the catalogue being added or changed, beside the form residents will
//! get for it. Nothing typed is lost when the server does not take it.

use leptos::prelude::*;
use yizhan_core::i18n::DeskTexts;
use yizhan_core::model::{FieldType, Service, ServiceKind};
use yizhan_core::workbench::editor::service::{QuestionDraft, ServiceDraft};

use super::editing::{SaveBar, Saving};
use super::preview::FormPreview;
use super::use_desk_texts;
use crate::components::field::TextField;
use crate::i18n::use_texts;

/// A question in the editor, under an id of its own so that removing one keeps the
/// others' controls (and what was typed in them) in place.
#[derive(Clone, Copy)]
struct Question {
    uid: u32,
    draft: RwSignal<QuestionDraft>,
}

#[component]
pub fn ServiceEditor(
    draft: ServiceDraft,
    before: Option<Service>,
    /// Called with what to say (saved) or nothing (cancelled).
    closed: Callback<Option<String>>,
) -> impl IntoView {
    let desk = use_desk_texts();
    let texts = use_texts();
    let name = RwSignal::new(draft.name.clone());
    let code = RwSignal::new(draft.code.clone());
    let category = RwSignal::new(draft.category.clone());
    let kind = RwSignal::new(draft.kind);
    let description = RwSignal::new(draft.description.clone());
    let sla = RwSignal::new(draft.sla_hours.clone());
    let next_uid = StoredValue::new(0u32);
    let question = move |draft: QuestionDraft| {
        let uid = next_uid.get_value();
        next_uid.set_value(uid.saturating_add(1));
        Question {
            uid,
            draft: RwSignal::new(draft),
        }
    };
    let questions = RwSignal::new(
        draft
            .questions
            .iter()
            .cloned()
            .map(question)
            .collect::<Vec<_>>(),
    );
    let saving = Saving::new();
    let (id, active) = (draft.id.clone(), draft.active);
    let before = StoredValue::new(before);

    // The draft as it stands, from every control.
    let current = move || ServiceDraft {
        id: id.clone(),
        code: code.get(),
        name: name.get(),
        category: category.get(),
        kind: kind.get(),
        description: description.get(),
        sla_hours: sla.get(),
        active,
        questions: questions.get().iter().map(|q| q.draft.get()).collect(),
    };
    let current = StoredValue::new(current);
    let preview = Signal::derive(move || {
        let draft = current.with_value(|current| current());
        before.with_value(|before| draft.fields(before.as_ref()))
    });
    let problem = move |field: &str| saving.problem(field);
    let label = move |pick: fn(&'static DeskTexts) -> &'static str| {
        Signal::derive(move || pick(desk.get()).to_string())
    };

    let add_question = move |_| {
        let taken: Vec<QuestionDraft> = questions
            .get_untracked()
            .iter()
            .map(|q| q.draft.get_untracked())
            .collect();
        let added = question(QuestionDraft::blank(&taken));
        questions.update(|all| all.push(added));
    };
    let remove_question = move |uid: u32| questions.update(|all| all.retain(|q| q.uid != uid));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = untrack(|| current.with_value(|current| current()));
        let service = before.with_value(|before| draft.to_service(before.as_ref()));
        saving.send(
            service,
            |bench, token, service| async move { bench.put_service(&token, &service).await },
            move |saved| {
                {
                    // The page may have been left meanwhile: nothing to close then.
                    let _ = closed.try_run(Some(format!(
                        "{} · {}",
                        saved.name,
                        desk.get_untracked().saved
                    )));
                }
            },
        );
    };

    let kinds = ServiceKind::ALL
        .into_iter()
        .map(|choice| {
            view! {
                <label class="choice">
                    <input type="radio" name="kind" value=choice.as_str()
                        prop:checked=move || kind.get() == choice
                        on:change=move |_| kind.set(choice) />
                    <span>{move || texts.get().service_kind(choice)}</span>
                </label>
            }
        })
        .collect_view();

    view! {
        <div class="desk-editor">
            <form class="form" on:submit=submit novalidate data-testid="service-editor">
                <h2>{move || if name.get().trim().is_empty() { desk.get().service_new.to_string() } else { name.get() }}</h2>
                <TextField name="name" label=label(|t| t.service_name) value=name problem=problem("name") />
                <TextField name="category" label=label(|t| t.service_category) value=category problem=problem("category") />
                <TextField name="code" label=label(|t| t.service_code) value=code problem=problem("code") />
                <fieldset class="field choices">
                    <legend class="field__label">{move || desk.get().service_kind}</legend>
                    {kinds}
                </fieldset>
                <TextField name="description" label=label(|t| t.service_description) value=description
                    problem=problem("description") multiline=true />
                <TextField name="sla_hours" label=label(|t| t.service_sla) value=sla problem=problem("sla_hours")
                    input_mode="numeric" />
                <p class="service-meta">{move || desk.get().service_sla_hint}</p>
                <h3>{move || desk.get().service_questions}</h3>
                <For each=move || questions.get() key=|q| q.uid let:item>
                    <QuestionEditor question=item questions=questions saving=saving remove=remove_question />
                </For>
                <button type="button" class="button button--secondary" on:click=add_question>
                    {move || desk.get().question_add}
                </button>
                <SaveBar saving=saving cancel=closed />
            </form>
            <FormPreview fields=preview />
        </div>
    }
}

#[component]
fn QuestionEditor(
    question: Question,
    questions: RwSignal<Vec<Question>>,
    saving: Saving,
    remove: impl Fn(u32) + Copy + 'static,
) -> impl IntoView {
    let desk = use_desk_texts();
    let Question { uid, draft } = question;
    // Where the question stands now, for its heading and for the server's field names
    // (`fields[2].label`).
    let position = Memo::new(move |_| {
        questions.with(|all| all.iter().position(|q| q.uid == uid).unwrap_or(0))
    });
    let text = move |read: fn(&QuestionDraft) -> String, write: fn(&mut QuestionDraft, String)| {
        let value = RwSignal::new(read(&draft.get_untracked()));
        Effect::new(move || {
            let typed = value.get();
            draft.update(|d| write(d, typed));
        });
        value
    };
    let label_value = text(|d| d.label.clone(), |d, v| d.label = v);
    let code_value = text(|d| d.code.clone(), |d, v| d.code = v);
    let options_value = text(|d| d.options.clone(), |d, v| d.options = v);
    let problem = move |member: &'static str| {
        saving.problem_at(move || format!("fields[{}].{member}", position.get()))
    };
    let label = move |pick: fn(&'static DeskTexts) -> &'static str| {
        Signal::derive(move || pick(desk.get()).to_string())
    };
    let types = FieldType::ALL
        .into_iter()
        .map(|datatype| {
            view! {
                <option value=datatype.as_str() prop:selected=move || draft.get().datatype == datatype>
                    {move || (desk.get().field_type)(datatype)}
                </option>
            }
        })
        .collect_view();
    let type_id = format!("q{uid}-type");
    view! {
        <fieldset class="desk-question" data-testid="question">
            <legend>{move || (desk.get().question)(position.get() + 1)}</legend>
            <TextField name=format!("q{uid}-label") label=label(|t| t.question_label) value=label_value problem=problem("label") />
            <TextField name=format!("q{uid}-code") label=label(|t| t.question_code) value=code_value problem=problem("code") />
            <div class="field">
                <label class="field__label" for=type_id.clone()>{move || desk.get().question_type}</label>
                <select id=type_id on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    if let Some(datatype) = FieldType::ALL.into_iter().find(|t| t.as_str() == chosen) {
                        draft.update(|d| d.datatype = datatype);
                    }
                }>
                    {types}
                </select>
            </div>
            <label class="choice">
                <input type="checkbox" prop:checked=move || draft.get().required
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        draft.update(|d| d.required = on);
                    } />
                <span>{move || desk.get().question_required}</span>
            </label>
            <Show when=move || draft.get().is_choice()>
                <TextField name=format!("q{uid}-options") label=label(|t| t.question_options) value=options_value
                    problem=saving.problem_within(move || format!("fields[{}].options", position.get())) multiline=true />
            </Show>
            <button type="button" class="button button--secondary" on:click=move |_| remove(uid)>
                {move || desk.get().question_remove}
            </button>
        </fieldset>
    }
}
