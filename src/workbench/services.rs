//! The catalogue: services by kind, each edited, retired or restored, moved up or down
//! the list residents see; a new one added.

use leptos::prelude::*;
use yizhan_core::model::{Service, ServiceKind};
use yizhan_core::routes::{Desk, Route};
use yizhan_core::sync::Env;
use yizhan_core::workbench::editor::service::ServiceDraft;
use yizhan_core::workbench::services::moved;

use super::editing::{Editing, ListNote, Showing};
use super::frame::DeskFrame;
use super::service_editor::ServiceEditor;
use super::use_desk_texts;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::platform::browser_env::BrowserEnv;
use crate::router::Link;

#[component]
pub fn ServicesDesk() -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let editing = Editing::<ServiceDraft>::new(Desk::Services);
    let closed = editing.closed();
    let showing = editing.showing(move |id| data.services().into_iter().find(|s| s.id == id));
    let shown = move || match showing() {
        Showing::Adding(draft) => {
            view! { <ServiceEditor draft=draft before=None closed=closed /> }.into_any()
        }
        Showing::Editing(before) => {
            let draft = ServiceDraft::of(&before);
            view! { <ServiceEditor draft=draft before=Some(before) closed=closed /> }.into_any()
        }
        Showing::List => view! { <Catalogue editing=editing /> }.into_any(),
    };
    view! {
        <DeskFrame title=Signal::derive(move || desk.get().services)
            lead=Signal::derive(move || desk.get().services_lead) place=Desk::Services>
            {shown}
        </DeskFrame>
    }
}

#[component]
fn Catalogue(editing: Editing<ServiceDraft>) -> impl IntoView {
    let note = editing.note;
    let desk = use_desk_texts();
    let texts = use_texts();
    let data = use_data();
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    // Retires a service, or puts a retired one back.
    let set_active = move |service: Service, active: bool| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        note.set(None);
        problem.set(None);
        leptos::task::spawn_local(async move {
            let name = service.name.clone();
            let outcome = if active {
                let back = Service {
                    active: true,
                    ..service
                };
                data.at_the_desk(
                    |bench, token| async move { bench.put_service(&token, &back).await },
                )
                .await
            } else {
                let id = service.id.clone();
                data.at_the_desk(
                    |bench, token| async move { bench.retire_service(&token, &id).await },
                )
                .await
            };
            busy.set(false);
            let said = desk.get_untracked();
            match outcome {
                Ok(_) if active => note.set(Some((said.service_restored_note)(&name))),
                Ok(_) => note.set(Some((said.service_retired_note)(&name))),
                Err(not_saved) => problem.set(Some(not_saved.banner(said))),
            }
        });
    };
    // Moves a service one place up or down among those of its kind; the list follows
    // the sync that comes with the change.
    let move_one = move |id: String, up: bool| {
        if busy.get_untracked() {
            return;
        }
        let Some(order) = moved(&data.services(), &id, up) else {
            return;
        };
        busy.set(true);
        note.set(None);
        problem.set(None);
        leptos::task::spawn_local(async move {
            let outcome = data
                .at_the_desk(
                    |bench, token| async move { bench.put_service_order(&token, &order).await },
                )
                .await;
            busy.set(false);
            if let Err(not_saved) = outcome {
                problem.set(Some(not_saved.banner(desk.get_untracked())));
            }
        });
    };
    let group = move |kind: ServiceKind| {
        let services = move || {
            data.services()
                .into_iter()
                .filter(|service| service.kind == kind)
                .collect::<Vec<_>>()
        };
        let add = move |_| {
            editing.add(ServiceDraft::blank(
                kind,
                &data.services(),
                &BrowserEnv.new_id(),
            ));
        };
        view! {
            <section class="desk-group" data-testid=format!("kind-{}", kind.as_str())>
                <h2>{move || texts.get().service_kind(kind)}</h2>
                {move || {
                    let services = services();
                    if services.is_empty() {
                        return view! { <p class="service-meta">{move || desk.get().service_none}</p> }.into_any();
                    }
                    view! {
                        <ul class="desk-rows">
                            {{
                                let last = services.len().saturating_sub(1);
                                services
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, service)| {
                                        let place = Place { first: i == 0, last: i == last };
                                        service_row(service, place, set_active, move_one, busy)
                                    })
                                    .collect_view()
                            }}
                        </ul>
                    }
                    .into_any()
                }}
                <button type="button" class="button button--secondary" on:click=add>
                    {move || desk.get().service_new}
                </button>
            </section>
        }
    };
    view! {
        <ListNote note=note />
        <Show when=move || problem.get().is_some()>
            <p class="notice notice--warning" role="alert" data-testid="desk-not-saved">{move || problem.get()}</p>
        </Show>
        {ServiceKind::ALL.into_iter().map(group).collect_view()}
    }
}

/// Where a service is among those of its kind: the first has no "up", the last no "down".
struct Place {
    first: bool,
    last: bool,
}

fn service_row(
    service: Service,
    place: Place,
    set_active: impl Fn(Service, bool) + Copy + 'static,
    move_one: impl Fn(String, bool) + Copy + 'static,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let desk = use_desk_texts();
    let texts = use_texts();
    let active = service.active;
    let meta = {
        let category = service.category.clone();
        let sla = service.sla_hours;
        move || match sla {
            Some(hours) => format!("{category} · {}", (texts.get().service_sla)(hours)),
            None => format!("{category} · {}", desk.get().service_no_sla),
        }
    };
    let toggle = {
        let service = service.clone();
        move |_| set_active(service.clone(), !active)
    };
    let name = service.name.clone();
    let (up, down) = (
        (service.id.clone(), service.name.clone()),
        (service.id.clone(), service.name.clone()),
    );
    view! {
        <li class="desk-row" data-testid="desk-service">
            <div class="desk-row__what">
                <span class="desk-row__name">{service.name.clone()}</span>
                <span class="service-meta">{meta}</span>
                {(!active).then(|| view! { <span class="status-chip">{move || desk.get().service_retired}</span> })}
            </div>
            <div class="desk-row__actions">
                <Link route=Route::Desk(Desk::Services) id=service.id.clone() class="button button--secondary">
                    {move || desk.get().service_edit}
                    <span class="visually-hidden">" "{service.name.clone()}</span>
                </Link>
                <button type="button" class="button button--secondary" on:click=toggle prop:disabled=move || busy.get()
                    aria-label=move || {
                        let act = if active { desk.get().service_retire } else { desk.get().service_restore };
                        format!("{act} {name}")
                    }>
                    {move || if active { desk.get().service_retire } else { desk.get().service_restore }}
                </button>
                {(!place.first).then(|| {
                    let (id, name) = up;
                    view! {
                        <button type="button" class="button button--secondary" prop:disabled=move || busy.get()
                            on:click=move |_| move_one(id.clone(), true)>
                            {move || desk.get().service_up}<span class="visually-hidden">" "{name.clone()}</span>
                        </button>
                    }
                })}
                {(!place.last).then(|| {
                    let (id, name) = down;
                    view! {
                        <button type="button" class="button button--secondary" prop:disabled=move || busy.get()
                            on:click=move |_| move_one(id.clone(), false)>
                            {move || desk.get().service_down}<span class="visually-hidden">" "{name.clone()}</span>
                        </button>
                    }
                })}
            </div>
        </li>
    }
}
