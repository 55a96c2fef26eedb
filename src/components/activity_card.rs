//! One activity as a resident sees it: what, when, where, who runs it, the places, and
//! where they (and each child they signed up) stand — a place with the code for the
//! door, the line, or a sign-up still on its way — with the one button that applies.
//!
//! Where someone stands is turned into what to show ([`Shown`]) and drawn by one
//! template: each distinct view is code in the download (BENCHMARKS.md).

use leptos::prelude::*;
use yizhan_core::activities::{
    check_signup, room_for_a_child, Activity, Audience, SignupBody, SignupState, Standing,
};
use yizhan_core::i18n::Texts;
use yizhan_core::schedule::local_minute;
use yizhan_core::sync::{submit_failure, Env};

use crate::components::check_in_pass::CheckInPass;
use crate::components::field::TextField;
use crate::components::parked_step::{explanation_id, DismissButton};
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::platform::browser_env::BrowserEnv;

/// What one person's standing shows: a line, the pass, a button.
struct Shown {
    /// The line, its class and its test id.
    note: Option<(String, &'static str, &'static str)>,
    pass: Option<(String, bool)>,
    /// The button's label, whether it signs up (else withdraws), and whether it is the
    /// page's main action.
    button: Option<(&'static str, bool, bool)>,
}

/// What `standing` shows, for an activity that takes sign-ups (`open`), has started,
/// and where a new sign-up would join the line; `child` when it is a child's.
fn shown(
    texts: &Texts,
    standing: Standing,
    open: bool,
    started: bool,
    in_line: bool,
    child: bool,
) -> Shown {
    let waiting = "delivery delivery--waiting";
    match standing {
        Standing::Out => Shown {
            note: None,
            pass: None,
            button: (open && !child).then(|| {
                let label = if in_line {
                    texts.activity_join_line
                } else {
                    texts.activity_sign_up
                };
                (label, true, true)
            }),
        },
        Standing::Sending => Shown {
            note: Some((
                texts.activity_sending.to_string(),
                waiting,
                "activity-sending",
            )),
            pass: None,
            // Changed one's mind before it went: the withdrawal follows it out.
            button: Some((texts.activity_withdraw, false, false)),
        },
        Standing::Withdrawing => Shown {
            note: Some((
                texts.activity_withdrawing.to_string(),
                waiting,
                "activity-withdrawing",
            )),
            pass: None,
            button: None,
        },
        Standing::Placed { code, checked_in } => Shown {
            note: Some((
                texts.activity_placed.to_string(),
                "delivery delivery--sent",
                "activity-placed",
            )),
            button: (!started && !checked_in).then_some((texts.activity_withdraw, false, false)),
            pass: Some((code, checked_in)),
        },
        Standing::InLine { position } => Shown {
            note: Some((
                (texts.activity_in_line)(position),
                waiting,
                "activity-in-line",
            )),
            pass: None,
            button: (!started).then_some((texts.activity_leave_line, false, false)),
        },
    }
}

/// Where the person (`child: None`) or one of their children stands, and the button.
#[component]
fn StandingLine(
    activity: Activity,
    child: Option<String>,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let now = BrowserEnv.now_ms();
    let open = activity.signup_open(now).is_ok();
    let started = activity.has_started(now);
    let in_line = activity.next_signup_goes() == SignupState::Waitlisted;
    let id = StoredValue::new(activity.id);
    let child = StoredValue::new(child);
    let send = move |take: bool| {
        problem.set(None);
        leptos::task::spawn_local(async move {
            let (id, child) = (id.get_value(), child.get_value());
            if let Err(error) = data
                .request_activity_signup(&id, child.as_deref(), take)
                .await
            {
                problem.set(Some(submit_failure(texts.get_untracked(), &error)));
            }
        });
    };
    view! {
        <div class="activity__standing" data-testid="activity-standing">
            {child.get_value().map(|name| view! { <p class="activity__who">{move || (texts.get().activity_for_child)(&name)}</p> })}
            {move || {
                let standing = data.snapshot
                    .with(|s| s.standing(&id.get_value(), child.get_value().as_deref()))
                    .unwrap_or(Standing::Out);
                let Shown { note, pass, button } =
                    shown(texts.get(), standing, open, started, in_line, child.get_value().is_some());
                view! {
                    {note.map(|(text, class, testid)| view! { <p class=class data-testid=testid>{text}</p> })}
                    {pass.map(|(code, checked_in)| view! { <CheckInPass code=code checked_in=checked_in /> })}
                    {button.map(|(label, take, main)| view! {
                        <button type="button" class=if main { "button" } else { "button button--secondary" }
                            on:click=move |_| send(take)>{label}</button>
                    })}
                }
            }}
        </div>
    }
}

/// A guardian signs a child up by name: the name is checked here as the server checks
/// it, said at the field, and kept as typed.
#[component]
fn ChildSignup(activity_id: String, problem: RwSignal<Option<String>>) -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let name = RwSignal::new(String::new());
    let name_problem = RwSignal::new(None::<String>);
    let field = format!("child-{activity_id}");
    let submit = move |_| {
        let body = SignupBody {
            child_name: Some(name.get_untracked()),
        };
        let already = data
            .snapshot
            .with_untracked(|s| s.children_signed_up(&activity_id).len());
        let checked = check_signup(Audience::ChildrenWithGuardian, &body).and_then(|child| {
            match room_for_a_child(already) {
                Some((field, problem)) => Err(vec![(field.to_string(), problem)]),
                None => Ok(child),
            }
        });
        match checked {
            Err(problems) => {
                let said = problems
                    .first()
                    .map(|(_, problem)| problem.localized(texts.get_untracked()));
                name_problem.set(said);
            }
            Ok(child) => {
                name_problem.set(None);
                problem.set(None);
                let id = activity_id.clone();
                leptos::task::spawn_local(async move {
                    match data
                        .request_activity_signup(&id, child.as_deref(), true)
                        .await
                    {
                        Ok(()) => name.set(String::new()),
                        Err(error) => {
                            problem.set(Some(submit_failure(texts.get_untracked(), &error)))
                        }
                    }
                });
            }
        }
    };
    view! {
        <div class="activity__child">
            <TextField name=field label=Signal::derive(move || texts.get().activity_child_name.to_string())
                value=name problem=Signal::derive(move || name_problem.get()) autocomplete="off" />
            <p class="field__hint">{move || texts.get().activity_child_hint}</p>
            <button type="button" class="button" on:click=submit>{move || texts.get().activity_sign_up_child}</button>
        </div>
    }
}

/// The chips of an activity: who it is for, cancelled, sign-up closed.
fn chips(texts: &Texts, activity: &Activity, now_ms: i64) -> Vec<&'static str> {
    let mut chips = Vec::new();
    match activity.audience {
        Audience::Elders => chips.push(texts.activity_for_elders),
        Audience::ChildrenWithGuardian => chips.push(texts.activity_for_children),
        Audience::Everyone => {}
    }
    if activity.cancelled {
        chips.push(texts.activity_cancelled);
    } else if activity.signup_open(now_ms).is_err() {
        chips.push(texts.activity_closed);
    }
    chips
}

/// One activity: what, when, where, the places, and where the person stands.
#[component]
pub fn ActivityCard(
    activity: Activity,
    #[prop(optional)] place: Option<&'static str>,
) -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    // The list the card is in: ids on the page stay unique whichever lists show it.
    let place = place.unwrap_or("activities");
    let problem = RwSignal::new(None::<String>);
    let now = BrowserEnv.now_ms();
    let whereabouts = activity
        .station_id
        .as_ref()
        .and_then(|station| {
            data.stations()
                .into_iter()
                .find(|s| &s.id == station)
                .map(|s| s.name)
        })
        .or_else(|| activity.address.clone())
        .unwrap_or_default();
    let for_children = activity.audience.names_a_child();
    let signup_open = activity.signup_open(now).is_ok();
    let card = StoredValue::new(activity);
    let id = move || card.with_value(|a| a.id.clone());
    let places = move || {
        card.with_value(|a| {
            if a.cancelled {
                String::new()
            } else if a.places_left() > 0 {
                (texts.get().activity_places)(a.places_left(), a.capacity)
            } else {
                (texts.get().activity_full)(a.waitlisted)
            }
        })
    };
    let parked = move || {
        data.snapshot.with(|s| {
            s.parked_activity_signups(&id())
                .into_iter()
                .map(|waiting| (waiting.seq(), waiting.why(texts.get()).unwrap_or_default()))
                .collect::<Vec<_>>()
        })
    };
    let children = move || data.snapshot.with(|s| s.children_signed_up(&id()));
    let (title, starts_at, ends_at, description) = card.with_value(|a| {
        (
            a.title.clone(),
            a.starts_at.clone(),
            a.ends_at.clone(),
            a.description.clone(),
        )
    });
    let ends = ends_at.get(11..16).unwrap_or("").to_string();
    view! {
        <article class="card activity" data-testid="activity" data-activity-id=id()>
            <h3 class="card__title">{title}</h3>
            <p><time datetime=starts_at.clone()>{local_minute(&starts_at)}</time>"–"{ends}</p>
            <p class="card__meta">
                {whereabouts}" · "{move || card.with_value(|a| (texts.get().activity_organiser)(&a.organiser))}
            </p>
            <p>{description}</p>
            <p class="card__meta activity__chips">
                {move || card.with_value(|a| chips(texts.get(), a, now)).into_iter()
                    .map(|chip| view! { <span class="status-chip">{chip}</span> }).collect_view()}
            </p>
            <p class="card__meta" data-testid="activity-places">{places}</p>
            <p class="notice notice--warning" role="alert" hidden=move || problem.get().is_none()>{move || problem.get()}</p>
            {move || parked().into_iter().map(|(seq, why)| view! {
                <p class="delivery delivery--attention" id=explanation_id(Some(place), seq)>{why}</p>
                <DismissButton seq=seq place=place />
            }).collect_view()}
            {(!for_children).then(|| view! { <StandingLine activity=card.get_value() child=None problem=problem /> })}
            {move || children().into_iter().map(|child| view! {
                <StandingLine activity=card.get_value() child=Some(child) problem=problem />
            }).collect_view()}
            {(for_children && signup_open).then(|| view! { <ChildSignup activity_id=id() problem=problem /> })}
        </article>
    }
}
