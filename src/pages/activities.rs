//! 社区活动: this week's and next week's activities, the ones signed up for first, each
//! with where the person stands; and their sign-ups as a calendar file. What the device
//! last saw shows offline, and a sign-up made offline goes when the network is back.

use leptos::prelude::*;
use yizhan_core::activities::Activity;
use yizhan_core::schedule::{by_end_of_this_week, in_next_week};
use yizhan_core::sync::{failure, Env, Reference};

use crate::components::activity_card::ActivityCard;
use crate::components::empty_state::EmptyState;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::pages::sign_in_prompt::SignInPrompt;
use crate::platform::{browser_env::BrowserEnv, download};

/// What a card of `activity` shows, as a key: the card is built again when it changes,
/// and a sync that changes nothing of it keeps it (and a child's name being typed in it).
fn shown(activity: &Activity) -> String {
    format!(
        "{}/{}/{}/{}/{:?}",
        activity.id, activity.updated_at, activity.confirmed, activity.waitlisted, activity.mine
    )
}

/// A list of activity cards, `place` naming it (and keeping its cards' ids apart from
/// another list's on the page).
#[component]
fn Cards(list: Signal<Vec<Activity>>, place: &'static str) -> impl IntoView {
    view! {
        <div class="card-list" data-testid=format!("activities-{place}")>
            <For each=move || list.get() key=shown
                children=move |activity| view! { <ActivityCard activity=activity place=place /> } />
        </div>
    }
}

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let problem = RwSignal::new(None::<String>);
    let offered = move || data.abilities.with(|a| a.offers(Reference::Activities));
    let activities = move || data.snapshot.with(|s| s.activities().to_vec());
    // Signed up (a place, the line, or on its way), the person or a child.
    let is_mine = move |activity: &Activity| {
        data.snapshot.with(|s| {
            !activity.mine.is_empty()
                || s.queued_activity_signup(&activity.id, None) == Some(true)
                || !s.children_signed_up(&activity.id).is_empty()
        })
    };
    // Cancelled ones too: the person learns it here, and a refusal is read here.
    let mine = move || activities().into_iter().filter(is_mine).collect::<Vec<_>>();
    let week = move |this: bool| {
        let now = BrowserEnv.now_ms();
        let in_it = |starts_at: &str| {
            if this {
                by_end_of_this_week(starts_at, now)
            } else {
                in_next_week(starts_at, now)
            }
        };
        activities()
            .into_iter()
            .filter(|a| in_it(&a.starts_at))
            .filter(|a| !is_mine(a))
            .collect::<Vec<_>>()
    };

    let export = move |_| {
        problem.set(None);
        leptos::task::spawn_local(async move {
            match data.my_activity_calendar().await {
                Ok(Some(calendar)) => {
                    if !download::offer("yizhan-activities.ics", "text/calendar", &calendar) {
                        problem.set(Some(
                            texts.get_untracked().shift_calendar_not_saved.to_string(),
                        ))
                    }
                }
                Ok(None) => problem.set(Some(texts.get_untracked().not_offered_title.to_string())),
                Err(error) => problem.set(Some(failure(texts.get_untracked(), &error))),
            }
        });
    };
    view! {
        <h1>{move || texts.get().activities_title}</h1>
        <p class="lead">{move || texts.get().activities_lead}</p>
        <Show when=move || problem.get().is_some()>
            <p class="notice notice--warning" role="alert">{move || problem.get()}</p>
        </Show>
        <Show when=move || data.session().is_some() fallback=|| view! { <SignInPrompt /> }>
            <Show
                when=move || data.has(Reference::Activities)
                fallback=move || view! {
                    <EmptyState
                        title=Signal::derive(move || if offered() { texts.get().activities_empty } else { texts.get().not_offered_title })
                        hint=Signal::derive(move || if offered() { texts.get().activities_empty_hint } else { texts.get().activities_not_offered_hint })
                    />
                }
            >
                <Show when=move || activities().iter().any(is_mine)>
                    <h2>{move || texts.get().activity_mine}</h2>
                    <Cards list=Signal::derive(mine) place="mine" />
                    <button type="button" class="button button--secondary" on:click=export>
                        {move || texts.get().activity_calendar}
                    </button>
                </Show>
                <Show when=move || activities().is_empty()>
                    <EmptyState
                        title=Signal::derive(move || texts.get().activities_empty)
                        hint=Signal::derive(move || texts.get().activities_empty_hint)
                    />
                </Show>
                <h2>{move || texts.get().week_this}</h2>
                <Cards list=Signal::derive(move || week(true)) place="this-week" />
                <h2>{move || texts.get().week_next}</h2>
                <Cards list=Signal::derive(move || week(false)) place="next-week" />
            </Show>
        </Show>
    }
}
