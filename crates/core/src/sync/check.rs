//! The backend check: before any resident uses a backend, the engineer deploying it signs
//! in with a test account, and the app does what residents will do, on the profile of
//! `config.json`, through the same network (the app's `/check` page runs it in the
//! browser, CORS and proxies included). It signs in, reads the reference data, pulls
//! the orders to the end, files a test wish whose first answer it drops on purpose (so
//! the resend must find it rather than file it again), reads its preferred time back,
//! cancels it, and says in plain words what will and will not work.
//!
//! Nothing of the device's own data is touched: the check runs its own engine over an
//! in-memory store.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::i18n::Texts;
use crate::lifecycle::{Action, Step};
use crate::model::{NewOrder, OrderKind, OrderStatus};
use crate::sync::backend::{Attempt, Backend, Reference, ReferenceData};
use crate::sync::engine::{Engine, PAGES_PER_PASS};
use crate::sync::env::{rfc3339_local, Env};
use crate::sync::error::{Doubt, SyncError};
use crate::sync::explain::park_explanation;
use crate::sync::http::{HttpRequest, HttpResponse, Method, NetworkError, Transport};
use crate::sync::outbox::EntryState;
use crate::sync::profiles::client_side::instant_ms;
use crate::sync::profiles::Profile;
use crate::sync::store::MemoryStore;

/// How a finding bears on residents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Works,
    /// Works, with something residents will miss or notice.
    Limited,
    Fails,
}

/// One thing the check found.
#[derive(Clone, Debug, PartialEq)]
pub enum Finding {
    SignedIn {
        name: String,
    },
    SignInFailed(String),
    ReferenceRead {
        kind: Reference,
        items: usize,
    },
    ReferenceNotOffered(Reference),
    ReferenceFailed(Reference),
    Pulled {
        orders: usize,
        requests: usize,
    },
    PullFailed(String),
    /// The create's answer was dropped; the resend found the order: filed once.
    ResendFound,
    /// Filed more than once after a lost answer.
    ResendSentTwice(usize),
    /// The backend could not say whether it had the order: it waits for the resident.
    ResendUnconfirmed,
    /// The resend went through, but the backend lists nothing to count copies by.
    ResendUncounted,
    CreateFailed(String),
    WishesNotOffered,
    TimeKept,
    TimeChanged {
        sent: String,
        got: String,
    },
    StepTaken,
    StepRefused(String),
    StepsNotOffered,
    /// Orders the backend holds without the app's id (the counter's) are shown or not.
    CounterOrdersShown,
    CounterOrdersHidden,
    /// The test wish stays at the backend, cancelled.
    TestOrderLeft(String),
}

impl Finding {
    pub fn verdict(&self) -> Verdict {
        match self {
            Finding::SignedIn { .. }
            | Finding::ReferenceRead { .. }
            | Finding::Pulled { .. }
            | Finding::ResendFound
            | Finding::TimeKept
            | Finding::StepTaken
            | Finding::CounterOrdersShown
            | Finding::TestOrderLeft(_) => Verdict::Works,
            Finding::ReferenceNotOffered(_)
            | Finding::ResendUnconfirmed
            | Finding::ResendUncounted
            | Finding::WishesNotOffered
            | Finding::StepsNotOffered
            | Finding::CounterOrdersHidden
            | Finding::StepRefused(_) => Verdict::Limited,
            Finding::SignInFailed(_)
            | Finding::ReferenceFailed(_)
            | Finding::PullFailed(_)
            | Finding::ResendSentTwice(_)
            | Finding::CreateFailed(_)
            | Finding::TimeChanged { .. } => Verdict::Fails,
        }
    }

    /// The finding in the engineer's language.
    pub fn describe(&self, texts: &Texts) -> String {
        let check = texts.check;
        match self {
            Finding::SignedIn { name } => (check.signed_in)(name),
            Finding::SignInFailed(why) => (check.sign_in_failed)(why),
            Finding::ReferenceRead { kind, items } => {
                (check.reference_read)((check.reference_name)(*kind), *items)
            }
            Finding::ReferenceNotOffered(kind) => {
                (check.reference_not_offered)((check.reference_name)(*kind))
            }
            Finding::ReferenceFailed(kind) => {
                (check.reference_failed)((check.reference_name)(*kind))
            }
            Finding::Pulled { orders, requests } => (check.pulled)(*orders, *requests),
            Finding::PullFailed(why) => (check.pull_failed)(why),
            Finding::ResendFound => check.resend_found.to_string(),
            Finding::ResendSentTwice(times) => (check.resend_twice)(*times),
            Finding::ResendUnconfirmed => check.resend_unconfirmed.to_string(),
            Finding::ResendUncounted => check.resend_uncounted.to_string(),
            Finding::CreateFailed(why) => (check.create_failed)(why),
            Finding::WishesNotOffered => check.wishes_not_offered.to_string(),
            Finding::TimeKept => check.time_kept.to_string(),
            Finding::TimeChanged { sent, got } => (check.time_changed)(sent, got),
            Finding::StepTaken => check.step_taken.to_string(),
            Finding::StepRefused(why) => (check.step_refused)(why),
            Finding::StepsNotOffered => check.steps_not_offered.to_string(),
            Finding::CounterOrdersShown => check.counter_shown.to_string(),
            Finding::CounterOrdersHidden => check.counter_hidden.to_string(),
            Finding::TestOrderLeft(title) => (check.test_order_left)(title),
        }
    }
}

/// What the check's transport saw, and the one answer it drops.
#[derive(Default)]
struct Log {
    requests: Cell<usize>,
    /// The next write carrying this marker goes through; its answer is dropped.
    drop_answer_of: RefCell<Option<String>>,
    marker: RefCell<String>,
}

/// The app's transport, counting, and dropping one answer on purpose.
struct Recorder<'a, T> {
    inner: &'a T,
    log: Rc<Log>,
}

impl<T: Transport> Transport for Recorder<'_, T> {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, NetworkError> {
        self.log.requests.set(self.log.requests.get() + 1);
        let marked = request.method != Method::Get
            && !self.log.marker.borrow().is_empty()
            && request
                .body
                .as_deref()
                .is_some_and(|body| body.contains(self.log.marker.borrow().as_str()));
        let drop_it = marked && self.log.drop_answer_of.borrow_mut().take().is_some();
        let answer = self.inner.send(request).await;
        if drop_it && answer.is_ok() {
            return Err(NetworkError::Timeout);
        }
        answer
    }
}

/// How many orders the backend lists with `marker` in their title, through every page.
async fn copies_listed<T: Transport>(
    profile: &Profile,
    net: &T,
    token: &str,
    marker: &str,
) -> Result<usize, SyncError> {
    let mut copies = 0;
    let mut cursor: Option<String> = None;
    for _ in 0..PAGES_PER_PASS {
        let page = profile.orders_since(net, token, cursor.as_deref()).await?;
        copies += page
            .items
            .iter()
            .filter(|order| order.title.contains(marker))
            .count();
        if !page.has_more {
            break;
        }
        cursor = page.next_cursor;
    }
    Ok(copies)
}

/// How many items a cached reference holds.
fn items(data: &ReferenceData) -> usize {
    match data {
        ReferenceData::Community(_) | ReferenceData::ServiceRecord(_) => 1,
        ReferenceData::Services(list) => list.len(),
        ReferenceData::Grids(list) => list.len(),
        ReferenceData::Stations(list) => list.len(),
        ReferenceData::Shifts(list) => list.len(),
        ReferenceData::Volunteers(list) => list.len(),
        ReferenceData::Notices(list) => list.len(),
        ReferenceData::Activities(list) => list.len(),
        ReferenceData::Door(lists) => lists.len(),
        ReferenceData::Bookables(list) => list.len(),
    }
}

/// Runs the check with a test account (`secret`: its password or the code it was sent).
pub async fn check_backend<T: Transport, E: Env>(
    profile: &Profile,
    net: &T,
    env: E,
    phone: &str,
    secret: &str,
    texts: &Texts,
) -> Vec<Finding> {
    let mut found = Vec::new();
    let abilities = profile.abilities();
    let session = match profile.sign_in(net, phone, secret).await {
        Ok((session, _)) => session,
        Err(error) => {
            found.push(Finding::SignInFailed(error.to_string()));
            return found;
        }
    };
    found.push(Finding::SignedIn {
        name: session.name.clone(),
    });
    let log = Rc::new(Log::default());
    let engine_net = Recorder {
        inner: net,
        log: log.clone(),
    };
    let id = env.new_id();
    let now = env.now_ms();
    let mut engine =
        match Engine::open(MemoryStore::default(), profile.clone(), engine_net, env).await {
            Ok(engine) => engine,
            Err(error) => {
                found.push(Finding::PullFailed(error.to_string()));
                return found;
            }
        };
    if let Err(error) = engine.set_session(Some(&session)).await {
        found.push(Finding::PullFailed(error.to_string()));
        return found;
    }

    // What residents see first: the community's data and their orders, to the end.
    match engine.sync().await {
        Ok(report) => match report.interrupted_by {
            None => found.push(Finding::Pulled {
                orders: engine.snapshot().orders.len(),
                requests: log.requests.get(),
            }),
            Some(error) => found.push(Finding::PullFailed(error.to_string())),
        },
        Err(error) => found.push(Finding::PullFailed(error.to_string())),
    }
    for kind in Reference::ALL {
        if !kind.readable_by(&session) || kind.is_extension() || kind == Reference::Volunteers {
            continue;
        }
        found.push(match engine.snapshot().references.get(&kind) {
            Some(cached) => Finding::ReferenceRead {
                kind,
                items: items(&cached.data),
            },
            None if !abilities.offers(kind) => Finding::ReferenceNotOffered(kind),
            None => Finding::ReferenceFailed(kind),
        });
    }
    #[cfg(feature = "mapped")]
    if let Profile::Mapped(mapped) = profile {
        found.push(if mapped.shows_counter_orders() {
            Finding::CounterOrdersShown
        } else {
            Finding::CounterOrdersHidden
        });
    }

    // A wish, its first answer lost on the way back: the resend must find it.
    if !abilities.takes_wishes {
        found.push(Finding::WishesNotOffered);
        return found;
    }
    let marker = format!(
        "check-{}",
        id.chars()
            .filter(char::is_ascii_hexdigit)
            .take(8)
            .collect::<String>()
    );
    let title = format!("{} {marker}", texts.check.test_title);
    // Tomorrow at ten, as a resident picks a time.
    let tomorrow_ten = rfc3339_local(
        now.saturating_sub(now.rem_euclid(86_400_000))
            .saturating_add(86_400_000 + 2 * 3_600_000),
    );
    let wish = NewOrder {
        kind: OrderKind::Wish,
        service_id: None,
        title: title.clone(),
        description: texts.check.test_description.to_string(),
        address: None,
        contact_phone: None,
        preferred_time: Some(tomorrow_ten.clone()),
        attributes: Default::default(),
        on_behalf_of: None,
        channel: None,
    };
    *log.marker.borrow_mut() = marker.clone();
    *log.drop_answer_of.borrow_mut() = Some(marker.clone());
    let recorder = Recorder {
        inner: net,
        log: log.clone(),
    };
    let first = Attempt {
        maybe_sent: false,
        queued_at: now,
        owner_id: session.user_id.clone(),
    };
    let token = session.token.as_str();
    // The first send arrives; its answer is dropped on the way back.
    if let Err(error) = profile
        .create_order(&recorder, token, &id, &wish, first.clone())
        .await
    {
        if !matches!(error, SyncError::Network(_)) {
            found.push(Finding::CreateFailed(error.to_string()));
            return found;
        }
    }
    // The resend, as the engine makes it after a lost answer.
    let again = Attempt {
        maybe_sent: true,
        ..first
    };
    match profile
        .create_order(&recorder, token, &id, &wish, again)
        .await
    {
        Ok(_) => {}
        Err(SyncError::Unsure(Doubt::UnconfirmedResend)) => {
            found.push(Finding::ResendUnconfirmed);
            found.push(Finding::TestOrderLeft(title));
            return found;
        }
        Err(error) => {
            found.push(Finding::CreateFailed(error.to_string()));
            return found;
        }
    }
    // How many copies the backend now lists (copies under one id would be one on a
    // device, which keeps orders by id: counted here from the list itself).
    if profile.lists_changes() {
        let copies = copies_listed(profile, &recorder, token, &marker).await;
        match copies {
            Ok(1) => found.push(Finding::ResendFound),
            Ok(0) => {
                found.push(Finding::CreateFailed(texts.check.not_listed.to_string()));
                return found;
            }
            Ok(n) => found.push(Finding::ResendSentTwice(n)),
            Err(error) => {
                found.push(Finding::CreateFailed(error.to_string()));
                return found;
            }
        }
    } else {
        // A backend that lists no changes (GeoReport): the copies cannot be counted.
        found.push(Finding::ResendUncounted);
    }
    let _ = engine.sync().await;
    let sent = engine
        .snapshot()
        .orders
        .get(&id)
        .filter(|local| local.acknowledged)
        .map(|local| local.order.clone());

    // Its preferred time, read back as the same moment.
    if let Some(order) = &sent {
        let got = order.preferred_time.clone().unwrap_or_default();
        if instant_ms(&got) == instant_ms(&tomorrow_ten) {
            found.push(Finding::TimeKept);
        } else {
            found.push(Finding::TimeChanged {
                sent: tomorrow_ten,
                got,
            });
        }
    }

    // A step: the resident cancels it.
    if !abilities.takes_steps {
        found.push(Finding::StepsNotOffered);
    } else {
        let note = texts.check.test_description;
        match engine
            .request_transition(&id, Step::new(Action::Cancel).noting(note))
            .await
        {
            Ok(_) => {
                let _ = engine.sync().await;
                let cancelled = engine
                    .snapshot()
                    .orders
                    .get(&id)
                    .is_some_and(|local| local.order.status == OrderStatus::Cancelled);
                match engine.snapshot().outbox.values().next() {
                    None if cancelled => found.push(Finding::StepTaken),
                    Some(entry) => found.push(Finding::StepRefused(match &entry.state {
                        EntryState::Parked(reason) => {
                            park_explanation(texts, &entry.operation, reason)
                        }
                        _ => entry.last_error.clone().unwrap_or_default(),
                    })),
                    None => found.push(Finding::StepRefused(String::new())),
                }
            }
            Err(error) => found.push(Finding::StepRefused(error.to_string())),
        }
    }
    found.push(Finding::TestOrderLeft(title));
    found
}
