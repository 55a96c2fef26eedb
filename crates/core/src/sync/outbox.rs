//! The outbox: every write a resident makes waits here until the server acknowledged it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::model::{NewOrder, OrderStatus, Role, TransitionRequest};
use crate::sync::backend::{BookingRequest, SignupRequest};
use crate::sync::error::Doubt;

/// A write to deliver.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
// Externally tagged (serde's default): internally tagged enums make serde buffer every
// value, which measured 29 KiB gzip more wasm (BENCHMARKS.md).
#[serde(rename_all = "snake_case")]
pub enum Operation {
    CreateOrder {
        order_id: String,
        order: NewOrder,
    },
    Transition {
        order_id: String,
        request: TransitionRequest,
    },
    ShiftSignup {
        shift_id: String,
        take: bool,
    },
    /// Signing up for an activity (or a child), or withdrawing (issue 19).
    ActivitySignup {
        activity_id: String,
        signup: SignupRequest,
    },
    /// Booking a slot of a thing, or cancelling the booking (issue 19).
    Booking {
        bookable_id: String,
        booking: BookingRequest,
    },
    /// A code taken at an activity's door, at `at` (RFC 3339).
    CheckIn {
        activity_id: String,
        code: String,
        at: String,
    },
}

impl Operation {
    /// What the write is about. Writes about one subject go strictly in order, one at a
    /// time; writes about different subjects do not wait for each other.
    pub fn subject(&self) -> String {
        match self {
            Operation::CreateOrder { order_id, .. } | Operation::Transition { order_id, .. } => {
                format!("order:{order_id}")
            }
            Operation::ShiftSignup { shift_id, .. } => format!("shift:{shift_id}"),
            // Per person: one child's refused sign-up holds up nobody else's.
            Operation::ActivitySignup {
                activity_id,
                signup,
            } => format!(
                "activity:{activity_id}:{}",
                signup.child_name.as_deref().unwrap_or("")
            ),
            Operation::CheckIn {
                activity_id, code, ..
            } => format!("door:{activity_id}:{code}"),
            // Per booking: its cancellation waits for it, and nothing else does.
            Operation::Booking {
                bookable_id,
                booking,
            } => format!("booking:{bookable_id}:{}", booking.booking_id),
        }
    }

    pub fn order_id(&self) -> Option<&str> {
        match self {
            Operation::CreateOrder { order_id, .. } | Operation::Transition { order_id, .. } => {
                Some(order_id)
            }
            Operation::ShiftSignup { .. }
            | Operation::ActivitySignup { .. }
            | Operation::Booking { .. }
            | Operation::CheckIn { .. } => None,
        }
    }
}

/// Why an entry cannot go on without the resident (or staff).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParkReason {
    /// The server refused the write as it is (400, 403, 404, 409 id, 413, 422).
    Refused {
        status: u16,
        kind: String,
        message: String,
        fields: BTreeMap<String, Vec<String>>,
    },
    /// Someone else moved the order on first, so this step no longer applies
    /// ("someone else already dispatched this order"). `by` is who, as the order's last
    /// timeline entry says (`None` where the backend keeps no timeline, or for a step
    /// parked by an older version of the app).
    Overtaken {
        status: OrderStatus,
        #[serde(default)]
        by: Option<Actor>,
    },
    /// The order was deleted on the server.
    Deleted,
    /// An earlier write about the same order needs attention first (`seq` is that one):
    /// a cancel cannot go before the order it cancels was accepted.
    Blocked { by: u64 },
}

impl ParkReason {
    /// Parked because the profile could not prove that sending is safe or that it was
    /// taken; stored as a refusal of the doubt's kind ([`Doubt::kind`]).
    pub fn unsure(doubt: Doubt) -> ParkReason {
        ParkReason::Refused {
            status: 409,
            kind: doubt.kind().to_string(),
            message: doubt.to_string(),
            fields: BTreeMap::new(),
        }
    }

    /// The profile's doubt this entry is parked with, if that is why.
    pub fn doubt(&self) -> Option<Doubt> {
        match self {
            ParkReason::Refused { kind, .. } => Doubt::from_kind(kind),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    /// Waiting for its turn or its next try.
    Pending,
    /// Its send started. Frozen from here on; after a crash it is resent unchanged.
    InFlight,
    /// Stopped with a reason; the other entries go on.
    Parked(ParkReason),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// Order of submission on this device, assigned by the store.
    pub seq: u64,
    pub operation: Operation,
    pub state: EntryState,
    /// Sends that got no acknowledgement.
    pub attempts: u32,
    /// Not before this time (Unix ms).
    pub next_try_at: i64,
    /// What went wrong last, for the resident's "needs attention" and for support.
    pub last_error: Option<String>,
    pub created_at: i64,
    /// It waits because the network or the server failed (not because of a conflict): a
    /// request that succeeds meanwhile shows the way is open again, and it goes at once.
    #[serde(default)]
    pub waits_for_network: bool,
    /// The server's `Retry-After`: never sent again before this time (Unix ms), whatever
    /// wakes the queue.
    #[serde(default)]
    pub not_before: i64,
    /// Who queued it (their user id): it goes out under their name only. `None` for an
    /// entry queued by an older version of the app.
    #[serde(default)]
    pub owner: Option<String>,
}

/// Who moved an order on, as far as a step that came too late needs to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Resident,
    Volunteer,
    Dispatcher,
}

impl Actor {
    /// Who made the order's latest change, from its timeline.
    pub fn last_on(order: &crate::model::Order) -> Option<Actor> {
        match Role::parse(&order.timeline.last()?.by_role)? {
            Role::Resident => Some(Actor::Resident),
            Role::Volunteer => Some(Actor::Volunteer),
            Role::Dispatcher | Role::Admin => Some(Actor::Dispatcher),
            // A grid worker's step on an order is one taken for its resident (confirming
            // what was filed on their behalf).
            Role::GridWorker => Some(Actor::Resident),
        }
    }
}

impl OutboxEntry {
    pub fn new(operation: Operation, now: i64) -> OutboxEntry {
        OutboxEntry {
            seq: 0,
            operation,
            state: EntryState::Pending,
            attempts: 0,
            next_try_at: now,
            last_error: None,
            created_at: now,
            waits_for_network: false,
            not_before: 0,
            owner: None,
        }
    }

    /// When a request that just succeeded makes this entry due again: now, or the
    /// server's `Retry-After`; `None` when it does not wait for the network.
    pub fn due_again(&self, now: i64) -> Option<i64> {
        let due = now.max(self.not_before);
        (self.state == EntryState::Pending && self.waits_for_network && self.next_try_at > due)
            .then_some(due)
    }

    pub fn is_parked(&self) -> bool {
        matches!(self.state, EntryState::Parked(_))
    }
}

/// The entries that may be sent at `now`, in submission order: for each subject only its
/// oldest entry, and only when that one is not parked (a later step must not overtake a
/// stuck earlier one) and its next try has come.
pub fn ready(entries: &[OutboxEntry], now: i64) -> Vec<&OutboxEntry> {
    let mut sorted: Vec<&OutboxEntry> = entries.iter().collect();
    sorted.sort_by_key(|entry| entry.seq);
    let mut seen = std::collections::BTreeSet::new();
    sorted
        .into_iter()
        .filter(|entry| seen.insert(entry.operation.subject()))
        .filter(|entry| !entry.is_parked() && entry.next_try_at <= now)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::Action;
    use crate::model::OrderKind;

    fn create(id: &str, seq: u64) -> OutboxEntry {
        let mut entry = OutboxEntry::new(
            Operation::CreateOrder {
                order_id: id.into(),
                order: NewOrder {
                    kind: OrderKind::Wish,
                    service_id: None,
                    title: "修灯".into(),
                    description: String::new(),
                    address: None,
                    contact_phone: None,
                    preferred_time: None,
                    attributes: BTreeMap::new(),
                    on_behalf_of: None,
                    channel: None,
                },
            },
            0,
        );
        entry.seq = seq;
        entry
    }

    fn cancel(id: &str, seq: u64) -> OutboxEntry {
        let mut entry = OutboxEntry::new(
            Operation::Transition {
                order_id: id.into(),
                request: TransitionRequest {
                    id: format!("t-{seq}"),
                    action: Action::Cancel,
                    note: None,
                    assignee_id: None,
                    rating: None,
                },
            },
            0,
        );
        entry.seq = seq;
        entry
    }

    #[test]
    fn one_entry_per_order_at_a_time_in_submission_order() {
        let entries = [cancel("a", 3), create("a", 1), create("b", 2)];
        let ready: Vec<u64> = ready(&entries, 0).iter().map(|e| e.seq).collect();
        assert_eq!(ready, vec![1, 2]);
    }

    #[test]
    fn a_parked_entry_holds_back_its_orders_later_steps_but_not_other_orders() {
        let mut stuck = create("a", 1);
        stuck.state = EntryState::Parked(ParkReason::Deleted);
        let entries = [stuck, cancel("a", 2), create("b", 3)];
        let ready: Vec<u64> = ready(&entries, 0).iter().map(|e| e.seq).collect();
        assert_eq!(ready, vec![3]);
    }

    #[test]
    fn an_entry_waits_for_its_next_try() {
        let mut later = create("a", 1);
        later.next_try_at = 5_000;
        assert!(ready(&[later.clone()], 4_999).is_empty());
        assert_eq!(ready(&[later], 5_000).len(), 1);
    }
}
