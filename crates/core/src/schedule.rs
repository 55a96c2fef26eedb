//! Times as residents read them: when an order should be handled by, and moments on its
//! timeline, in the community's time zone.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Duration, OffsetDateTime, UtcOffset};

fn community_offset() -> UtcOffset {
    UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// The moment in the community's time zone, where the calendar has it: a time written
/// with an offset near the end of year 9999 has no date there (`to_offset` would panic,
/// and a panic stops the app).
pub fn in_community(t: OffsetDateTime) -> Option<OffsetDateTime> {
    t.checked_to_offset(community_offset())
}

/// The day it is in the community at `now_ms` (Unix milliseconds), where the calendar
/// has one.
pub fn community_day(now_ms: i64) -> Option<time::Date> {
    let nanos = i128::from(now_ms).checked_mul(1_000_000)?;
    let t = OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()?;
    in_community(t).map(|t| t.date())
}

/// Whether an RFC 3339 time is one the community's calendar can show.
pub fn is_showable(rfc3339: &str) -> bool {
    OffsetDateTime::parse(rfc3339, &Rfc3339)
        .ok()
        .and_then(in_community)
        .and_then(|t| t.checked_to_offset(UtcOffset::UTC))
        .is_some()
}

/// `YYYY-MM-DD HH:MM` of an RFC 3339 time, in the community's time zone; the text as it
/// came when it is not RFC 3339.
pub fn local_minute(rfc3339: &str) -> String {
    OffsetDateTime::parse(rfc3339, &Rfc3339)
        .ok()
        .and_then(in_community)
        .and_then(|t| {
            t.format(format_description!("[year]-[month]-[day] [hour]:[minute]"))
                .ok()
        })
        .unwrap_or_else(|| rfc3339.to_string())
}

/// `YYYY-MM-DD HH:MM` of a moment in milliseconds since the epoch, in the community's
/// time zone.
pub fn local_minute_at(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .map(|text| local_minute(&text))
        .unwrap_or_default()
}

/// When an order made at `created_at` should be handled by, from its service's promise.
pub fn expected_by(created_at: &str, sla_hours: u32) -> Option<String> {
    let created = OffsetDateTime::parse(created_at, &Rfc3339).ok()?;
    let due = created.checked_add(Duration::hours(i64::from(sla_hours)))?;
    due.format(&Rfc3339).ok().map(|text| local_minute(&text))
}

/// A `datetime-local` value (`2026-11-25T09:30`, the community's wall time) as RFC 3339
/// with the community's offset; other text unchanged.
pub fn local_datetime(text: &str) -> String {
    if text.len() == 16 {
        format!("{text}:00+08:00")
    } else {
        text.to_string()
    }
}

/// Whether a time (RFC 3339) comes no later than the end of the community's current week
/// (Monday to Sunday) at `now_ms`: the rota's "this week" rather than "next week".
pub fn by_end_of_this_week(rfc3339: &str, now_ms: i64) -> bool {
    let Ok(time) = OffsetDateTime::parse(rfc3339, &Rfc3339) else {
        return true;
    };
    let Ok(now) = OffsetDateTime::from_unix_timestamp(now_ms.div_euclid(1000)) else {
        return true;
    };
    let (Some(time), Some(now)) = (in_community(time), in_community(now)) else {
        return true;
    };
    let monday =
        |d: time::Date| d.to_julian_day() - i32::from(d.weekday().number_days_from_monday());
    monday(time.date()) <= monday(now.date())
}

/// Whether a time (RFC 3339) falls in the community's week (Monday to Sunday) after the
/// current one at `now_ms`: "next week", not the week after it.
pub fn in_next_week(rfc3339: &str, now_ms: i64) -> bool {
    let Ok(time) = OffsetDateTime::parse(rfc3339, &Rfc3339) else {
        return false;
    };
    let Ok(now) = OffsetDateTime::from_unix_timestamp(now_ms.div_euclid(1000)) else {
        return false;
    };
    let (Some(time), Some(now)) = (in_community(time), in_community(now)) else {
        return false;
    };
    let monday =
        |d: time::Date| d.to_julian_day() - i32::from(d.weekday().number_days_from_monday());
    monday(time.date()) == monday(now.date()) + 7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_at_the_end_of_the_calendar_is_shown_as_written_not_a_crash() {
        let edge = "9999-12-31T23:59:00-23:59";
        assert_eq!(local_minute(edge), edge);
        assert!(!is_showable(edge));
        assert!(by_end_of_this_week(edge, 0));
        assert!(is_showable("2026-12-01T09:00:00+08:00"));
    }

    #[test]
    fn moments_read_in_the_communitys_zone() {
        // 2026-11-23T02:00:00Z
        assert_eq!(local_minute_at(1_795_399_200_000), "2026-11-23 10:00");
    }

    #[test]
    fn next_week_is_the_one_after_this_not_the_week_after_that() {
        // Sunday 2026-11-29 12:00 in the community.
        let now = 1_795_924_800_000;
        assert!(!in_next_week("2026-11-29T18:00:00+08:00", now), "today");
        assert!(
            in_next_week("2026-11-30T09:00:00+08:00", now),
            "tomorrow, Monday"
        );
        assert!(
            in_next_week("2026-12-06T20:00:00+08:00", now),
            "next Sunday"
        );
        assert!(
            !in_next_week("2026-12-07T09:00:00+08:00", now),
            "the week after"
        );
        assert!(!in_next_week("not a time", now));
    }

    #[test]
    fn weeks_run_monday_to_sunday_in_the_communitys_zone() {
        // Wednesday 2026-11-25 12:00 in the community.
        let now = 1_795_579_200_000;
        assert!(
            by_end_of_this_week("2026-11-23T18:30:00+08:00", now),
            "Monday"
        );
        assert!(
            by_end_of_this_week("2026-11-29T23:00:00+08:00", now),
            "Sunday night"
        );
        assert!(
            !by_end_of_this_week("2026-11-30T08:00:00+08:00", now),
            "next Monday"
        );
        assert!(
            by_end_of_this_week("2026-11-22T20:00:00+08:00", now),
            "last Sunday"
        );
        assert_eq!(
            local_datetime("2026-11-25T09:30"),
            "2026-11-25T09:30:00+08:00"
        );
    }

    #[test]
    fn times_read_in_the_communitys_zone_and_promises_add_up() {
        assert_eq!(local_minute("2026-11-23T01:30:00Z"), "2026-11-23 09:30");
        assert_eq!(local_minute("not a time"), "not a time");
        assert_eq!(
            expected_by("2026-11-23T20:15:00+08:00", 24).as_deref(),
            Some("2026-11-24 20:15")
        );
        assert_eq!(expected_by("yesterday", 24), None);
    }
}
