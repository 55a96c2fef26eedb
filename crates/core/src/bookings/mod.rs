//! Appointments (预约, issue 19): what residents book rather than sign up for — a service
//! in time slots (法律咨询 on Tuesday afternoons in half hours, 错时 evening slots), the
//! barber's home visits, equipment lent for some days (血压计, 血糖仪), a room for an
//! hour. The rules the server, the engine and the pages share: what a bookable thing
//! must say, which slots its weekly rules give over the coming days, how many of a slot
//! are left, who may book (eligibility is data: an age, a spacing between bookings), the
//! next free slot after one that was taken, and until when a booking can be cancelled.
//!
//! Times are the community's (+08:00 all year), as for shifts and activities; slot
//! starts travel as RFC 3339 and are compared as Unix seconds.

use serde::{Deserialize, Serialize};

mod rules;
mod slots;
mod view;

pub use rules::{check_book, check_bookable, AHEAD_DAYS_MAX, BOOKABLES_RULES_MAX, LOAN_DAYS_MAX};
pub use slots::{free_after, hold_seconds, is_a_slot, most_held_at_once, slot_times, SlotTime};
pub use view::{BookBody, Bookable, BookableBody, DayBooking, MyBooking, OutcomeBody, Slot};

/// What kind of thing is booked: it decides the words around it (a visit comes to the
/// resident's address; equipment is picked up and brought back).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookableKind {
    /// A service in person at the post (法律咨询, 心理疏导, 错时服务).
    #[default]
    Consultation,
    /// Someone comes to the resident's home (上门理发).
    HomeVisit,
    /// Lent for `loan_days` from the slot it is picked up in (血压计).
    Equipment,
    /// A room for a slot (活动室).
    Room,
}

/// One weekly run of slots: on `days` (1 = Monday … 7 = Sunday), from `from` until
/// `until` (`HH:MM`), cut into slots of `minutes`. A last piece shorter than a slot is
/// not a slot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotRule {
    pub days: Vec<u8>,
    pub from: String,
    pub until: String,
    pub minutes: u16,
}

/// Who may book and how often: data an office sets per bookable thing, never code (the
/// barber's visits: residents 80 and over, once every 14 days).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Eligibility {
    /// The age reached in the slot's year, from the year of birth the community holds
    /// (年满: a resident born in 1946 is 80 all through 2026).
    #[serde(default)]
    pub min_age: Option<u8>,
    /// Days that must lie between the starts of two of one resident's bookings.
    #[serde(default)]
    pub once_every_days: Option<u16>,
}

/// Where a booking stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingState {
    #[default]
    Booked,
    /// Served: staff marked it done.
    Done,
    /// Staff marked that nobody came.
    NoShow,
}

/// Why a resident may not book a slot: said in their words before anything is queued,
/// and by the server (`not_eligible`, with `reason`) when a rule changed meanwhile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum NotEligible {
    /// Only residents of `min_age` and over, and the community has no year of birth for
    /// this one: the post can add it.
    AgeUnknown {
        min_age: u8,
    },
    TooYoung {
        min_age: u8,
    },
    /// They have a booking of it less than `days` days before or after this slot.
    TooSoon {
        days: u16,
    },
}

impl NotEligible {
    /// Its name in a problem's `reason`.
    pub fn as_str(self) -> &'static str {
        match self {
            NotEligible::AgeUnknown { .. } => "age_unknown",
            NotEligible::TooYoung { .. } => "too_young",
            NotEligible::TooSoon { .. } => "too_soon",
        }
    }
}

/// Whether someone born in `birth_year` (if known) may book a slot starting at
/// `slot_start` (Unix seconds), given the starts of their other bookings of the same
/// thing (`theirs`, the slot being rebooked left out).
pub fn eligible(
    rule: &Eligibility,
    birth_year: Option<i32>,
    slot_start: i64,
    theirs: &[i64],
) -> Result<(), NotEligible> {
    if let Some(min_age) = rule.min_age {
        let Some(born) = birth_year else {
            return Err(NotEligible::AgeUnknown { min_age });
        };
        let year = slots::community_year(slot_start).unwrap_or(i32::MAX);
        if year.saturating_sub(born) < i32::from(min_age) {
            return Err(NotEligible::TooYoung { min_age });
        }
    }
    if let Some(days) = rule.once_every_days.filter(|days| *days > 0) {
        let apart = i64::from(days) * 86_400;
        if theirs
            .iter()
            .any(|other| other.abs_diff(slot_start) < apart.unsigned_abs())
        {
            return Err(NotEligible::TooSoon { days });
        }
    }
    Ok(())
}

/// Whether a booking for a slot starting at `start` may still be cancelled at `now`
/// (Unix seconds): until the slot starts.
pub fn may_cancel(now: i64, start: i64) -> bool {
    now < start
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;
    /// 2026-12-01 14:00 +08:00.
    const TUESDAY_2PM: i64 = 1_796_104_800;

    #[test]
    fn the_barber_comes_to_those_80_and_over_once_a_fortnight() {
        let barber = Eligibility {
            min_age: Some(80),
            once_every_days: Some(14),
        };
        assert_eq!(eligible(&barber, Some(1946), TUESDAY_2PM, &[]), Ok(()));
        assert_eq!(
            eligible(&barber, Some(1947), TUESDAY_2PM, &[]),
            Err(NotEligible::TooYoung { min_age: 80 })
        );
        assert_eq!(
            eligible(&barber, None, TUESDAY_2PM, &[]),
            Err(NotEligible::AgeUnknown { min_age: 80 })
        );
        let last_visit = TUESDAY_2PM - 13 * DAY;
        assert_eq!(
            eligible(&barber, Some(1940), TUESDAY_2PM, &[last_visit]),
            Err(NotEligible::TooSoon { days: 14 })
        );
        assert_eq!(
            eligible(&barber, Some(1940), TUESDAY_2PM, &[TUESDAY_2PM - 14 * DAY]),
            Ok(())
        );
        // Anyone, any number of times.
        assert_eq!(
            eligible(&Eligibility::default(), None, TUESDAY_2PM, &[TUESDAY_2PM]),
            Ok(())
        );
    }

    #[test]
    fn a_booking_is_cancelled_before_its_slot_starts() {
        assert!(may_cancel(TUESDAY_2PM - 1, TUESDAY_2PM));
        assert!(!may_cancel(TUESDAY_2PM, TUESDAY_2PM));
    }
}
