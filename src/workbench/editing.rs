//! What every workbench editor shares: the record it opens (a new one, or the one at the
//! page's address, `?id=`, so the back button closes it and the address can be shared),
//! and saving it — problems said at their fields, a banner when it did not go, nothing
//! typed lost.

use std::collections::BTreeMap;
use std::future::Future;

use leptos::prelude::*;
use yizhan_core::order_form::Problems;
use yizhan_core::routes::{Desk, Route};
use yizhan_core::sync::{SyncError, Workbench};

use super::{use_desk_texts, DeskWords};
use crate::data::{use_data, DataContext};
use crate::platform::fetch::FetchTransport;
use crate::router::{use_router, RouterContext};

/// What a workbench page shows.
pub enum Showing<D, T> {
    /// A new record being added.
    Adding(D),
    /// The record at the page's address, as the device held it when it opened.
    Editing(T),
    List,
}

/// The editing state of a list page of the workbench.
pub struct Editing<D: Send + Sync + 'static> {
    place: Desk,
    router: RouterContext,
    pub adding: RwSignal<Option<D>>,
    /// What the last change did, said above the list.
    pub note: RwSignal<Option<String>>,
    open_id: Memo<Option<String>>,
}

impl<D: Send + Sync + 'static> Clone for Editing<D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D: Send + Sync + 'static> Copy for Editing<D> {}

impl<D: Clone + Send + Sync + 'static> Editing<D> {
    pub fn new(place: Desk) -> Self {
        let router = use_router();
        Editing {
            place,
            router,
            adding: RwSignal::new(None),
            note: RwSignal::new(None),
            open_id: Memo::new(move |_| router.id()),
        }
    }

    /// Starts adding `draft`.
    pub fn add(&self, draft: D) {
        self.note.set(None);
        self.adding.set(Some(draft));
    }

    /// Closes the editor, saying `said` above the list when there is something to say.
    pub fn closed(&self) -> Callback<Option<String>> {
        let (adding, note, open_id, place) = (self.adding, self.note, self.open_id, self.place);
        let router = self.router;
        Callback::new(move |said: Option<String>| {
            adding.set(None);
            if open_id.get_untracked().is_some() {
                router.navigate_to(Route::Desk(place), None);
            }
            if said.is_some() {
                note.set(said);
            }
        })
    }

    /// What to show, tracking only what changes it: a record opens once on what the
    /// device holds (`find`), so a sync meanwhile keeps what is being typed.
    pub fn showing<T: 'static>(
        &self,
        find: impl Fn(&str) -> Option<T> + Copy + Send + Sync + 'static,
    ) -> impl Fn() -> Showing<D, T> + Copy {
        let (adding, open_id) = (self.adding, self.open_id);
        let known = Memo::new(move |_| open_id.get().is_some_and(|id| find(&id).is_some()));
        move || {
            if let Some(draft) = adding.get() {
                return Showing::Adding(draft);
            }
            if known.get() {
                if let Some(found) = untrack(|| open_id.get().and_then(|id| find(&id))) {
                    return Showing::Editing(found);
                }
            }
            Showing::List
        }
    }
}

/// Saving one record from an editor. Made in the editor's body: it holds the contexts
/// that the tap on Save, which runs outside any component, needs.
#[derive(Clone, Copy)]
pub struct Saving {
    problems: RwSignal<BTreeMap<String, String>>,
    banner: RwSignal<Option<String>>,
    pub busy: RwSignal<bool>,
    desk: DeskWords,
    data: DataContext,
}

impl Saving {
    pub fn new() -> Saving {
        Saving {
            problems: RwSignal::new(BTreeMap::new()),
            banner: RwSignal::new(None),
            busy: RwSignal::new(false),
            desk: use_desk_texts(),
            data: use_data(),
        }
    }

    /// What is wrong at `field` (`name`, `contacts[1].phone`), in the person's language.
    pub fn problem(&self, field: impl Into<String>) -> Signal<Option<String>> {
        let (problems, field) = (self.problems, field.into());
        Signal::derive(move || problems.with(|p| p.get(&field).cloned()))
    }

    /// Like [`Saving::problem`], for a field whose name moves (a row of a list).
    pub fn problem_at(
        &self,
        field: impl Fn() -> String + Send + Sync + 'static,
    ) -> Signal<Option<String>> {
        let problems = self.problems;
        Signal::derive(move || problems.with(|p| p.get(&field()).cloned()))
    }

    /// The first problem at `field` or within it (`fields[0].options` also shows what is
    /// wrong at `fields[0].options[2].label`: the options are typed in one box).
    pub fn problem_within(
        &self,
        field: impl Fn() -> String + Send + Sync + 'static,
    ) -> Signal<Option<String>> {
        let problems = self.problems;
        Signal::derive(move || {
            let field = field();
            let within = format!("{field}[");
            problems.with(|p| {
                p.iter()
                    .find(|(at, _)| **at == field || at.starts_with(&within))
                    .map(|(_, said)| said.clone())
            })
        })
    }

    /// Sends `record` as `change` does, or says at the fields why it cannot go; `done`
    /// runs once it is saved.
    pub fn send<T, R, F, Fut>(
        self,
        record: Result<T, Problems>,
        change: F,
        done: impl FnOnce(R) + 'static,
    ) where
        T: 'static,
        R: 'static,
        F: FnOnce(Workbench<FetchTransport>, String, T) -> Fut + 'static,
        Fut: Future<Output = Result<R, SyncError>>,
    {
        if self.busy.get_untracked() {
            return;
        }
        let (desk, data) = (self.desk, self.data);
        self.banner.set(None);
        self.problems.set(BTreeMap::new());
        let record = match record {
            Ok(record) => record,
            Err(found) => {
                let said = desk.texts_untracked();
                self.problems.set(
                    found
                        .into_iter()
                        .map(|(field, p)| (field, p.localized(said)))
                        .collect(),
                );
                self.banner
                    .set(Some(desk.get_untracked().fix_fields.to_string()));
                return;
            }
        };
        self.busy.set(true);
        leptos::task::spawn_local(async move {
            let outcome = data
                .at_the_desk(|bench, token| change(bench, token, record))
                .await;
            self.busy.set(false);
            match outcome {
                Ok(saved) => done(saved),
                Err(not_saved) => {
                    self.banner
                        .set(Some(not_saved.banner(desk.get_untracked())));
                    self.problems
                        .set(not_saved.at_fields(desk.texts_untracked()));
                }
            }
        });
    }
}

/// Why a change without a form of its own (a row's button) was not saved.
#[component]
pub fn NotSavedNote(saving: Saving) -> impl IntoView {
    let Saving { banner, .. } = saving;
    view! {
        <Show when=move || banner.get().is_some()>
            <p class="notice notice--warning" role="alert" data-testid="desk-not-saved">{move || banner.get()}</p>
        </Show>
    }
}

/// Below an editor: why it was not saved, Save and (where the editor can close) Cancel.
#[component]
pub fn SaveBar(
    saving: Saving,
    #[prop(optional)] cancel: Option<Callback<Option<String>>>,
) -> impl IntoView {
    let desk = use_desk_texts();
    let Saving { banner, busy, .. } = saving;
    view! {
        <Show when=move || banner.get().is_some()>
            <p class="notice notice--warning" role="alert" data-testid="desk-not-saved">{move || banner.get()}</p>
        </Show>
        <div class="desk-editor__actions">
            <button type="submit" class="button" prop:disabled=move || busy.get()>
                {move || if busy.get() { desk.get().saving } else { desk.get().save }}
            </button>
            {cancel.map(|cancel| view! {
                <button type="button" class="button button--secondary" prop:disabled=move || busy.get()
                    on:click=move |_| cancel.run(None)>
                    {move || desk.get().cancel}
                </button>
            })}
        </div>
    }
}

/// The note above a list: what the last change did.
#[component]
pub fn ListNote(note: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || note.get().is_some()>
            <p class="notice" role="status" data-testid="desk-saved">{move || note.get()}</p>
        </Show>
    }
}

/// What is wrong with a list as a whole (none, or too many periods, dates or runs), by
/// the list.
#[component]
pub fn ListProblem(problem: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || problem.get().is_some()>
            <p class="field__problem" role="alert">
                <span aria-hidden="true">"! "</span>
                {move || problem.get()}
            </p>
        </Show>
    }
}

/// Monday to Sunday as seven boxes, `days` the ticks; a tick goes to `set` (the day from
/// 0, on or off).
#[component]
pub fn WeekdayBoxes(days: Signal<[bool; 7]>, set: Callback<(usize, bool)>) -> impl IntoView {
    let desk = use_desk_texts();
    (0..7usize)
        .map(|day| {
            view! {
                <label class="choice">
                    <input type="checkbox" prop:checked=move || days.with(|d| d.get(day).copied().unwrap_or(false))
                        on:change=move |ev| set.run((day, event_target_checked(&ev))) />
                    <span>{move || desk.get().weekdays.get(day).copied().unwrap_or_default()}</span>
                </label>
            }
        })
        .collect_view()
}
