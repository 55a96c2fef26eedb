//! What the appointment screens ask of the device (issue 19), answered by the snapshot:
//! the bookable things it holds, the resident's bookings as they stand with what is still
//! on its way, the bookings that could not go (and the next free slot offered for one
//! whose slot went to someone else), and whether a slot may be booked at all. Pages
//! display the answers.

use crate::bookings::{
    eligible, free_after, Bookable, BookingState, Eligibility, NotEligible, Slot,
};
use crate::sync::backend::{Reference, ReferenceData};
use crate::sync::outbox::{Operation, OutboxEntry, ParkReason};
use crate::sync::store::Snapshot;
use crate::sync::waiting::Waiting;
use crate::workbench::shifts::parse_time;

/// One of the resident's bookings as the screen shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MyBookingLine {
    /// The booking's id (the one to cancel).
    pub id: String,
    pub starts_at: String,
    pub ends_at: Option<String>,
    pub state: BookingState,
    pub return_by: Option<String>,
    /// Booked on this device and not yet taken by the server.
    pub sending: bool,
    /// Its cancellation is on its way.
    pub cancelling: bool,
}

/// A booking that could not go, until its reason was read.
#[derive(Clone, Debug, PartialEq)]
pub struct RefusedBooking {
    pub waiting: Waiting,
    /// The slot asked for.
    pub starts_at: String,
    /// It asked to book (not to cancel).
    pub take: bool,
    /// Its slot went to someone else.
    pub slot_taken: bool,
    /// The next slot with a place, when the slot went: what to offer instead.
    pub next_free: Option<Slot>,
}

impl Snapshot {
    /// The bookable things this device holds (empty before they first arrive, or where
    /// the backend has none).
    pub fn bookables(&self) -> &[Bookable] {
        match self
            .references
            .get(&Reference::Bookables)
            .map(|cached| &cached.data)
        {
            Some(ReferenceData::Bookables(list)) => list,
            _ => &[],
        }
    }

    /// Thing `id`, as this device holds it.
    pub fn bookable(&self, id: &str) -> Option<&Bookable> {
        self.bookables().iter().find(|thing| thing.id == id)
    }

    fn bookings_queued<'a>(
        &'a self,
        bookable_id: &'a str,
    ) -> impl Iterator<Item = (&'a OutboxEntry, &'a crate::sync::BookingRequest)> + 'a {
        self.outbox
            .values()
            .filter_map(move |entry| match &entry.operation {
                Operation::Booking {
                    bookable_id: id,
                    booking,
                } if id == bookable_id => Some((entry, booking)),
                _ => None,
            })
    }

    /// The resident's bookings of thing `id`, in the order they start: those the server
    /// holds, and those booked or cancelled on this device and not yet answered.
    pub fn my_bookings(&self, bookable_id: &str) -> Vec<MyBookingLine> {
        let queued: Vec<_> = self
            .bookings_queued(bookable_id)
            .filter(|(entry, _)| !entry.is_parked())
            .collect();
        let cancelling = |id: &str| queued.iter().any(|(_, b)| !b.take && b.booking_id == id);
        let mut lines: Vec<MyBookingLine> = self
            .bookable(bookable_id)
            .map(|thing| thing.mine.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|booking| MyBookingLine {
                id: booking.id.clone(),
                starts_at: booking.starts_at.clone(),
                ends_at: Some(booking.ends_at.clone()),
                state: booking.state,
                return_by: booking.return_by.clone(),
                sending: false,
                cancelling: cancelling(&booking.id),
            })
            .collect();
        for (_, booking) in queued.iter().filter(|(_, b)| b.take) {
            // A booking being cancelled does not hide one made again for its slot.
            let known = lines.iter().any(|line| {
                line.id == booking.booking_id
                    || (!line.cancelling && same_moment(&line.starts_at, &booking.starts_at))
            });
            if !known && !cancelling(&booking.booking_id) {
                let slot = self
                    .bookable(bookable_id)
                    .and_then(|thing| thing.slot(&booking.starts_at));
                lines.push(MyBookingLine {
                    id: booking.booking_id.clone(),
                    starts_at: booking.starts_at.clone(),
                    ends_at: slot.map(|slot| slot.ends_at.clone()),
                    state: BookingState::Booked,
                    return_by: None,
                    sending: true,
                    cancelling: false,
                });
            }
        }
        lines.sort_by_key(|line| parse_time(&line.starts_at));
        lines
    }

    /// Whether the resident holds (or is booking) the slot of thing `id` that starts at
    /// `starts_at`.
    pub fn holds_slot(&self, bookable_id: &str, starts_at: &str) -> bool {
        self.my_bookings(bookable_id)
            .iter()
            .any(|line| !line.cancelling && same_moment(&line.starts_at, starts_at))
    }

    /// Whether the resident may book that slot, as far as this device can tell: the
    /// spacing between bookings the thing asks for, against the bookings it knows of (the
    /// age a thing asks for is the server's to check: it holds the years of birth).
    pub fn may_book(&self, bookable_id: &str, starts_at: &str) -> Result<(), NotEligible> {
        let (Some(thing), Some(start)) = (self.bookable(bookable_id), parse_time(starts_at)) else {
            return Ok(());
        };
        let spacing = Eligibility {
            min_age: None,
            once_every_days: thing.eligibility.once_every_days,
        };
        let theirs: Vec<i64> = self
            .my_bookings(bookable_id)
            .iter()
            .filter(|line| !line.cancelling)
            .filter_map(|line| parse_time(&line.starts_at))
            .collect();
        eligible(&spacing, None, start, &theirs)
    }

    /// Bookings and cancellations of thing `id` that could not go, until their reason
    /// was read; one whose slot went to someone else comes with the next free slot at
    /// `now_ms`.
    pub fn refused_bookings(&self, bookable_id: &str, now_ms: i64) -> Vec<RefusedBooking> {
        self.bookings_queued(bookable_id)
            .filter(|(entry, _)| entry.is_parked())
            .map(|(entry, booking)| {
                let slot_taken = matches!(&entry.state,
                    crate::sync::EntryState::Parked(ParkReason::Refused { kind, .. }) if kind == "slot_full");
                let next_free = slot_taken
                    .then(|| self.next_free_slot(bookable_id, &booking.starts_at, now_ms))
                    .flatten();
                RefusedBooking {
                    waiting: Waiting::of(entry.clone()),
                    starts_at: booking.starts_at.clone(),
                    take: booking.take,
                    slot_taken,
                    next_free,
                }
            })
            .collect()
    }

    /// The first slot of thing `id` with a place left after the one at `starts_at` (else
    /// the first free one at all), never that one, nor one the resident holds, nor one
    /// that has started by `now_ms` (the copy may be a day old).
    pub fn next_free_slot(&self, bookable_id: &str, starts_at: &str, now_ms: i64) -> Option<Slot> {
        let thing = self.bookable(bookable_id)?;
        let open: Vec<Slot> = thing
            .slots
            .iter()
            .filter(|slot| !same_moment(&slot.starts_at, starts_at))
            .filter(|slot| {
                parse_time(&slot.starts_at).is_some_and(|s| s.saturating_mul(1000) > now_ms)
            })
            .filter(|slot| !self.holds_slot(bookable_id, &slot.starts_at))
            .cloned()
            .collect();
        free_after(&open, starts_at).cloned()
    }
}

fn same_moment(a: &str, b: &str) -> bool {
    match (parse_time(a), parse_time(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bookings::{BookableKind, MyBooking, SlotRule};
    use crate::sync::outbox::EntryState;
    use crate::sync::store::CachedReference;
    use crate::sync::BookingRequest;
    use std::collections::BTreeMap;

    fn slot(at: &str, left: u32) -> Slot {
        Slot {
            starts_at: format!("2026-12-01T{at}:00+08:00"),
            ends_at: format!("2026-12-01T{at}:30+08:00"),
            left,
        }
    }

    fn legal(mine: Vec<MyBooking>) -> Snapshot {
        let thing = Bookable {
            id: "bk-legal".into(),
            name: "法律咨询".into(),
            description: String::new(),
            provider: "社区法律顾问".into(),
            kind: BookableKind::Consultation,
            station_id: Some("st-1".into()),
            address: None,
            rules: vec![SlotRule {
                days: vec![2],
                from: "14:00".into(),
                until: "16:00".into(),
                minutes: 30,
            }],
            capacity: 1,
            loan_days: None,
            ahead_days: 14,
            eligibility: Eligibility {
                min_age: None,
                once_every_days: Some(7),
            },
            updated_at: "2026-11-01T09:00:00+08:00".into(),
            slots: vec![
                slot("14:00", 0),
                slot("14:30", 1),
                slot("15:00", 1),
                slot("15:30", 1),
            ],
            mine,
        };
        let mut snapshot = Snapshot::default();
        snapshot.references.insert(
            Reference::Bookables,
            CachedReference {
                data: ReferenceData::Bookables(vec![thing]),
                etag: None,
                fetched_at: 0,
            },
        );
        snapshot
    }

    fn word(seq: u64, id: &str, at: &str, take: bool, refused: Option<&str>) -> OutboxEntry {
        let mut entry = OutboxEntry::new(
            Operation::Booking {
                bookable_id: "bk-legal".into(),
                booking: BookingRequest {
                    booking_id: id.into(),
                    starts_at: format!("2026-12-01T{at}:00+08:00"),
                    take,
                },
            },
            0,
        );
        entry.seq = seq;
        if let Some(kind) = refused {
            entry.state = EntryState::Parked(ParkReason::Refused {
                status: 409,
                kind: kind.into(),
                message: String::new(),
                fields: BTreeMap::new(),
            });
        }
        entry
    }

    #[test]
    fn a_booking_on_its_way_shows_as_sending_and_a_cancellation_as_cancelling() {
        let mut snapshot = legal(vec![MyBooking {
            id: "b-1".into(),
            starts_at: "2026-12-01T15:30:00+08:00".into(),
            ends_at: "2026-12-01T16:00:00+08:00".into(),
            state: BookingState::Booked,
            return_by: None,
        }]);
        snapshot
            .outbox
            .insert(1, word(1, "b-2", "14:30", true, None));
        snapshot
            .outbox
            .insert(2, word(2, "b-1", "15:30", false, None));
        let lines = snapshot.my_bookings("bk-legal");
        assert_eq!(lines.len(), 2);
        assert!(lines[0].sending && lines[0].starts_at.contains("14:30"));
        assert!(lines[1].cancelling);
        assert!(snapshot.holds_slot("bk-legal", "2026-12-01T14:30:00+08:00"));
        assert!(!snapshot.holds_slot("bk-legal", "2026-12-01T15:30:00+08:00"));
        // Booked again after the cancellation: both show, and the slot is held.
        snapshot
            .outbox
            .insert(3, word(3, "b-3", "15:30", true, None));
        let lines = snapshot.my_bookings("bk-legal");
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(snapshot.holds_slot("bk-legal", "2026-12-01T15:30:00+08:00"));
    }

    #[test]
    fn a_slot_taken_meanwhile_is_explained_with_the_next_free_one() {
        let mut snapshot = legal(Vec::new());
        snapshot
            .outbox
            .insert(1, word(1, "b-1", "14:00", true, Some("slot_full")));
        // 2026-12-01 14:10 +08:00: the 14:00 slot has started.
        let now = 1_796_105_400_000;
        let refused = snapshot.refused_bookings("bk-legal", now);
        assert_eq!(refused.len(), 1);
        assert!(refused[0].slot_taken);
        assert_eq!(
            refused[0].next_free.as_ref().map(|s| s.starts_at.as_str()),
            Some("2026-12-01T14:30:00+08:00")
        );
        // At 14:40 that one has started too: the next is 15:00.
        let later = snapshot.refused_bookings("bk-legal", now + 30 * 60_000);
        assert_eq!(
            later[0].next_free.as_ref().map(|s| s.starts_at.as_str()),
            Some("2026-12-01T15:00:00+08:00")
        );
        assert!(snapshot.my_bookings("bk-legal").is_empty(), "nothing held");
    }

    #[test]
    fn a_second_booking_within_the_spacing_is_refused_on_the_device() {
        let mut snapshot = legal(Vec::new());
        snapshot
            .outbox
            .insert(1, word(1, "b-1", "14:30", true, None));
        assert_eq!(
            snapshot.may_book("bk-legal", "2026-12-01T15:00:00+08:00"),
            Err(NotEligible::TooSoon { days: 7 })
        );
    }
}
