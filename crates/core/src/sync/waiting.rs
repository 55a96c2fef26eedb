//! What the screens ask of the outbox, answered by the snapshot: the writes still on this
//! device about an order (and why one waits), and where a shift's sign-up stands. Pages
//! display the answers; they never read the outbox's operations or states themselves.

use crate::i18n::Texts;
use crate::lifecycle::Action;
use crate::sync::explain::park_explanation;
use crate::sync::outbox::{EntryState, Operation, OutboxEntry};
use crate::sync::store::Snapshot;

/// What a write still on the device asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Asked {
    /// The order itself, not yet taken by the backend.
    Create,
    /// A step on it.
    Step(Action),
    /// Taking (`true`) or giving back a place on a shift.
    ShiftSignup { take: bool },
    /// Signing up for an activity (`true`) or withdrawing.
    ActivitySignup { take: bool },
    /// A check-in at an activity's door: the code.
    CheckIn { code: String },
    /// Booking a slot (`true`) or cancelling the booking.
    Booking { take: bool },
}

/// One write still on this device, as a screen shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiting {
    entry: OutboxEntry,
}

impl Waiting {
    pub(crate) fn of(entry: OutboxEntry) -> Waiting {
        Waiting { entry }
    }

    /// Its place in the queue: what `Engine::dismiss` takes.
    pub fn seq(&self) -> u64 {
        self.entry.seq
    }

    pub fn asked(&self) -> Asked {
        match &self.entry.operation {
            Operation::CreateOrder { .. } => Asked::Create,
            Operation::Transition { request, .. } => Asked::Step(request.action),
            Operation::ShiftSignup { take, .. } => Asked::ShiftSignup { take: *take },
            Operation::ActivitySignup { signup, .. } => Asked::ActivitySignup { take: signup.take },
            Operation::CheckIn { code, .. } => Asked::CheckIn { code: code.clone() },
            Operation::Booking { booking, .. } => Asked::Booking { take: booking.take },
        }
    }

    /// It cannot go as it is, and waits until its reason was read.
    pub fn is_parked(&self) -> bool {
        self.entry.is_parked()
    }

    /// Why it waits, in the reader's words; `None` while it only waits its turn.
    pub fn why(&self, texts: &Texts) -> Option<String> {
        match &self.entry.state {
            EntryState::Parked(reason) => {
                Some(park_explanation(texts, &self.entry.operation, reason))
            }
            _ => None,
        }
    }
}

impl Snapshot {
    /// The writes about an order still on this device, in the order they go.
    pub fn waiting_for_order(&self, order_id: &str) -> Vec<Waiting> {
        self.outbox
            .values()
            .filter(|entry| entry.operation.order_id() == Some(order_id))
            .map(|entry| Waiting {
                entry: entry.clone(),
            })
            .collect()
    }

    /// Whether a write about this order waits to go (not parked): the order's buttons
    /// wait with it, so that a second tap on a slow network does not queue it twice.
    pub fn sending_for_order(&self, order_id: &str) -> bool {
        self.outbox
            .values()
            .any(|entry| !entry.is_parked() && entry.operation.order_id() == Some(order_id))
    }

    /// The last word this device has queued on a shift and not yet had acknowledged:
    /// `Some(true)` to take a place, `Some(false)` to give it back. A sign-up the server
    /// refused is not the last word: the shift stands as the server says.
    pub fn queued_signup(&self, shift_id: &str) -> Option<bool> {
        self.outbox
            .values()
            .rev()
            .filter(|entry| !entry.is_parked())
            .find_map(|entry| match &entry.operation {
                Operation::ShiftSignup { shift_id: id, take } if id == shift_id => Some(*take),
                _ => None,
            })
    }

    /// A sign-up on this shift that could not go, until its reason was read.
    pub fn parked_signup(&self, shift_id: &str) -> Option<Waiting> {
        self.outbox
            .values()
            .filter(|entry| entry.is_parked())
            .find(|entry| {
                matches!(&entry.operation, Operation::ShiftSignup { shift_id: id, .. } if id == shift_id)
            })
            .map(|entry| Waiting {
                entry: entry.clone(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{texts, Lang};
    use crate::sync::outbox::ParkReason;

    fn entry(seq: u64, operation: Operation, state: EntryState) -> OutboxEntry {
        OutboxEntry {
            seq,
            state,
            ..OutboxEntry::new(operation, 0)
        }
    }

    fn signup(shift: &str, take: bool) -> Operation {
        Operation::ShiftSignup {
            shift_id: shift.into(),
            take,
        }
    }

    #[test]
    fn a_shift_stands_as_the_last_word_that_can_still_go() {
        let mut snapshot = Snapshot::default();
        let refused = ParkReason::Refused {
            status: 409,
            kind: "full".into(),
            message: "名额已满".into(),
            fields: Default::default(),
        };
        snapshot
            .outbox
            .insert(1, entry(1, signup("s-1", true), EntryState::Pending));
        snapshot
            .outbox
            .insert(2, entry(2, signup("s-1", false), EntryState::Pending));
        snapshot.outbox.insert(
            3,
            entry(3, signup("s-2", true), EntryState::Parked(refused)),
        );
        assert_eq!(snapshot.queued_signup("s-1"), Some(false), "the last word");
        assert_eq!(
            snapshot.queued_signup("s-2"),
            None,
            "refused: as the server says"
        );
        let parked = snapshot.parked_signup("s-2").expect("parked");
        assert_eq!(parked.seq(), 3);
        assert_eq!(parked.asked(), Asked::ShiftSignup { take: true });
        let why = parked.why(texts(Lang::ZhHans)).expect("a reason");
        assert!(why.contains("名额已满"), "{why}");
        assert!(snapshot.parked_signup("s-1").is_none());
    }
}
