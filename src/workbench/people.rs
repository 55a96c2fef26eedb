//! People: found by phone or name; their roles, grid and address set, an account no
//! longer used deactivated; volunteers' minutes of service.

use leptos::prelude::*;
use yizhan_core::i18n::DeskTexts;
use yizhan_core::model::{Person, Role};
use yizhan_core::routes::Desk;
use yizhan_core::workbench::people::{
    check_new_resident, check_roles, check_user_update, roles_after_adding, search, NewResident,
    UserUpdate,
};

use super::editing::{ListNote, SaveBar, Saving};
use super::frame::DeskFrame;
use super::use_desk_texts;
use crate::components::field::TextField;
use crate::components::grid_select::GridSelect;
use crate::data::use_data;
use crate::i18n::use_texts;

/// The roles an admin gives; `resident` is everyone's.
const GIVEN: [Role; 4] = [
    Role::Volunteer,
    Role::GridWorker,
    Role::Dispatcher,
    Role::Admin,
];

#[component]
pub fn PeopleDesk() -> impl IntoView {
    let desk = use_desk_texts();
    let texts = use_texts();
    let data = use_data();
    let q = RwSignal::new(String::new());
    let role = RwSignal::new(None::<Role>);
    let found = RwSignal::new(None::<(Vec<Person>, bool)>);
    let q_problem = RwSignal::new(None::<String>);
    let banner = RwSignal::new(None::<String>);
    let note = RwSignal::new(None::<String>);
    let find = move || {
        q_problem.set(None);
        banner.set(None);
        let typed = q.get_untracked();
        if let Err(problem) = search(&typed) {
            return q_problem.set(Some(problem.localized(texts.get_untracked())));
        }
        let role = role.get_untracked();
        leptos::task::spawn_local(async move {
            match data
                .ask_the_desk(
                    |bench, token| async move { bench.people(&token, &typed, role).await },
                )
                .await
            {
                Ok(people) => found.set(Some((people.items, people.has_more))),
                Err(not_saved) => banner.set(Some(not_saved.banner(desk.get_untracked()))),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        find();
    };
    let roles = move || {
        GIVEN
            .into_iter()
            .map(|choice| {
                view! {
                    <option value=choice.as_str() prop:selected=move || role.get() == Some(choice)>
                        {move || (desk.get().role)(choice)}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <DeskFrame title=Signal::derive(move || desk.get().people) lead=Signal::derive(move || desk.get().people_lead)
            place=Desk::People>
            <form class="form desk-form" on:submit=submit novalidate data-testid="people-search" role="search">
                <TextField name="q" label=Signal::derive(move || desk.get().people_search.to_string()) value=q
                    problem=q_problem input_type="search" />
                <div class="field">
                    <label class="field__label" for="people-role">{move || desk.get().people_role}</label>
                    <select id="people-role" on:change=move |ev| {
                        let chosen = event_target_value(&ev);
                        role.set(GIVEN.into_iter().find(|r| r.as_str() == chosen));
                    }>
                        <option value="" prop:selected=move || role.get().is_none()>{move || desk.get().people_anyone}</option>
                        {roles}
                    </select>
                </div>
                <button type="submit" class="button">{move || desk.get().people_find}</button>
            </form>
            <Show when=move || banner.get().is_some()>
                <p class="notice notice--warning" role="alert">{move || banner.get()}</p>
            </Show>
            <AddPerson found=found note=note />
            <ListNote note=note />
            {move || found.get().map(|(people, more)| {
                if people.is_empty() {
                    return view! { <p class="lead">{move || desk.get().people_none}</p> }.into_any();
                }
                view! {
                    <ul class="desk-rows" data-testid="people">
                        {people.into_iter().map(|person| view! { <PersonRow person=person note=note /> }).collect_view()}
                    </ul>
                    {more.then(|| view! { <p class="service-meta">{move || desk.get().people_more}</p> })}
                }
                .into_any()
            })}
        </DeskFrame>
    }
}

/// Someone added by number: a new resident (with the roles chosen), or the person who
/// already has that number, given the roles chosen on top of theirs. They are shown at
/// the top of the list.
#[component]
fn AddPerson(
    found: RwSignal<Option<(Vec<Person>, bool)>>,
    note: RwSignal<Option<String>>,
) -> impl IntoView {
    let desk = use_desk_texts();
    let open = RwSignal::new(false);
    let saving = Saving::new();
    let phone = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    // The grid shown is the grid sent: the first until another is chosen (kept for the
    // next person added, often of the same building).
    let grid = RwSignal::new(String::new());
    let data = use_data();
    Effect::new(move || {
        if grid.with(String::is_empty) {
            if let Some(first) = data.grids().first() {
                grid.set(first.id.clone());
            }
        }
    });
    let consent = RwSignal::new(false);
    let roles = RwSignal::new(Vec::<Role>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let person = NewResident {
            phone: phone.get_untracked(),
            name: name.get_untracked().trim().to_string(),
            address: Some(address.get_untracked().trim().to_string()).filter(|a| !a.is_empty()),
            grid_id: Some(grid.get_untracked()).filter(|g| !g.is_empty()),
            consent: consent.get_untracked(),
        };
        let checked = check_new_resident(&person)
            .map(|number| (person, roles.get_untracked(), number.as_str().to_string()));
        saving.send(
            checked,
            move |bench, token, (person, chosen, number)| async move {
                let (added, new) = bench.add_person(&token, &person).await?;
                let mut added = match roles_after_adding(&added.roles, &chosen) {
                    Some(given) => bench.set_roles(&token, &added.id, &given).await?,
                    None => added,
                };
                // The answer masks the number; the admin just typed it whole.
                added.phone.get_or_insert(number);
                Ok((added, new))
            },
            move |(added, new): (Person, bool)| {
                // A number that had an account keeps its name, grid and address: said so.
                let said = desk.get_untracked();
                note.set(Some(if new {
                    (said.person_saved)(&added.name)
                } else {
                    (said.person_known)(&added.name)
                }));
                found.update(|list| {
                    let (people, _) = list.get_or_insert_with(|| (Vec::new(), false));
                    people.retain(|p| p.id != added.id);
                    people.insert(0, added);
                });
                for field in [phone, name, address] {
                    field.set(String::new());
                }
                consent.set(false);
                roles.set(Vec::new());
                open.set(false);
            },
        );
    };
    let label = move |pick: fn(&'static DeskTexts) -> &'static str| {
        Signal::derive(move || pick(desk.get()).to_string())
    };
    view! {
        <div class="desk-group">
            <button type="button" class="button button--secondary" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || desk.get().people_add}
            </button>
            <Show when=move || open.get()>
                <form class="form desk-form" on:submit=submit novalidate data-testid="person-adder">
                    <p class="service-meta">{move || desk.get().people_add_lead}</p>
                    <TextField name="new-person-phone" label=label(|t| t.person_phone) value=phone
                        problem=saving.problem("phone") input_type="tel" autocomplete="off" />
                    <TextField name="new-person-name" label=label(|t| t.person_name) value=name
                        problem=saving.problem("name") />
                    <RoleChoices roles=roles problem=saving.problem("roles") name="new-person" />
                    <GridSelect id="new-person-grid" label=label(|t| t.person_grid) value=grid
                        problem=saving.problem("grid_id") />
                    <TextField name="new-person-address" label=label(|t| t.person_address) value=address
                        problem=saving.problem("address") />
                    <div class="field">
                        <label class="choice">
                            <input type="checkbox" prop:checked=move || consent.get()
                                aria-describedby=move || saving.problem("consent").get().map(|_| "new-person-consent-error")
                                on:change=move |ev| consent.set(event_target_checked(&ev)) />
                            <span>{move || desk.get().person_consent}</span>
                        </label>
                        <Show when=move || saving.problem("consent").get().is_some()>
                            <p class="field__problem" id="new-person-consent-error" role="alert">
                                {move || saving.problem("consent").get()}
                            </p>
                        </Show>
                    </div>
                    <SaveBar saving=saving cancel=Callback::new(move |_| open.set(false)) />
                </form>
            </Show>
        </div>
    }
}

/// The roles an admin gives, each a checkbox; `roles` holds those ticked.
#[component]
fn RoleChoices(
    roles: RwSignal<Vec<Role>>,
    /// What is wrong with the roles, said below them.
    problem: Signal<Option<String>>,
    /// The base of the element ids.
    #[prop(into)]
    name: String,
) -> impl IntoView {
    let desk = use_desk_texts();
    let choice = move |role: Role| {
        view! {
            <label class="choice">
                <input type="checkbox" prop:checked=move || roles.with(|r| r.contains(&role))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        roles.update(|r| {
                            r.retain(|held| *held != role);
                            if on {
                                r.push(role);
                            }
                        });
                    } />
                <span>{move || (desk.get().role)(role)}</span>
            </label>
        }
    };
    let error_id = format!("field-{name}-roles-error");
    let described = {
        let error_id = error_id.clone();
        move || problem.get().map(|_| error_id.clone())
    };
    view! {
        <fieldset class="field choices" aria-describedby=described>
            <legend class="field__label">{move || desk.get().person_roles}</legend>
            {GIVEN.into_iter().map(choice).collect_view()}
            <Show when=move || problem.get().is_some()>
                <p class="field__problem" id=error_id.clone() role="alert">{move || problem.get()}</p>
            </Show>
        </fieldset>
    }
}

#[component]
fn PersonRow(person: Person, note: RwSignal<Option<String>>) -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let open = RwSignal::new(false);
    let shown = RwSignal::new(person.clone());
    let grid_name = move |grid: Option<String>| {
        grid.and_then(|id| {
            data.grids()
                .into_iter()
                .find(|g| g.id == id)
                .map(|g| g.name)
        })
        .unwrap_or_else(|| desk.get().person_no_grid.to_string())
    };
    let summary = move || {
        let person = shown.get();
        let said = desk.get();
        let mut parts: Vec<String> = person
            .roles
            .iter()
            .filter_map(|role| Role::parse(role))
            .filter(|role| *role != Role::Resident)
            .map(|role| (said.role)(role).to_string())
            .collect();
        parts.push(grid_name(person.grid_id.clone()));
        if let Some(minutes) = person.service_minutes {
            parts.push((said.person_minutes)(minutes));
        }
        if !person.active {
            parts.push(said.person_inactive.to_string());
        }
        parts.join(" · ")
    };
    let phone = person
        .phone
        .clone()
        .unwrap_or_else(|| person.phone_masked.clone());
    let name = person.name.clone();
    view! {
        <li class="desk-row" data-testid="person">
            <div class="desk-row__what">
                <span class="desk-row__name">{move || shown.get().name}</span>
                <span class="service-meta">{phone}</span>
                <span class="service-meta">{summary}</span>
            </div>
            <div class="desk-row__actions">
                <button type="button" class="button button--secondary" aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)>
                    {move || desk.get().service_edit}
                    <span class="visually-hidden">" "{name.clone()}</span>
                </button>
            </div>
            <Show when=move || open.get()>
                <PersonEditor person=shown.get_untracked() shown=shown open=open note=note />
            </Show>
        </li>
    }
}

#[component]
fn PersonEditor(
    person: Person,
    shown: RwSignal<Person>,
    open: RwSignal<bool>,
    note: RwSignal<Option<String>>,
) -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let saving = Saving::new();
    let name = RwSignal::new(person.name.clone());
    let address = RwSignal::new(person.address.clone().unwrap_or_default());
    let grid = RwSignal::new(person.grid_id.clone().unwrap_or_default());
    let active = RwSignal::new(person.active);
    let born_before = person.birth_year.map(|y| y.to_string()).unwrap_or_default();
    let born = RwSignal::new(born_before.clone());
    let born_before = StoredValue::new(born_before);
    let roles = RwSignal::new(
        GIVEN
            .into_iter()
            .filter(|role| role.held_in(&person.roles))
            .collect::<Vec<_>>(),
    );
    let id = StoredValue::new(person.id.clone());
    let uid = person.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed_year = born.get_untracked();
        let typed_year = typed_year.trim();
        let birth_year = typed_year.parse::<i32>().ok();
        // Sent only when changed here: a row that never knew the year does not erase it.
        let touched = born_before.with_value(|before| before.trim() != typed_year);
        let update = UserUpdate {
            name: name.get_untracked().trim().to_string(),
            grid_id: Some(grid.get_untracked()).filter(|g| !g.is_empty()),
            address: Some(address.get_untracked().trim().to_string()).filter(|a| !a.is_empty()),
            active: active.get_untracked(),
            birth_year: touched.then_some(birth_year),
        };
        let me = data.session().map(|s| s.user_id).unwrap_or_default();
        let mut given = vec![Role::Resident];
        given.extend(roles.get_untracked());
        let mut problems = check_user_update(&update, &id.get_value(), &me);
        if !typed_year.is_empty() && birth_year.is_none() {
            problems.push((
                "birth_year".to_string(),
                yizhan_core::validation::FieldProblem::NotANumber,
            ));
        }
        problems.extend(check_roles(&given, &id.get_value(), &me));
        saving.send(
            if problems.is_empty() {
                Ok((update, given))
            } else {
                Err(problems)
            },
            move |bench, token, (update, given)| async move {
                let id = id.get_value();
                bench.update_person(&token, &id, &update).await?;
                bench.set_roles(&token, &id, &given).await
            },
            move |saved| {
                note.set(Some((desk.get_untracked().person_saved)(&saved.name)));
                shown.update(|p| {
                    p.name = saved.name.clone();
                    p.roles = saved.roles.clone();
                    p.grid_id = saved.grid_id.clone();
                    p.address = saved.address.clone();
                    p.active = saved.active;
                    if touched {
                        p.birth_year = birth_year;
                    }
                });
                open.set(false);
            },
        );
    };
    let label = move |pick: fn(&'static DeskTexts) -> &'static str| {
        Signal::derive(move || pick(desk.get()).to_string())
    };
    view! {
        <form class="form desk-form" on:submit=submit novalidate data-testid="person-editor">
            <TextField name=format!("p-{uid}-name") label=label(|t| t.person_name) value=name problem=saving.problem("name") />
            <RoleChoices roles=roles problem=saving.problem("roles") name=format!("p-{uid}") />
            <GridSelect id=format!("p-{uid}-grid") label=label(|t| t.person_grid) value=grid
                none=label(|t| t.person_no_grid) problem=saving.problem("grid_id") />
            <TextField name=format!("p-{uid}-address") label=label(|t| t.person_address) value=address
                problem=saving.problem("address") />
            <TextField name=format!("p-{uid}-born") label=label(|t| t.person_birth_year) value=born
                problem=saving.problem("birth_year") input_mode="numeric" />
            <div class="field">
                <label class="choice">
                    <input type="checkbox" prop:checked=move || active.get()
                        on:change=move |ev| active.set(event_target_checked(&ev)) />
                    <span>{move || desk.get().person_active}</span>
                </label>
                <Show when=move || saving.problem("active").get().is_some()>
                    <p class="field__problem" role="alert">{move || saving.problem("active").get()}</p>
                </Show>
            </div>
            <SaveBar saving=saving cancel=Callback::new(move |_| open.set(false)) />
        </form>
    }
}
