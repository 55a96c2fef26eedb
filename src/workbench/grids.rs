//! Grids (网格) and the contacts posted in their buildings.

use leptos::prelude::*;
use yizhan_core::i18n::DeskTexts;
use yizhan_core::model::{ContactRole, Grid};
use yizhan_core::routes::{Desk, Route};
use yizhan_core::sync::Env;
use yizhan_core::workbench::editor::grid::{ContactDraft, GridDraft};

use super::editing::{Editing, ListNote, SaveBar, Saving, Showing};
use super::frame::DeskFrame;
use super::use_desk_texts;
use crate::components::field::TextField;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::platform::browser_env::BrowserEnv;
use crate::router::Link;

#[component]
pub fn GridsDesk() -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let editing = Editing::<GridDraft>::new(Desk::Grids);
    let closed = editing.closed();
    let showing = editing.showing(move |id| data.grids().into_iter().find(|g| g.id == id));
    let shown = move || match showing() {
        Showing::Adding(draft) => {
            view! { <GridEditor draft=draft before=None closed=closed /> }.into_any()
        }
        Showing::Editing(before) => {
            let draft = GridDraft::of(&before);
            view! { <GridEditor draft=draft before=Some(before) closed=closed /> }.into_any()
        }
        Showing::List => view! { <GridList editing=editing /> }.into_any(),
    };
    view! {
        <DeskFrame title=Signal::derive(move || desk.get().grids)
            lead=Signal::derive(move || desk.get().grids_lead) place=Desk::Grids>
            {shown}
        </DeskFrame>
    }
}

#[component]
fn GridList(editing: Editing<GridDraft>) -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let rows = move || {
        data.grids()
            .into_iter()
            .map(|grid| {
                let count = grid.contacts.len();
                view! {
                    <li class="desk-row" data-testid="desk-grid">
                        <div class="desk-row__what">
                            <span class="desk-row__name">{grid.name.clone()}</span>
                            <span class="service-meta">
                                {grid.area.clone()}" · "{move || (desk.get().grid_contact_count)(count)}
                            </span>
                        </div>
                        <div class="desk-row__actions">
                            <Link route=Route::Desk(Desk::Grids) id=grid.id.clone() class="button button--secondary">
                                {move || desk.get().service_edit}
                                <span class="visually-hidden">" "{grid.name.clone()}</span>
                            </Link>
                        </div>
                    </li>
                }
            })
            .collect_view()
    };
    let add = move |_| editing.add(GridDraft::blank(&BrowserEnv.new_id()));
    view! {
        <ListNote note=editing.note />
        <ul class="desk-rows">{rows}</ul>
        <p>
            <button type="button" class="button button--secondary" on:click=add>{move || desk.get().grid_new}</button>
        </p>
    }
}

/// A contact in the editor, under an id of its own so removing one keeps the others.
#[derive(Clone, Copy)]
struct Row {
    uid: u32,
    draft: RwSignal<ContactDraft>,
}

#[component]
fn GridEditor(
    draft: GridDraft,
    before: Option<Grid>,
    closed: Callback<Option<String>>,
) -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let saving = Saving::new();
    let name = RwSignal::new(draft.name.clone());
    let area = RwSignal::new(draft.area.clone());
    let next_uid = StoredValue::new(0u32);
    let row = move |draft: ContactDraft| {
        let uid = next_uid.get_value();
        next_uid.set_value(uid.saturating_add(1));
        Row {
            uid,
            draft: RwSignal::new(draft),
        }
    };
    let contacts = RwSignal::new(draft.contacts.iter().cloned().map(row).collect::<Vec<_>>());
    let id = StoredValue::new(draft.id.clone());
    let before = StoredValue::new(before);
    let current = move || GridDraft {
        id: id.get_value(),
        name: name.get_untracked(),
        area: area.get_untracked(),
        contacts: contacts
            .get_untracked()
            .iter()
            .map(|c| c.draft.get_untracked())
            .collect(),
    };
    let add_contact = move |_| {
        let added = row(current().blank_contact(&data.grids()));
        contacts.update(|all| all.push(added));
    };
    let remove = move |uid: u32| contacts.update(|all| all.retain(|c| c.uid != uid));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let grid = before.with_value(|before| current().to_grid(before.as_ref()));
        saving.send(
            grid,
            |bench, token, grid| async move { bench.put_grid(&token, &grid).await },
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
    let label = move |pick: fn(&'static DeskTexts) -> &'static str| {
        Signal::derive(move || pick(desk.get()).to_string())
    };
    view! {
        <form class="form desk-form" on:submit=submit novalidate data-testid="grid-editor">
            <h2>{move || if name.get().trim().is_empty() { desk.get().grid_new.to_string() } else { name.get() }}</h2>
            <TextField name="name" label=label(|t| t.grid_name) value=name problem=saving.problem("name") />
            <TextField name="area" label=label(|t| t.grid_area) value=area problem=saving.problem("area") />
            <h3>{move || desk.get().grid_contacts}</h3>
            <For each=move || contacts.get() key=|c| c.uid let:item>
                <ContactEditor row=item contacts=contacts saving=saving remove=remove />
            </For>
            <p>
                <button type="button" class="button button--secondary" on:click=add_contact>
                    {move || desk.get().contact_add}
                </button>
            </p>
            <SaveBar saving=saving cancel=closed />
        </form>
    }
}

#[component]
fn ContactEditor(
    row: Row,
    contacts: RwSignal<Vec<Row>>,
    saving: Saving,
    remove: impl Fn(u32) + Copy + 'static,
) -> impl IntoView {
    let desk = use_desk_texts();
    let texts = use_texts();
    let Row { uid, draft } = row;
    let position =
        Memo::new(move |_| contacts.with(|all| all.iter().position(|c| c.uid == uid).unwrap_or(0)));
    let text = move |read: fn(&ContactDraft) -> &String, write: fn(&mut ContactDraft, String)| {
        let value = RwSignal::new(draft.with_untracked(|d| read(d).clone()));
        Effect::new(move || {
            let typed = value.get();
            draft.update(|d| write(d, typed));
        });
        value
    };
    let field = move |member: &'static str,
                      label: fn(&'static DeskTexts) -> &'static str,
                      value: RwSignal<String>,
                      input_type: &'static str| {
        view! {
            <TextField name=format!("c{uid}-{member}") label=Signal::derive(move || label(desk.get()).to_string())
                value=value input_type=input_type
                problem=saving.problem_at(move || format!("contacts[{}].{member}", position.get())) />
        }
    };
    let role_id = format!("c{uid}-role");
    let roles = ContactRole::ALL
        .into_iter()
        .map(|role| {
            view! {
                <option value=role.as_str() prop:selected=move || draft.with(|d| d.role == role)>
                    {move || texts.get().contact_role(role)}
                </option>
            }
        })
        .collect_view();
    view! {
        <fieldset class="desk-question" data-testid="contact">
            <legend>{move || (desk.get().contact)(position.get() + 1)}</legend>
            {field("name", |t| t.contact_name, text(|d| &d.name, |d, v| d.name = v), "text")}
            <div class="field">
                <label class="field__label" for=role_id.clone()>{move || desk.get().contact_role}</label>
                <select id=role_id on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    if let Some(role) = ContactRole::ALL.into_iter().find(|r| r.as_str() == chosen) {
                        draft.update(|d| d.role = role);
                    }
                }>
                    {roles}
                </select>
            </div>
            {field("title", |t| t.contact_title, text(|d| &d.title, |d, v| d.title = v), "text")}
            {field("phone", |t| t.contact_phone, text(|d| &d.phone, |d, v| d.phone = v), "tel")}
            {field("wechat", |t| t.contact_wechat, text(|d| &d.wechat, |d, v| d.wechat = v), "text")}
            {field("duty_hours", |t| t.contact_duty_hours, text(|d| &d.duty_hours, |d, v| d.duty_hours = v), "text")}
            {field("note", |t| t.contact_note, text(|d| &d.note, |d, v| d.note = v), "text")}
            <button type="button" class="button button--secondary" on:click=move |_| remove(uid)>
                {move || desk.get().contact_remove}
            </button>
        </fieldset>
    }
}
