//! The slots a bookable thing's weekly rules give, and how many of one are left.

use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::{Slot, SlotRule};
use crate::model::DatedHours;
use crate::opening::{clock_minutes, closed_all_day};

fn community_offset() -> UtcOffset {
    UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// The community's calendar year at `unix` seconds.
pub(super) fn community_year(unix: i64) -> Option<i32> {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()?
        .checked_to_offset(community_offset())
        .map(|t| t.year())
}

/// One slot: its start and end, Unix seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SlotTime {
    pub start: i64,
    pub end: i64,
}

/// Unix seconds of `minute` after the community's midnight starting `date`.
fn at(date: Date, minute: u16) -> Option<i64> {
    let midnight = PrimitiveDateTime::new(date, Time::MIDNIGHT).assume_offset(community_offset());
    midnight
        .checked_add(Duration::minutes(i64::from(minute)))
        .map(OffsetDateTime::unix_timestamp)
}

/// The slots one rule gives on `date`.
fn on_day(rule: &SlotRule, date: Date) -> Vec<SlotTime> {
    let weekday = date.weekday().number_from_monday();
    let (Some(from), Some(until)) = (clock_minutes(&rule.from), clock_minutes(&rule.until)) else {
        return Vec::new();
    };
    if rule.minutes == 0 || !rule.days.contains(&weekday) {
        return Vec::new();
    }
    let mut slots = Vec::new();
    let mut start = from;
    while let Some(end) = start.checked_add(rule.minutes).filter(|end| *end <= until) {
        if let (Some(s), Some(e)) = (at(date, start), at(date, end)) {
            slots.push(SlotTime { start: s, end: e });
        }
        start = end;
    }
    slots
}

/// The slots `rules` give that start after `now` (Unix seconds) and on a day up to
/// `ahead_days` from the community's today, in order, once each; none on a date the
/// station is closed all day (`closures`: its dated hours).
pub fn slot_times(
    rules: &[SlotRule],
    closures: &[DatedHours],
    now: i64,
    ahead_days: u16,
) -> Vec<SlotTime> {
    let Some(today) = crate::schedule::community_day(now.saturating_mul(1000)) else {
        return Vec::new();
    };
    let mut slots: Vec<SlotTime> = (0..=i64::from(ahead_days))
        .filter_map(|n| today.checked_add(Duration::days(n)))
        .filter(|date| !closed_all_day(closures, *date))
        .flat_map(|date| rules.iter().flat_map(move |rule| on_day(rule, date)))
        .filter(|slot| slot.start > now)
        .collect();
    slots.sort();
    slots.dedup_by_key(|slot| slot.start);
    slots
}

/// The slot starting at `start` (Unix seconds), if `rules` give one then.
pub fn is_a_slot(rules: &[SlotRule], start: i64) -> Option<SlotTime> {
    let t = OffsetDateTime::from_unix_timestamp(start)
        .ok()?
        .checked_to_offset(community_offset())?;
    rules
        .iter()
        .flat_map(|rule| on_day(rule, t.date()))
        .find(|slot| slot.start == start)
}

/// How long a booking of a slot holds one of the thing's `capacity`: the slot, or for
/// equipment the `loan_days` from its start.
pub fn hold_seconds(slot: SlotTime, loan_days: Option<u16>) -> i64 {
    match loan_days {
        Some(days) if days > 0 => i64::from(days) * 86_400,
        _ => slot.end.saturating_sub(slot.start),
    }
}

/// The most of `held` (each a booking's start and the end of its hold) out at one moment
/// of the hold `[start, until)`: how many of the thing's units that hold finds taken. A
/// loan from the 1st to the 7th and one from the 8th to the 14th are never out together,
/// so a loan from the 5th to the 11th finds one unit taken at a time, not two.
pub fn most_held_at_once(start: i64, until: i64, held: &[(i64, i64)]) -> u32 {
    // The count only rises where a hold begins: at `start`, or at a later hold's start.
    let moments = std::iter::once(start).chain(
        held.iter()
            .map(|(from, _)| *from)
            .filter(|from| (start..until).contains(from)),
    );
    let most = moments
        .map(|at| {
            held.iter()
                .filter(|(from, to)| *from <= at && at < *to)
                .count()
        })
        .max()
        .unwrap_or(0);
    u32::try_from(most).unwrap_or(u32::MAX)
}

/// The first slot with a place left that starts at or after `after` (RFC 3339), else
/// the first free one at all: what a resident whose slot was taken is offered.
pub fn free_after<'a>(slots: &'a [Slot], after: &str) -> Option<&'a Slot> {
    let after = crate::workbench::shifts::parse_time(after).unwrap_or(i64::MIN);
    let starts = |slot: &Slot| crate::workbench::shifts::parse_time(&slot.starts_at);
    slots
        .iter()
        .filter(|slot| slot.left > 0)
        .find(|slot| starts(slot).is_some_and(|start| start >= after))
        .or_else(|| slots.iter().find(|slot| slot.left > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday 2026-11-30 10:00 +08:00.
    const MONDAY_10AM: i64 = 1_796_004_000;

    fn legal_advice() -> Vec<SlotRule> {
        vec![SlotRule {
            days: vec![2],
            from: "14:00".into(),
            until: "17:00".into(),
            minutes: 30,
        }]
    }

    #[test]
    fn tuesday_afternoons_in_half_hours_for_the_coming_two_weeks() {
        let slots = slot_times(&legal_advice(), &[], MONDAY_10AM, 14);
        assert_eq!(slots.len(), 12, "six a Tuesday, two Tuesdays");
        let first = crate::schedule::local_minute_at(slots[0].start * 1000);
        assert_eq!(first, "2026-12-01 14:00");
        let last = crate::schedule::local_minute_at(slots[5].end * 1000);
        assert_eq!(last, "2026-12-01 17:00");
        assert_eq!(is_a_slot(&legal_advice(), slots[3].start), Some(slots[3]));
        assert_eq!(is_a_slot(&legal_advice(), slots[3].start + 60), None);
        // A slot that has started is no longer offered.
        let later = slot_times(&legal_advice(), &[], slots[0].start, 14);
        assert_eq!(later[0], slots[1]);
    }

    #[test]
    fn no_slots_on_a_day_the_station_is_closed() {
        let holiday = DatedHours {
            from: "2026-12-01".into(),
            until: None,
            hours: Vec::new(),
            note: "闭馆".into(),
        };
        let slots = slot_times(&legal_advice(), &[holiday], MONDAY_10AM, 14);
        assert_eq!(slots.len(), 6, "only the second Tuesday");
    }

    #[test]
    fn a_loan_holds_its_unit_for_days_and_overlaps_count() {
        let slot = SlotTime {
            start: MONDAY_10AM,
            end: MONDAY_10AM + 1800,
        };
        assert_eq!(hold_seconds(slot, None), 1800);
        assert_eq!(hold_seconds(slot, Some(7)), 7 * 86_400);
        let (day, week) = (86_400, 7 * 86_400);
        let out = [(MONDAY_10AM - day, MONDAY_10AM - day + week)];
        assert_eq!(most_held_at_once(MONDAY_10AM, MONDAY_10AM + week, &out), 1);
        assert_eq!(
            most_held_at_once(MONDAY_10AM + week, MONDAY_10AM + 2 * week, &out),
            0
        );
        // Days 1–7 and 8–14 are never out together: a loan over days 5–11 finds one.
        let apart = [(0, week), (week, 2 * week)];
        assert_eq!(most_held_at_once(4 * day, 11 * day, &apart), 1);
        let together = [(0, week), (2 * day, 9 * day)];
        assert_eq!(most_held_at_once(4 * day, 11 * day, &together), 2);
    }

    #[test]
    fn a_taken_slot_offers_the_next_free_one() {
        let slot = |at: &str, left| Slot {
            starts_at: at.into(),
            ends_at: at.into(),
            left,
        };
        let slots = [
            slot("2026-12-01T14:00:00+08:00", 1),
            slot("2026-12-01T14:30:00+08:00", 0),
            slot("2026-12-01T15:00:00+08:00", 0),
            slot("2026-12-01T15:30:00+08:00", 2),
        ];
        let next = free_after(&slots, "2026-12-01T14:30:00+08:00");
        assert_eq!(
            next.map(|s| s.starts_at.as_str()),
            Some("2026-12-01T15:30:00+08:00")
        );
        let none_later = [slots[0].clone(), slots[1].clone()];
        let earlier = free_after(&none_later, "2026-12-01T14:30:00+08:00");
        assert_eq!(
            earlier.map(|s| s.starts_at.as_str()),
            Some("2026-12-01T14:00:00+08:00")
        );
    }
}
