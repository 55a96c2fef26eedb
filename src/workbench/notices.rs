//! The notices residents see on their home page: several, each between its dates, pinned
//! ones first. Read and written online (the server keeps every notice, past and future);
//! offline, the board as the device last synced it.

use leptos::prelude::*;
use yizhan_core::i18n::DeskTexts;
use yizhan_core::model::Notice;
use yizhan_core::routes::Desk;
use yizhan_core::schedule::local_minute_at;
use yizhan_core::sync::Env;
use yizhan_core::workbench::editor::notice::NoticeDraft;

use super::editing::{ListNote, SaveBar, Saving};
use super::frame::DeskFrame;
use super::use_desk_texts;
use crate::components::field::TextField;
use crate::data::use_data;
use crate::platform::browser_env::{now_ms, BrowserEnv};

#[component]
pub fn NoticesDesk() -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let notices = RwSignal::new(None::<Vec<Notice>>);
    let editing = RwSignal::new(None::<NoticeDraft>);
    let note = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let load = move || {
        leptos::task::spawn_local(async move {
            match data
                .ask_the_desk(|bench, token| async move { bench.all_notices(&token).await })
                .await
            {
                Ok(found) => {
                    problem.set(None);
                    notices.set(Some(found));
                }
                Err(_) => problem.set(Some(desk.get_untracked().notices_online_only.to_string())),
            }
        });
    };
    // Read when the page opens, and again when the device is back online.
    Effect::new(move || {
        if data.online.get() && data.session().is_some() {
            load();
        }
    });
    let closed = Callback::new(move |said: Option<String>| {
        editing.set(None);
        if said.is_some() {
            note.set(said);
            load();
        }
    });
    let add = move |_| {
        note.set(None);
        let today = local_minute_at(now_ms())
            .get(..10)
            .unwrap_or_default()
            .to_string();
        editing.set(Some(NoticeDraft::blank(&BrowserEnv.new_id(), &today)));
    };
    let take_down = move |notice: Notice| {
        note.set(None);
        leptos::task::spawn_local(async move {
            let id = notice.id.clone();
            match data
                .at_the_desk(|bench, token| async move { bench.delete_notice(&token, &id).await })
                .await
            {
                Ok(()) => {
                    note.set(Some((desk.get_untracked().notice_deleted)(&notice.title)));
                    load();
                }
                Err(not_saved) => problem.set(Some(not_saved.banner(desk.get_untracked()))),
            }
        });
    };
    // Offline, or when the server could not be read: the board as the device last
    // synced it (what residents see), said so by `problem`.
    let shown = move || {
        notices.get().or_else(|| {
            (problem.get().is_some() || !data.online.get())
                .then(|| data.notices_showing())
                .flatten()
        })
    };
    view! {
        <DeskFrame title=Signal::derive(move || desk.get().notices) lead=Signal::derive(move || desk.get().notices_lead)
            place=Desk::Notices>
            <ListNote note=note />
            <Show when=move || problem.get().is_some()>
                <p class="notice notice--warning" role="status">{move || problem.get()}</p>
            </Show>
            {move || match editing.get() {
                Some(draft) => view! { <NoticeEditor draft=draft closed=closed /> }.into_any(),
                None => view! {
                    <p>
                        <button type="button" class="button button--secondary" on:click=add>{move || desk.get().notice_new}</button>
                    </p>
                    {move || shown().map(|all| {
                        if all.is_empty() {
                            return view! { <p class="lead">{move || desk.get().notice_none}</p> }.into_any();
                        }
                        view! {
                            <ul class="desk-rows" data-testid="notices">
                                {all.into_iter().map(|notice| notice_row(notice, editing, take_down)).collect_view()}
                            </ul>
                        }
                        .into_any()
                    })}
                }
                .into_any(),
            }}
        </DeskFrame>
    }
}

fn notice_row(
    notice: Notice,
    editing: RwSignal<Option<NoticeDraft>>,
    take_down: impl Fn(Notice) + Copy + 'static,
) -> impl IntoView {
    let desk = use_desk_texts();
    let when = (notice.starts_on.clone(), notice.ends_on.clone());
    let pinned = notice.pinned;
    let title = notice.title.clone();
    let edit = {
        let notice = notice.clone();
        move |_| editing.set(Some(NoticeDraft::of(&notice)))
    };
    let down = {
        let notice = notice.clone();
        move |_| take_down(notice.clone())
    };
    view! {
        <li class="desk-row" data-testid="desk-notice">
            <div class="desk-row__what">
                <span class="desk-row__name">{notice.title.clone()}</span>
                <span class="service-meta">
                    {move || (desk.get().notice_when)(when.0.as_deref(), when.1.as_deref())}
                    {move || pinned.then(|| format!(" · {}", desk.get().notice_pinned))}
                </span>
            </div>
            <div class="desk-row__actions">
                <button type="button" class="button button--secondary" on:click=edit>
                    {move || desk.get().service_edit}<span class="visually-hidden">" "{title.clone()}</span>
                </button>
                <button type="button" class="button button--secondary" on:click=down>
                    {move || desk.get().notice_delete}<span class="visually-hidden">" "{notice.title.clone()}</span>
                </button>
            </div>
        </li>
    }
}

#[component]
fn NoticeEditor(draft: NoticeDraft, closed: Callback<Option<String>>) -> impl IntoView {
    let desk = use_desk_texts();
    let saving = Saving::new();
    let title = RwSignal::new(draft.title.clone());
    let body = RwSignal::new(draft.body.clone());
    let starts_on = RwSignal::new(draft.starts_on.clone());
    let ends_on = RwSignal::new(draft.ends_on.clone());
    let pinned = RwSignal::new(draft.pinned);
    let id = StoredValue::new(draft.id.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = NoticeDraft {
            id: id.get_value(),
            title: title.get_untracked(),
            body: body.get_untracked(),
            starts_on: starts_on.get_untracked(),
            ends_on: ends_on.get_untracked(),
            pinned: pinned.get_untracked(),
        };
        let notice_id = id.get_value();
        saving.send(
            typed.to_body(),
            move |bench, token, notice| async move {
                bench.put_notice(&token, &notice_id, &notice).await
            },
            move |saved| {
                // The page may have been left meanwhile: nothing to close then.
                let _ = closed.try_run(Some(format!(
                    "{} · {}",
                    saved.title,
                    desk.get_untracked().saved
                )));
            },
        );
    };
    let label = move |pick: fn(&'static DeskTexts) -> &'static str| {
        Signal::derive(move || pick(desk.get()).to_string())
    };
    view! {
        <form class="form desk-form" on:submit=submit novalidate data-testid="notice-editor">
            <TextField name="title" label=label(|t| t.notice_title) value=title problem=saving.problem("title") />
            <TextField name="body" label=label(|t| t.notice_body) value=body problem=saving.problem("body") multiline=true />
            <TextField name="starts_on" label=label(|t| t.notice_starts_on) value=starts_on problem=saving.problem("starts_on")
                input_type="date" />
            <TextField name="ends_on" label=label(|t| t.notice_ends_on) value=ends_on problem=saving.problem("ends_on")
                input_type="date" />
            <p class="service-meta">{move || desk.get().notice_dates_hint}</p>
            <label class="choice">
                <input type="checkbox" prop:checked=move || pinned.get() on:change=move |ev| pinned.set(event_target_checked(&ev)) />
                <span>{move || desk.get().notice_pinned}</span>
            </label>
            <SaveBar saving=saving cancel=closed />
        </form>
    }
}
