//! The sync engine: writes go into the outbox with the order they concern, in one
//! transaction; `sync` delivers them in order and pulls what changed. Generic over store,
//! backend, transport and environment, so the same code runs in the browser and against
//! the simulated network of the tests.

use crate::lifecycle::{next_status, Action, Step};
use crate::model::{FiledBy, NewOrder, Order, OrderStatus};
use crate::order_form::{check_order, Problems};
use crate::sync::abilities::Abilities;
use crate::sync::account::Account;
use crate::sync::backend::{
    Attempt, Backend, BookingRequest, Fetched, Reference, ReferenceData, SignupRequest,
};
use crate::sync::backoff::delay_ms;
use crate::sync::changes::Changes;
use crate::sync::env::{rfc3339_local, Env};
use crate::sync::error::{StoreError, SyncError};
use crate::sync::held;
use crate::sync::http::Transport;
use crate::sync::inbox;
use crate::sync::outbox::{ready, Actor, EntryState, Operation, OutboxEntry, ParkReason};
use crate::sync::session::{Session, SessionUser};
use crate::sync::status::SyncSummary;
use crate::sync::store::{CachedReference, LocalOrder, MetaKey, Snapshot, Store, Write};
use crate::validation::check_transition_as;

/// Why a write was not queued.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SubmitError {
    /// By the form control each belongs to ([`crate::order_form::Problems`]).
    #[error("some fields need fixing")]
    Invalid(Problems),
    #[error("sign in first")]
    SignedOut,
    #[error("no such order on this device")]
    UnknownOrder,
    /// Filed at the community's counter or hotline: changed there, not from the app.
    #[error("this order is changed where it was filed")]
    FiledElsewhere,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why signing in did not finish.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The backend refused, or could not be reached: its words, by class.
    #[error(transparent)]
    Backend(#[from] SyncError),
    /// Signed in, but the device could not keep the session.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How a `sync` ended.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncReport {
    pub sent: usize,
    pub pulled: usize,
    /// The network or server failed; what is left waits for its next try.
    pub interrupted_by: Option<SyncError>,
}

/// The most pages of orders one pass reads (100,000 orders at the contract's 50 a page):
/// a backend that never stops handing out pages is stopped and the resident told.
pub const PAGES_PER_PASS: usize = 2000;

/// How long reference data (the community, the catalogue, grids, stations, the rota, the
/// volunteers) counts as fresh: a pass in between asks only for orders, so a phone that
/// syncs every minute and finds nothing new costs two small requests (orders and the
/// inbox), not nine. A pass asked for (`expedite`: "sync now", the network back) reads
/// everything.
pub const REFERENCE_FRESH_MS: i64 = 10 * 60 * 1000;

/// Inbox pages one sync pass pulls at most (of 200 items each).
const INBOX_PAGES_A_PASS: usize = 5;

/// How one sync pass is going: the first failure, to report, and how many requests in a
/// row failed on the network.
#[derive(Default)]
struct Pass {
    first_error: Option<SyncError>,
    network_failures_in_a_row: u32,
}

impl Pass {
    /// Takes one step's outcome; whether the pass stops here: the resident must sign in
    /// again, the server said when to come back (`Retry-After`: asking it more now only
    /// spends what it refused), or the network failed twice in a row.
    fn stops_at(&mut self, outcome: Result<(), SyncError>) -> bool {
        let Err(error) = outcome else {
            self.network_failures_in_a_row = 0;
            return false;
        };
        let stop = match &error {
            SyncError::Unauthorized
            | SyncError::Retry {
                retry_after: Some(_),
                ..
            } => true,
            SyncError::Network(_) => {
                self.network_failures_in_a_row += 1;
                self.network_failures_in_a_row >= 2
            }
            _ => {
                self.network_failures_in_a_row = 0;
                false
            }
        };
        if self.first_error.is_none() || matches!(error, SyncError::Unauthorized) {
            self.first_error = Some(error);
        }
        stop
    }
}

pub struct Engine<S, B, T, E> {
    store: S,
    backend: B,
    net: T,
    env: E,
    mirror: Snapshot,
    /// What changed in the mirror since [`Engine::take_changes`] was last called.
    changes: Changes,
    /// The next pass reads all reference data, fresh or not (set by `expedite`).
    refresh_all: bool,
    /// When the backend last said it has no such data (an extension it lacks): asked
    /// again only when that answer is no longer fresh, like data it has.
    not_offered: [Option<i64>; Reference::ALL.len()],
    /// The same for the inbox (a backend of the contract alone has none).
    inbox_not_offered: Option<i64>,
}

impl<S: Store, B: Backend, T: Transport, E: Env> Engine<S, B, T, E> {
    /// Opens the device's data. Entries a crash left "in flight" go back to pending, to
    /// be resent: the server recognises a resend by its ids. They count as tried, since
    /// they may have reached it (a backend without idempotent create looks first).
    pub async fn open(store: S, backend: B, net: T, env: E) -> Result<Self, StoreError> {
        let mirror = store.load().await?;
        let mut engine = Engine {
            changes: Changes::everything(),
            store,
            backend,
            net,
            env,
            mirror,
            refresh_all: false,
            not_offered: [None; Reference::ALL.len()],
            inbox_not_offered: None,
        };
        let recovered: Vec<Write> = engine
            .mirror
            .outbox
            .values()
            .filter(|entry| entry.state == EntryState::InFlight)
            .map(|entry| {
                Write::PutEntry(OutboxEntry {
                    state: EntryState::Pending,
                    attempts: entry.attempts + 1,
                    ..entry.clone()
                })
            })
            .collect();
        engine.commit(recovered).await?;
        Ok(engine)
    }

    pub fn snapshot(&self) -> &Snapshot {
        &self.mirror
    }

    /// What changed in [`Engine::snapshot`] since the last call (everything, the first
    /// time), for the one screen layer that keeps a copy and brings it up to date with
    /// [`Snapshot::catch_up`]: a sync that changed no order costs such a copy nothing.
    pub fn take_changes(&mut self) -> Changes {
        std::mem::take(&mut self.changes)
    }

    pub fn summary(&self) -> SyncSummary {
        SyncSummary::of(&self.mirror)
    }

    pub fn session(&self) -> Option<Session> {
        self.mirror
            .meta
            .get(&MetaKey::Session)
            .and_then(|json| serde_json::from_str(json).ok())
    }

    /// Signing in again resumes a queue a 401 paused; signing out keeps the outbox (the
    /// app asks before dropping unsent orders, see `discard_unsent`). Someone else
    /// signing in on the device sees nothing of the last user's; what the last user had
    /// not sent yet is set aside for them, never sent under the new name and never lost,
    /// and given back when they sign in here again ([`crate::sync::held`]).
    pub async fn set_session(&mut self, session: Option<&Session>) -> Result<(), StoreError> {
        let Some(session) = session else {
            return self.commit(vec![Write::DeleteMeta(MetaKey::Session)]).await;
        };
        let json =
            serde_json::to_string(session).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        // What another tab queued since counts too: it must not go out under a new name.
        self.reload().await?;
        let mut writes = Vec::new();
        // Someone else on this phone: nothing of the last user's is theirs to see, and
        // nothing the last user queued may go out under their name.
        let previous = self
            .mirror
            .meta
            .get(&MetaKey::Owner)
            .cloned()
            .or_else(|| self.session().map(|earlier| earlier.user_id));
        if let Some(previous) = previous.filter(|previous| *previous != session.user_id) {
            writes.extend(self.mirror.orders.keys().cloned().map(Write::DeleteOrder));
            writes.extend(self.mirror.outbox.keys().copied().map(Write::DeleteEntry));
            writes.extend(
                self.mirror
                    .references
                    .keys()
                    .copied()
                    .map(Write::DeleteReference),
            );
            writes.extend(
                [
                    MetaKey::OrdersCursor,
                    MetaKey::LastSyncedAt,
                    MetaKey::LastError,
                    MetaKey::InboxItems,
                    MetaKey::InboxCursor,
                    MetaKey::InboxReads,
                ]
                .map(Write::DeleteMeta),
            );
            // Applied after the deletions above: what is given back stays.
            writes.extend(held::switch(&self.mirror, &previous, &session.user_id));
        }
        writes.push(Write::PutMeta(MetaKey::Owner, session.user_id.clone()));
        writes.push(Write::PutMeta(MetaKey::Session, json));
        self.commit(writes).await
    }

    /// What the backend lets the app offer.
    pub fn abilities(&self) -> Abilities {
        self.backend.abilities()
    }

    /// The engine's backend and network for sign-in, codes and the calendar, to use
    /// while the engine itself is busy with a sync pass.
    pub fn account(&self) -> Account<B, T>
    where
        B: Clone,
        T: Clone,
    {
        Account {
            backend: self.backend.clone(),
            net: self.net.clone(),
        }
    }

    /// Asks the backend for a sign-in code for `phone`; `Some(code)` where a demo server
    /// hands it back. Online only, never queued: a code is good for minutes.
    pub async fn request_code(&self, phone: &str) -> Result<Option<String>, SyncError> {
        self.backend.request_code(&self.net, phone).await
    }

    /// Signs in with `phone` and the code or password, and keeps the session (see
    /// [`Engine::set_session`] for whose queue that opens).
    pub async fn sign_in(
        &mut self,
        phone: &str,
        secret: &str,
    ) -> Result<SessionUser, AccountError> {
        let (session, user) = self.backend.sign_in(&self.net, phone, secret).await?;
        self.set_session(Some(&session)).await?;
        Ok(user)
    }

    /// Signs out, all at once: with `discard_unsent`, what was not sent goes too (the
    /// resident confirmed); otherwise it stays for their next sign-in.
    pub async fn sign_out(&mut self, discard_unsent: bool) -> Result<(), StoreError> {
        let mut writes = if discard_unsent {
            self.unsent_writes()
        } else {
            Vec::new()
        };
        writes.push(Write::DeleteMeta(MetaKey::Session));
        self.commit(writes).await
    }

    /// The signed-in person's shifts as an iCalendar file; `None` where the backend keeps
    /// no calendar.
    pub async fn calendar(&self) -> Result<Option<String>, SyncError> {
        let session = self.session().ok_or(SyncError::Unauthorized)?;
        self.backend.calendar(&self.net, &session.token).await
    }

    /// Forgets what was not sent (the resident chose so when signing out).
    pub async fn discard_unsent(&mut self) -> Result<(), StoreError> {
        let writes = self.unsent_writes();
        self.commit(writes).await
    }

    /// Deleting every queued entry and every order the server has not acknowledged.
    fn unsent_writes(&self) -> Vec<Write> {
        let mut writes: Vec<Write> = self
            .mirror
            .outbox
            .keys()
            .map(|seq| Write::DeleteEntry(*seq))
            .collect();
        writes.extend(
            self.mirror
                .orders
                .values()
                .filter(|order| !order.acknowledged)
                .map(|order| Write::DeleteOrder(order.order.id.clone())),
        );
        writes
    }

    /// Lets go of a parked entry once its reason was read (someone else was quicker, the
    /// server refused). A step's followers that waited on it go ahead; an order the server
    /// never took goes with everything queued about it.
    pub async fn dismiss(&mut self, seq: u64) -> Result<(), StoreError> {
        let Some(entry) = self.mirror.outbox.get(&seq).filter(|e| e.is_parked()) else {
            return Ok(());
        };
        let mut writes = vec![Write::DeleteEntry(seq)];
        // The last word about an order that is gone: the order goes too.
        if let Some(order_id) = entry.operation.order_id() {
            let others = self
                .mirror
                .outbox
                .values()
                .any(|e| e.seq != seq && e.operation.order_id() == Some(order_id));
            if !others
                && self
                    .mirror
                    .orders
                    .get(order_id)
                    .is_some_and(|o| o.order.deleted)
            {
                writes.push(Write::DeleteOrder(order_id.to_string()));
            }
        }
        if let Operation::CreateOrder { order_id: id, .. } = &entry.operation {
            let subject = entry.operation.subject();
            writes.extend(
                self.mirror
                    .outbox
                    .values()
                    .filter(|later| later.seq != seq && later.operation.subject() == subject)
                    .map(|later| Write::DeleteEntry(later.seq)),
            );
            if self.mirror.orders.get(id).is_some_and(|o| !o.acknowledged) {
                writes.push(Write::DeleteOrder(id.clone()));
            }
        } else {
            // What waited behind it is weighed again against the order as it now is:
            // gone with a deleted order, parked if it no longer applies, else sent.
            let now = self.env.now_ms();
            let session = self.session();
            let order = entry
                .operation
                .order_id()
                .and_then(|id| self.mirror.orders.get(id));
            writes.extend(
                self.mirror
                    .outbox
                    .values()
                    .filter(|later| {
                        later.state == EntryState::Parked(ParkReason::Blocked { by: seq })
                    })
                    .map(|later| {
                        let action = match &later.operation {
                            Operation::Transition { request, .. } => Some(request.action),
                            _ => None,
                        };
                        let state = match (order, action, &session) {
                            (Some(order), _, _) if order.order.deleted => {
                                return Write::DeleteEntry(later.seq)
                            }
                            (Some(order), Some(action), Some(session))
                                if !still_applies(session, &order.order, action) =>
                            {
                                EntryState::Parked(ParkReason::Overtaken {
                                    status: order.order.status,
                                    by: Actor::last_on(&order.order),
                                })
                            }
                            _ => EntryState::Pending,
                        };
                        Write::PutEntry(OutboxEntry {
                            state,
                            next_try_at: now,
                            ..later.clone()
                        })
                    }),
            );
        }
        self.commit(writes).await
    }

    /// Re-reads the store, taking in what another tab wrote: only where something else
    /// may have written it ([`Store::may_have_changed_elsewhere`]).
    pub async fn reload(&mut self) -> Result<(), StoreError> {
        if !self.store.may_have_changed_elsewhere() {
            return Ok(());
        }
        let loaded = self.store.load().await?;
        // Another tab may have written; what, the store cannot say.
        if loaded != self.mirror {
            self.mirror = loaded;
            self.changes = Changes::everything();
        }
        Ok(())
    }

    async fn commit(&mut self, writes: Vec<Write>) -> Result<(), StoreError> {
        if writes.is_empty() {
            return Ok(());
        }
        self.store.commit(writes.clone()).await?;
        self.mirror.apply(&writes);
        self.changes.note(&writes);
        Ok(())
    }

    /// Assigns an entry its place in the queue: after everything queued on this device,
    /// and unlikely to collide with an entry another tab queued in the same millisecond.
    fn next_seq(&self) -> u64 {
        let last = self.mirror.outbox.keys().next_back().copied().unwrap_or(0);
        let now = u64::try_from(self.env.now_ms()).unwrap_or(0);
        let stamp = now * 1024 + (self.env.random_unit() * 1024.0) as u64;
        stamp.max(last + 1)
    }

    fn queue(&self, operation: Operation) -> OutboxEntry {
        let mut entry = OutboxEntry::new(operation, self.env.now_ms());
        entry.seq = self.next_seq();
        entry.owner = self.session().map(|session| session.user_id);
        entry
    }

    /// Queues a new order under the client's `id`, shown at once as waiting to be sent.
    pub async fn submit_order(&mut self, id: String, order: NewOrder) -> Result<(), SubmitError> {
        let session = self.session().ok_or(SubmitError::SignedOut)?;
        // The service's questions as this device last saw them: an order for a service
        // it does not know is checked on its own fields here, and whole by the server.
        let fields = order
            .service_id
            .as_deref()
            .and_then(|id| self.mirror.service(id))
            .map(|service| service.fields.clone())
            .unwrap_or_default();
        let problems = check_order(&fields, &order);
        if !problems.is_empty() {
            return Err(SubmitError::Invalid(problems));
        }
        let now = rfc3339_local(self.env.now_ms());
        // Filed for a resident (事务代办): theirs, not the filer's, though who they are on
        // the server is known only once it answers; until then the order is the filer's
        // to follow, never shown as the filer's own.
        let (owner_id, filed_by) = match (&order.on_behalf_of, order.channel) {
            (Some(_), Some(channel)) => (
                String::new(),
                Some(FiledBy {
                    id: session.user_id.clone(),
                    name: session.name.clone(),
                    channel,
                }),
            ),
            _ => (session.user_id.clone(), None),
        };
        let local = LocalOrder {
            order: Order {
                id: id.clone(),
                kind: order.kind,
                service_id: order.service_id.clone(),
                title: order.title.trim().to_string(),
                description: order.description.trim().to_string(),
                address: order.address.clone(),
                contact_phone: order.contact_phone.clone(),
                preferred_time: order.preferred_time.clone(),
                attributes: order.attributes.clone(),
                status: OrderStatus::Submitted,
                version: 0,
                owner_id,
                assignee: None,
                rating: None,
                created_at: now.clone(),
                updated_at: now,
                deleted: false,
                filed_by,
                timeline: Vec::new(),
            },
            acknowledged: false,
        };
        let entry = self.queue(Operation::CreateOrder {
            order_id: id,
            order,
        });
        self.commit(vec![Write::PutOrder(local), Write::PutEntry(entry)])
            .await?;
        Ok(())
    }

    /// Queues one lifecycle step on an order this device holds, checked as the server
    /// checks it; answers the step's id.
    pub async fn request_transition(
        &mut self,
        order_id: &str,
        step: Step,
    ) -> Result<String, SubmitError> {
        let session = self.session().ok_or(SubmitError::SignedOut)?;
        // How the person stands to the order decides some rules (its filer confirming for
        // its owner); an order this device does not hold is checked as its owner's.
        let actor = self
            .mirror
            .orders
            .get(order_id)
            .map(|local| session.actor_on(&local.order))
            .unwrap_or_default();
        let problems: Problems = check_transition_as(&step, actor)
            .into_iter()
            .map(|(field, problem)| (field.to_string(), problem))
            .collect();
        if !problems.is_empty() {
            return Err(SubmitError::Invalid(problems));
        }
        let Some(local) = self.mirror.orders.get(order_id) else {
            return Err(SubmitError::UnknownOrder);
        };
        if local.order.filed_elsewhere() {
            return Err(SubmitError::FiledElsewhere);
        }
        let id = self.env.new_id();
        let mut entry = self.queue(Operation::Transition {
            order_id: order_id.to_string(),
            request: step.request(id.clone()),
        });
        let subject = entry.operation.subject();
        if let Some(stuck) = self
            .mirror
            .outbox
            .values()
            .find(|earlier| earlier.is_parked() && earlier.operation.subject() == subject)
        {
            entry.state = EntryState::Parked(ParkReason::Blocked { by: stuck.seq });
        }
        self.commit(vec![Write::PutEntry(entry)]).await?;
        Ok(id)
    }

    /// Queues taking (`true`) or giving back a place on a shift.
    pub async fn request_shift_signup(
        &mut self,
        shift_id: &str,
        take: bool,
    ) -> Result<(), SubmitError> {
        self.session().ok_or(SubmitError::SignedOut)?;
        let entry = self.queue(Operation::ShiftSignup {
            shift_id: shift_id.to_string(),
            take,
        });
        self.commit(vec![Write::PutEntry(entry)]).await?;
        Ok(())
    }

    /// Queues signing up for an activity (`take`), the person themselves or `child`, or
    /// withdrawing that sign-up. A sign-up gets a fresh id here; a withdrawal goes under
    /// the id of the sign-up it gives back (one still waiting on the device, else the
    /// server's), and is not queued where there is nothing to give back.
    pub async fn request_activity_signup(
        &mut self,
        activity_id: &str,
        child_name: Option<&str>,
        take: bool,
    ) -> Result<(), SubmitError> {
        self.session().ok_or(SubmitError::SignedOut)?;
        let child_name = child_name.map(str::trim).filter(|name| !name.is_empty());
        let signup_id = if take {
            self.env.new_id()
        } else {
            match self.snapshot().signup_id_for(activity_id, child_name) {
                Some(id) => id,
                None => return Ok(()),
            }
        };
        let entry = self.queue(Operation::ActivitySignup {
            activity_id: activity_id.to_string(),
            signup: SignupRequest {
                signup_id,
                child_name: child_name.map(str::to_string),
                take,
            },
        });
        let mut writes = self.superseded(&entry);
        writes.push(Write::PutEntry(entry));
        self.commit(writes).await?;
        Ok(())
    }

    /// Queues booking the slot of thing `bookable_id` that starts at `starts_at` (RFC
    /// 3339), under an id made here. A refused booking of the same thing waiting to be
    /// read is let go: the resident chose anew.
    pub async fn request_booking(
        &mut self,
        bookable_id: &str,
        starts_at: &str,
    ) -> Result<(), SubmitError> {
        let booking_id = self.env.new_id();
        self.queue_booking(bookable_id, &booking_id, starts_at, true)
            .await
    }

    /// Queues cancelling booking `booking_id` of thing `bookable_id` (one still on its
    /// way too: the server cancels what it has, or nothing).
    pub async fn request_cancel_booking(
        &mut self,
        bookable_id: &str,
        booking_id: &str,
        starts_at: &str,
    ) -> Result<(), SubmitError> {
        self.queue_booking(bookable_id, booking_id, starts_at, false)
            .await
    }

    async fn queue_booking(
        &mut self,
        bookable_id: &str,
        booking_id: &str,
        starts_at: &str,
        take: bool,
    ) -> Result<(), SubmitError> {
        self.session().ok_or(SubmitError::SignedOut)?;
        let entry = self.queue(Operation::Booking {
            bookable_id: bookable_id.to_string(),
            booking: BookingRequest {
                booking_id: booking_id.to_string(),
                starts_at: starts_at.to_string(),
                take,
            },
        });
        let mut writes = self.superseded(&entry);
        if take {
            // A booking of the same thing refused (its slot went) is let go: the resident
            // chose anew. A cancellation waiting to be read stays.
            writes.extend(
                self.mirror
                    .outbox
                    .values()
                    .filter(|parked| parked.is_parked())
                    .filter(|parked| {
                        matches!(&parked.operation, Operation::Booking { bookable_id: id, booking }
                            if id == bookable_id && booking.take)
                    })
                    .map(|parked| Write::DeleteEntry(parked.seq)),
            );
        }
        writes.push(Write::PutEntry(entry));
        self.commit(writes).await?;
        Ok(())
    }

    /// Queues checking in whoever holds `code` at an activity's door, taken now: the
    /// door's list on this device says who it is at once, offline too.
    pub async fn request_check_in(
        &mut self,
        activity_id: &str,
        code: &str,
    ) -> Result<(), SubmitError> {
        self.session().ok_or(SubmitError::SignedOut)?;
        let entry = self.queue(Operation::CheckIn {
            activity_id: activity_id.to_string(),
            code: code.to_string(),
            at: crate::sync::env::rfc3339_local(self.env.now_ms()),
        });
        let mut writes = self.superseded(&entry);
        writes.push(Write::PutEntry(entry));
        self.commit(writes).await?;
        Ok(())
    }

    /// The entries queued after `after` about the same sign-up `from`, sent under `to`
    /// instead (none has started to go: they wait behind `after`).
    fn moved_to(&self, after: &OutboxEntry, from: &str, to: &str) -> Vec<Write> {
        let subject = after.operation.subject();
        self.mirror
            .outbox
            .values()
            .filter(|entry| entry.seq > after.seq && entry.state != EntryState::InFlight)
            .filter(|entry| entry.operation.subject() == subject)
            .filter_map(|entry| match &entry.operation {
                Operation::ActivitySignup {
                    activity_id,
                    signup,
                } if signup.signup_id == from => Some(Write::PutEntry(OutboxEntry {
                    operation: Operation::ActivitySignup {
                        activity_id: activity_id.clone(),
                        signup: SignupRequest {
                            signup_id: to.to_string(),
                            ..signup.clone()
                        },
                    },
                    ..entry.clone()
                })),
                _ => None,
            })
            .collect()
    }

    /// The parked entries about the same subject as `new` (the same person's sign-up,
    /// the same code at the door), let go of: the person asked again having read why the
    /// last one could not go, and a parked head would hold the new one up for ever.
    fn superseded(&self, new: &OutboxEntry) -> Vec<Write> {
        let subject = new.operation.subject();
        self.mirror
            .outbox
            .values()
            .filter(|entry| entry.is_parked() && entry.operation.subject() == subject)
            .map(|entry| Write::DeleteEntry(entry.seq))
            .collect()
    }

    /// Makes every waiting entry due now: the resident tapped "sync now", or the network
    /// just came back, so the backoff of failures while offline no longer applies. A
    /// server's `Retry-After` still does: a tap does not make the server ready sooner.
    pub async fn expedite(&mut self) -> Result<(), StoreError> {
        self.refresh_all = true;
        let now = self.env.now_ms();
        let writes = self
            .mirror
            .outbox
            .values()
            .filter_map(|entry| {
                let due = now.max(entry.not_before);
                (entry.state == EntryState::Pending && entry.next_try_at > due).then(|| {
                    Write::PutEntry(OutboxEntry {
                        next_try_at: due,
                        ..entry.clone()
                    })
                })
            })
            .collect();
        self.commit(writes).await
    }

    /// Sends what is due, then pulls orders and reference data. A store failure stops
    /// it at once (nothing is half-written); a network or server failure stops the
    /// sending, records the error and leaves the rest for the next try.
    pub async fn sync(&mut self) -> Result<SyncReport, StoreError> {
        let report = self.pass().await?;
        if report.interrupted_by != Some(SyncError::Unauthorized) {
            return Ok(report);
        }
        // An expired token the backend renews without asking the resident: once, then
        // the pass again (what waited on the 401 was left untouched).
        let Some(session) = self.session() else {
            return Ok(report);
        };
        let Ok(Some(renewed)) = self.backend.renew(&self.net, &session).await else {
            return Ok(report);
        };
        // Another tab may have renewed it, signed out or signed someone else in while
        // this one asked: only the session it renewed is replaced.
        self.reload().await?;
        match self.session() {
            Some(current) if current == session => self.set_session(Some(&renewed)).await?,
            Some(current) if current.user_id == session.user_id => {}
            _ => return Ok(report),
        }
        let again = self.pass().await?;
        Ok(SyncReport {
            sent: report.sent + again.sent,
            pulled: report.pulled + again.pulled,
            interrupted_by: again.interrupted_by,
        })
    }

    /// One pass: send what is due, pull, refresh reference data.
    async fn pass(&mut self) -> Result<SyncReport, StoreError> {
        self.reload().await?;
        let mut report = SyncReport::default();
        let Some(session) = self.session() else {
            return Ok(report);
        };
        // What another tab queued under someone else's name (it had not seen the switch
        // yet) is set aside for them, never sent under this session.
        let strays = held::strays(&self.mirror, &session.user_id);
        self.commit(strays).await?;
        // One failed request does not end the pass: on a flaky network the pull and each
        // reference list are tried too, so what can arrive does (the service list right
        // after signing in). The pass ends when the resident must sign in again, when the
        // server said when to come back, or when the network failed twice in a row: it is
        // down, and the next trigger tries again.
        let mut pass = Pass::default();
        let pushed = self.push(&session, &mut report).await?;
        if pass.stops_at(pushed) {
            return self.finish(report, pass.first_error).await;
        }
        let pulled = self.pull(&session, &mut report).await?;
        let pulled_fine = pulled.is_ok();
        if pass.stops_at(pulled) {
            return self.finish(report, pass.first_error).await;
        }
        // The server answered: what a failed send held up, and what waited out a backoff
        // for the network, goes now.
        if pulled_fine {
            self.wake().await?;
            let pushed = self.push(&session, &mut report).await?;
            if pass.stops_at(pushed) {
                return self.finish(report, pass.first_error).await;
            }
        }
        let refresh_all = std::mem::take(&mut self.refresh_all);
        let now = self.env.now_ms();
        for kind in Reference::ALL {
            if !kind.readable_by(&session) {
                continue;
            }
            let fresh_since = |at: i64| (0..REFERENCE_FRESH_MS).contains(&now.saturating_sub(at));
            let fresh = self
                .mirror
                .references
                .get(&kind)
                .map(|cached| cached.fetched_at)
                .or(self.not_offered[kind.index()])
                .is_some_and(fresh_since);
            if fresh && !refresh_all {
                continue;
            }
            let refreshed = self.refresh(&session, kind).await?;
            if pass.stops_at(refreshed) {
                return self.finish(report, pass.first_error).await;
            }
        }
        let lacks_inbox = self
            .inbox_not_offered
            .is_some_and(|at| (0..REFERENCE_FRESH_MS).contains(&now.saturating_sub(at)));
        let told = if lacks_inbox && !refresh_all {
            Ok(())
        } else {
            self.inbox(&session).await?
        };
        if pass.stops_at(told) {
            return self.finish(report, pass.first_error).await;
        }
        self.finish(report, pass.first_error).await
    }

    /// The inbox (issue 18): what was read here goes out, then what changed comes in.
    async fn inbox(&mut self, session: &Session) -> Result<Result<(), SyncError>, StoreError> {
        if !self.backend.abilities().has_inbox {
            return Ok(Ok(()));
        }
        // Held in a form this app cannot read (a store written by another version): let
        // go, and pulled again from the start.
        self.commit(inbox::unreadable(&self.mirror)).await?;
        let reads = inbox::reads_to_send(&self.mirror);
        if !reads.is_empty() {
            match self
                .backend
                .mark_read(&self.net, &session.token, &reads)
                .await
            {
                Ok(()) => {}
                // Refused for good (not the network, not a sign-in, not "later"): these
                // reads can never go, and must not hold up every pass.
                Err(SyncError::Rejected { status, .. })
                    if (400..500).contains(&status) && ![401, 408, 429].contains(&status) => {}
                Err(error) => return Ok(Err(error)),
            }
            // Another tab may have read more meanwhile: taken in before writing.
            self.reload().await?;
            self.commit(inbox::reads_sent(&self.mirror, &reads)).await?;
        }
        // A few pages a pass: a device back after weeks catches up over the next passes.
        for _ in 0..INBOX_PAGES_A_PASS {
            let since = self.mirror.meta.get(&MetaKey::InboxCursor).cloned();
            let page = match self
                .backend
                .inbox(&self.net, &session.token, since.as_deref())
                .await
            {
                Ok(Some(page)) => page,
                // None here, or an extension this server lacks: asked again later.
                Ok(None) | Err(SyncError::Rejected { status: 404, .. }) => {
                    self.inbox_not_offered = Some(self.env.now_ms());
                    return Ok(Ok(()));
                }
                Err(error) => return Ok(Err(error)),
            };
            self.commit(inbox::merged(&self.mirror, &page)).await?;
            if !page.has_more {
                break;
            }
        }
        Ok(Ok(()))
    }

    /// Items `ids` read on this device: read at once here, and on the person's other
    /// devices once the next sync tells the server.
    pub async fn mark_read(&mut self, ids: &[String]) -> Result<(), StoreError> {
        self.reload().await?;
        let writes = inbox::read_here(&self.mirror, ids);
        self.commit(writes).await
    }

    /// Entries that wait out a backoff because the network failed are due again (never
    /// before a server's `Retry-After`): a request just went through.
    async fn wake(&mut self) -> Result<(), StoreError> {
        let now = self.env.now_ms();
        let writes: Vec<Write> = self
            .mirror
            .outbox
            .values()
            .filter_map(|entry| {
                entry.due_again(now).map(|due| {
                    Write::PutEntry(OutboxEntry {
                        next_try_at: due,
                        ..entry.clone()
                    })
                })
            })
            .collect();
        self.commit(writes).await
    }

    async fn finish(
        &mut self,
        mut report: SyncReport,
        error: Option<SyncError>,
    ) -> Result<SyncReport, StoreError> {
        let writes = match &error {
            None => vec![
                Write::PutMeta(MetaKey::LastSyncedAt, self.env.now_ms().to_string()),
                Write::DeleteMeta(MetaKey::LastError),
            ],
            Some(SyncError::Unauthorized) => vec![Write::PutMeta(
                MetaKey::LastError,
                "unauthorized".to_string(),
            )],
            Some(error) => vec![Write::PutMeta(MetaKey::LastError, error.to_string())],
        };
        self.commit(writes).await?;
        report.interrupted_by = error;
        Ok(report)
    }

    /// Delivers due entries one at a time until none is due or the network fails.
    async fn push(
        &mut self,
        session: &Session,
        report: &mut SyncReport,
    ) -> Result<Result<(), SyncError>, StoreError> {
        loop {
            let now = self.env.now_ms();
            let Some(entry) = ready(
                &self.mirror.outbox.values().cloned().collect::<Vec<_>>(),
                now,
            )
            .first()
            .map(|entry| (*entry).clone()) else {
                return Ok(Ok(()));
            };
            // The device already knows the order moved on (a pull while the step waited
            // out a backoff): the step waits with who was quicker, as after a 412, rather
            // than going out against the new version to be refused as a wrong move.
            if let Some(reason) = self.overtaken_here(session, &entry) {
                let parked = OutboxEntry {
                    state: EntryState::Parked(reason),
                    ..entry
                };
                let mut writes = self.block_followers(&parked);
                writes.push(Write::PutEntry(parked));
                self.commit(writes).await?;
                continue;
            }
            let in_flight = OutboxEntry {
                state: EntryState::InFlight,
                ..entry
            };
            self.commit(vec![Write::PutEntry(in_flight.clone())])
                .await?;
            let outcome = self.deliver(session, &in_flight).await;
            match outcome {
                Ok(writes) => {
                    self.commit(writes).await?;
                    report.sent += 1;
                    // One success shows the way is open: the others need not sit out
                    // their backoff.
                    self.wake().await?;
                }
                Err(error) => {
                    let stop = self.settle_failure(session, in_flight, &error).await?;
                    if stop {
                        return Ok(Err(error));
                    }
                }
            }
        }
    }

    /// Why a step can no longer go, judged on the order as the device holds it from the
    /// server: `None` when it still applies (or the device has no server copy yet).
    fn overtaken_here(&self, session: &Session, entry: &OutboxEntry) -> Option<ParkReason> {
        let Operation::Transition { order_id, request } = &entry.operation else {
            return None;
        };
        let local = self.mirror.orders.get(order_id)?;
        // Its own id on the timeline: the step went through and only its answer was
        // lost; the server answers the resend from its record.
        let applied = local.order.timeline.iter().any(|e| e.id == request.id);
        if !local.acknowledged || applied || still_applies(session, &local.order, request.action) {
            return None;
        }
        Some(ParkReason::Overtaken {
            status: local.order.status,
            by: Actor::last_on(&local.order),
        })
    }

    /// Sends one entry; on success, the writes that acknowledge it.
    async fn deliver(
        &self,
        session: &Session,
        entry: &OutboxEntry,
    ) -> Result<Vec<Write>, SyncError> {
        let token = session.token.as_str();
        let mut writes = vec![Write::DeleteEntry(entry.seq)];
        match &entry.operation {
            Operation::CreateOrder { order_id, order } => {
                // Every failure that counts a try may have reached the server; a refusal
                // or a 401 parks or pauses the entry without counting.
                let attempt = Attempt {
                    maybe_sent: entry.attempts > 0,
                    queued_at: entry.created_at,
                    owner_id: session.user_id.clone(),
                };
                let answer = self
                    .backend
                    .create_order(&self.net, token, order_id, order, attempt)
                    .await?;
                writes.extend(self.take_order(answer));
            }
            Operation::Transition { order_id, request } => {
                let version = self
                    .mirror
                    .orders
                    .get(order_id)
                    .map_or(0, |local| local.order.version);
                let answer = self
                    .backend
                    .transition(&self.net, token, order_id, version, request)
                    .await?;
                writes.extend(self.take_order(answer));
            }
            Operation::ShiftSignup { shift_id, take } => {
                let shift = self
                    .backend
                    .shift_signup(&self.net, token, shift_id, *take)
                    .await?;
                writes.extend(self.patched(Reference::Shifts, |data| {
                    if let ReferenceData::Shifts(shifts) = data {
                        for known in shifts.iter_mut().filter(|s| s.id == shift.id) {
                            *known = shift.clone();
                        }
                    }
                }));
            }
            Operation::ActivitySignup {
                activity_id,
                signup,
            } => {
                let activity = self
                    .backend
                    .activity_signup(&self.net, token, activity_id, signup)
                    .await?;
                // The person was signed up already, under another device's id: what
                // waits behind this word about them goes under that id.
                let kept = activity.mine_for(signup.child_name.as_deref());
                if let Some(kept) = kept.filter(|kept| signup.take && kept.id != signup.signup_id) {
                    writes.extend(self.moved_to(entry, &signup.signup_id, &kept.id));
                }
                writes.extend(self.patched(Reference::Activities, |data| {
                    if let ReferenceData::Activities(list) = data {
                        for known in list.iter_mut().filter(|a| a.id == activity.id) {
                            *known = activity.clone();
                        }
                    }
                }));
            }
            Operation::Booking {
                bookable_id,
                booking,
            } => {
                let thing = self
                    .backend
                    .book(&self.net, token, bookable_id, booking)
                    .await?;
                writes.extend(self.patched(Reference::Bookables, |data| {
                    if let ReferenceData::Bookables(things) = data {
                        for known in things.iter_mut().filter(|t| t.id == thing.id) {
                            *known = thing.clone();
                        }
                    }
                }));
            }
            Operation::CheckIn {
                activity_id,
                code,
                at,
            } => {
                let checked = self
                    .backend
                    .check_in(&self.net, token, activity_id, code, at)
                    .await?;
                writes.extend(self.patched(Reference::Door, |data| {
                    if let ReferenceData::Door(lists) = data {
                        let signups = lists
                            .iter_mut()
                            .filter(|list| list.activity.id == *activity_id)
                            .flat_map(|list| list.signups.iter_mut());
                        for known in signups.filter(|s| s.id == checked.id) {
                            *known = checked.clone();
                        }
                    }
                }));
            }
        }
        Ok(writes)
    }

    /// The write that keeps a held reference list with a server's answer patched in, if
    /// the device holds that list. Patched, it is no longer the list its ETag names: the
    /// tag goes, so the next read takes the list whole. Kept, a list the server brought
    /// back to where it was (a sign-up given back on another phone) would answer 304 and
    /// the patch would stand.
    fn patched(&self, kind: Reference, patch: impl FnOnce(&mut ReferenceData)) -> Option<Write> {
        let mut cached = self.mirror.references.get(&kind).cloned()?;
        patch(&mut cached.data);
        cached.etag = None;
        Some(Write::PutReference(kind, cached))
    }

    /// The writes that take the server's version of an order: never an older version
    /// over a newer one. A tombstone removes the order, unless steps about it still
    /// wait on the device: then its last copy stays, marked gone, and the steps are
    /// parked with their reason until read (a volunteer whose claim came second learns
    /// who was quicker even as the wish leaves their sight).
    fn take_order(&self, order: Order) -> Vec<Write> {
        if order.deleted {
            // Not the step in flight: a tombstone in answer to it is its acknowledgement.
            let waiting: Vec<&OutboxEntry> = self
                .mirror
                .outbox
                .values()
                .filter(|entry| entry.operation.order_id() == Some(order.id.as_str()))
                .filter(|entry| entry.state != EntryState::InFlight)
                .collect();
            let Some(local) = self
                .mirror
                .orders
                .get(&order.id)
                .filter(|_| !waiting.is_empty())
            else {
                return vec![Write::DeleteOrder(order.id)];
            };
            let mut writes = vec![Write::PutOrder(LocalOrder {
                order: Order {
                    deleted: true,
                    ..local.order.clone()
                },
                acknowledged: local.acknowledged,
            })];
            writes.extend(waiting.into_iter().filter(|e| !e.is_parked()).map(|entry| {
                Write::PutEntry(OutboxEntry {
                    state: EntryState::Parked(ParkReason::Deleted),
                    ..entry.clone()
                })
            }));
            return writes;
        }
        let newer = self
            .mirror
            .orders
            .get(&order.id)
            .is_none_or(|local| !local.acknowledged || local.order.version <= order.version);
        if newer {
            vec![Write::PutOrder(LocalOrder {
                order,
                acknowledged: true,
            })]
        } else {
            Vec::new()
        }
    }

    /// An order the backend lists has arrived, whatever became of its create's answer:
    /// the create waiting to go again (its answer was lost, or the backend could not
    /// confirm it) is done, and what waited behind it goes. A create in flight is left
    /// to its own answer.
    fn arrived(&self, order_id: &str) -> Vec<Write> {
        let now = self.env.now_ms();
        let mut writes = Vec::new();
        for create in self.mirror.outbox.values().filter(|entry| {
            entry.state != EntryState::InFlight
                && matches!(&entry.operation, Operation::CreateOrder { order_id: id, .. } if id == order_id)
        }) {
            writes.push(Write::DeleteEntry(create.seq));
            writes.extend(
                self.mirror
                    .outbox
                    .values()
                    .filter(|later| {
                        later.state == EntryState::Parked(ParkReason::Blocked { by: create.seq })
                    })
                    .map(|later| {
                        Write::PutEntry(OutboxEntry {
                            state: EntryState::Pending,
                            next_try_at: now,
                            ..later.clone()
                        })
                    }),
            );
        }
        writes
    }

    /// Records a failed send. Returns whether the pass should stop (the network or the
    /// server is down, or the resident must sign in).
    async fn settle_failure(
        &mut self,
        session: &Session,
        entry: OutboxEntry,
        error: &SyncError,
    ) -> Result<bool, StoreError> {
        let now = self.env.now_ms();
        let mut entry = OutboxEntry {
            state: EntryState::Pending,
            last_error: Some(error.to_string()),
            ..entry
        };
        let mut writes = Vec::new();
        entry.waits_for_network = false;
        let stop = match error {
            SyncError::Network(_) | SyncError::Retry { .. } | SyncError::BadResponse(_) => {
                entry.attempts += 1;
                let retry_after = match error {
                    SyncError::Retry { retry_after, .. } => *retry_after,
                    _ => None,
                };
                entry.next_try_at = now.saturating_add(delay_ms(
                    entry.attempts,
                    retry_after,
                    self.env.random_unit(),
                ));
                // Only a network failure is undone by a request that goes through; a
                // server that failed keeps its backoff.
                entry.waits_for_network = matches!(error, SyncError::Network(_));
                entry.not_before = retry_after
                    .map(|secs| {
                        now.saturating_add(
                            i64::try_from(secs.saturating_mul(1000)).unwrap_or(i64::MAX),
                        )
                    })
                    .unwrap_or(0);
                true
            }
            // Not the entry's fault: it waits, untouched, for the next sign-in.
            SyncError::Unauthorized => true,
            SyncError::Conflict { current } => {
                match (&entry.operation, current) {
                    (Operation::Transition { request, .. }, Some(current)) => {
                        writes.extend(self.take_order((**current).clone()));
                        if current.deleted {
                            entry.state = EntryState::Parked(ParkReason::Deleted);
                        } else if !still_applies(session, current, request.action) {
                            entry.state = EntryState::Parked(ParkReason::Overtaken {
                                status: current.status,
                                by: Actor::last_on(current),
                            });
                        }
                        // Otherwise the step still makes sense from where the order is
                        // now: it goes again at once, from the current version (and backs
                        // off should a server keep answering 412 all the same).
                        entry.attempts += 1;
                        if entry.attempts > 3 {
                            entry.next_try_at =
                                now + delay_ms(entry.attempts - 3, None, self.env.random_unit());
                        }
                    }
                    _ => {
                        // No current order to decide with: try again after a pull.
                        entry.attempts += 1;
                        entry.next_try_at =
                            now + delay_ms(entry.attempts, None, self.env.random_unit());
                    }
                }
                false
            }
            SyncError::Rejected {
                status,
                kind,
                message,
                fields,
            } => {
                entry.state = EntryState::Parked(ParkReason::Refused {
                    status: *status,
                    kind: kind.clone(),
                    message: message.clone(),
                    fields: fields.clone(),
                });
                // The slot went to someone else: the copy says so at once, so the next
                // free slot offered is not that one again.
                if let Operation::Booking {
                    bookable_id,
                    booking,
                } = &entry.operation
                {
                    if kind == "slot_full" {
                        writes.extend(self.patched(Reference::Bookables, |data| {
                            if let ReferenceData::Bookables(things) = data {
                                let slots = things
                                    .iter_mut()
                                    .filter(|thing| thing.id == *bookable_id)
                                    .flat_map(|thing| thing.slots.iter_mut());
                                for slot in slots.filter(|s| s.starts_at == booking.starts_at) {
                                    slot.left = 0;
                                }
                            }
                        }));
                    }
                }
                false
            }
            SyncError::Unsure(doubt) => {
                entry.state = EntryState::Parked(ParkReason::unsure(*doubt));
                false
            }
        };
        if entry.is_parked() {
            writes.extend(self.block_followers(&entry));
        }
        writes.push(Write::PutEntry(entry));
        self.commit(writes).await?;
        Ok(stop)
    }

    /// The later writes about the same subject as a parked entry wait on it, visibly.
    fn block_followers(&self, parked: &OutboxEntry) -> Vec<Write> {
        let subject = parked.operation.subject();
        self.mirror
            .outbox
            .values()
            .filter(|later| later.seq > parked.seq && !later.is_parked())
            .filter(|later| later.operation.subject() == subject)
            .map(|later| {
                Write::PutEntry(OutboxEntry {
                    state: EntryState::Parked(ParkReason::Blocked { by: parked.seq }),
                    ..later.clone()
                })
            })
            .collect()
    }

    /// Pulls every page of orders changed since the stored cursor. The cursor moves
    /// in the same transaction that stores the page.
    async fn pull(
        &mut self,
        session: &Session,
        report: &mut SyncReport,
    ) -> Result<Result<(), SyncError>, StoreError> {
        if !self.backend.lists_changes() {
            return self.pull_held(session, report).await;
        }
        // Paging always ends: where the backend says so, at a page that repeats the one
        // before it, and at the cap below.
        let mut previous: Option<Vec<(String, i64)>> = None;
        for _ in 0..PAGES_PER_PASS {
            let cursor = self.mirror.meta.get(&MetaKey::OrdersCursor).cloned();
            let page = match self
                .backend
                .orders_since(&self.net, &session.token, cursor.as_deref())
                .await
            {
                Ok(page) => page,
                Err(error) => return Ok(Err(error)),
            };
            let seen: Vec<(String, i64)> = page
                .items
                .iter()
                .map(|order| (order.id.clone(), order.version))
                .collect();
            if !seen.is_empty() && previous.as_ref() == Some(&seen) {
                // The backend answers past its end with its last page again (PageHelper's
                // "reasonable" mode, in most Java admin frameworks): the list has ended,
                // and the next pass reads it from the start.
                self.commit(vec![Write::DeleteMeta(MetaKey::OrdersCursor)])
                    .await?;
                return Ok(Ok(()));
            }
            previous = Some(seen);
            let mut writes = Vec::new();
            for order in page.items {
                report.pulled += 1;
                if !order.deleted {
                    writes.extend(self.arrived(&order.id));
                }
                writes.extend(self.take_order(order));
            }
            if let Some(next) = page.next_cursor {
                writes.push(Write::PutMeta(MetaKey::OrdersCursor, next));
            }
            self.commit(writes).await?;
            if !page.has_more {
                return Ok(Ok(()));
            }
        }
        // Where it got to is kept: the next pass goes on from there.
        Ok(Err(SyncError::BadResponse(format!(
            "the backend kept sending pages of orders: stopped after {PAGES_PER_PASS} in one sync"
        ))))
    }

    /// For a backend that cannot list changes: reads the orders the server has taken
    /// from this device again. Orders still waiting to be sent are not asked about.
    async fn pull_held(
        &mut self,
        session: &Session,
        report: &mut SyncReport,
    ) -> Result<Result<(), SyncError>, StoreError> {
        let held: Vec<Order> = self
            .mirror
            .orders
            .values()
            .filter(|local| local.acknowledged)
            .map(|local| local.order.clone())
            .collect();
        let changed = match self
            .backend
            .refresh_held(&self.net, &session.token, &held)
            .await
        {
            Ok(changed) => changed,
            Err(error) => return Ok(Err(error)),
        };
        let mut writes = Vec::new();
        for order in changed {
            report.pulled += 1;
            if !order.deleted {
                writes.extend(self.arrived(&order.id));
            }
            writes.extend(self.take_order(order));
        }
        self.commit(writes).await?;
        Ok(Ok(()))
    }

    async fn refresh(
        &mut self,
        session: &Session,
        kind: Reference,
    ) -> Result<Result<(), SyncError>, StoreError> {
        let held = self.mirror.references.get(&kind).cloned();
        let etag = held.as_ref().and_then(|cached| cached.etag.clone());
        let fetched = match self
            .backend
            .reference(&self.net, &session.token, kind, etag.as_deref())
            .await
        {
            Ok(fetched) => fetched,
            Err(SyncError::Rejected { status: 404, .. }) if kind.is_extension() => {
                self.not_offered[kind.index()] = Some(self.env.now_ms());
                return Ok(Ok(()));
            }
            Err(error) => return Ok(Err(error)),
        };
        let now = self.env.now_ms();
        let cached = match (fetched, held) {
            (Fetched::Fresh { data, etag }, _) => CachedReference {
                data,
                etag,
                fetched_at: now,
            },
            (Fetched::NotModified, Some(held)) => CachedReference {
                fetched_at: now,
                ..held
            },
            // A 304 for something this device does not hold: nothing to keep.
            (Fetched::NotModified, None) => return Ok(Ok(())),
            (Fetched::NotOffered, _) => {
                self.not_offered[kind.index()] = Some(now);
                return Ok(Ok(()));
            }
        };
        self.commit(vec![Write::PutReference(kind, cached)]).await?;
        Ok(Ok(()))
    }
}

/// Whether `action` by this user still makes sense from the order's current status.
fn still_applies(session: &Session, current: &Order, action: Action) -> bool {
    next_status(
        current.kind,
        current.status,
        action,
        session.actor_on(current),
    )
    .is_ok()
}
