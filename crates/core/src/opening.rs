//! Stations' opening hours: checking them when an admin posts them, and answering
//! "open now / opens at 08:30" on the device.

use crate::model::OpenHours;

/// Minutes after midnight of a local `HH:MM` (24:00 allowed as the end of a day).
pub fn clock_minutes(text: &str) -> Option<u16> {
    let (hours, minutes) = text.split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let hours: u16 = hours.parse().ok()?;
    let minutes: u16 = minutes.parse().ok()?;
    match (hours, minutes) {
        (0..=23, 0..=59) | (24, 0) => Some(hours * 60 + minutes),
        _ => None,
    }
}

/// What is wrong with one posted opening period, in English for the admin's API client.
pub fn check_open_hours(period: &OpenHours) -> Option<&'static str> {
    if period.days.is_empty() || period.days.iter().any(|day| !(1..=7).contains(day)) {
        return Some("days are 1 (Monday) to 7 (Sunday), at least one");
    }
    match (clock_minutes(&period.open), clock_minutes(&period.close)) {
        (Some(open), Some(close)) if open < close => None,
        (Some(_), Some(_)) => Some("close is after open (a night period is two periods)"),
        _ => Some("open and close are local times HH:MM"),
    }
}

/// Whether a station is open at a local moment, and if not, when it next opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenState {
    /// Open until this local time (`HH:MM`).
    OpenUntil(String),
    /// Closed; opens on `day` (1 = Monday … 7 = Sunday) at `at`. `day` equals today's
    /// weekday when it opens later today.
    OpensAt { day: u8, at: String },
    /// No opening hours at all.
    NeverOpen,
}

/// The community's local weekday (1 = Monday … 7 = Sunday) and minute of the day at a
/// Unix time in milliseconds (China keeps +08:00 all year).
pub fn local_moment(unix_ms: i64) -> (u8, u16) {
    let local_seconds = unix_ms.div_euclid(1000) + 8 * 3600;
    let days = local_seconds.div_euclid(86_400);
    let minute = (local_seconds.rem_euclid(86_400) / 60) as u16;
    // 1970-01-01 was a Thursday (4).
    let weekday = ((days + 3).rem_euclid(7) + 1) as u8;
    (weekday, minute)
}

/// `weekday` is 1 (Monday) … 7 (Sunday), `minute` the minutes after local midnight.
pub fn open_state(hours: &[OpenHours], weekday: u8, minute: u16) -> OpenState {
    let periods_on = |day: u8| {
        hours
            .iter()
            .filter(move |period| period.days.contains(&day))
            .filter_map(|period| {
                Some((
                    clock_minutes(&period.open)?,
                    clock_minutes(&period.close)?,
                    period,
                ))
            })
    };
    if let Some((_, _, period)) =
        periods_on(weekday).find(|(open, close, _)| (*open..*close).contains(&minute))
    {
        return OpenState::OpenUntil(period.close.clone());
    }
    for ahead in 0..8u8 {
        let day = (weekday - 1 + ahead) % 7 + 1;
        let next = periods_on(day)
            .filter(|(open, _, _)| ahead > 0 || *open > minute)
            .min_by_key(|(open, _, _)| *open);
        if let Some((_, _, period)) = next {
            return OpenState::OpensAt {
                day,
                at: period.open.clone(),
            };
        }
    }
    OpenState::NeverOpen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(days: &[u8], open: &str, close: &str) -> OpenHours {
        OpenHours {
            days: days.to_vec(),
            open: open.into(),
            close: close.into(),
        }
    }

    #[test]
    fn the_local_moment_is_in_the_communitys_zone() {
        // 2026-11-23 (a Monday) 01:30 UTC is 09:30 in the community.
        assert_eq!(local_moment(1_795_397_400_000), (1, 570));
        // Sunday 2026-11-22 16:30 UTC is already Monday 00:30 there.
        assert_eq!(local_moment(1_795_365_000_000), (1, 30));
    }

    #[test]
    fn reads_local_times_and_refuses_nonsense() {
        assert_eq!(clock_minutes("08:30"), Some(510));
        assert_eq!(clock_minutes("24:00"), Some(1440));
        for bad in ["8:30", "24:01", "12:60", "ab:cd", "0830", ""] {
            assert_eq!(clock_minutes(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_period_needs_real_days_and_an_end_after_its_start() {
        assert_eq!(
            check_open_hours(&period(&[1, 2, 3], "08:30", "20:30")),
            None
        );
        assert!(check_open_hours(&period(&[0], "08:30", "20:30")).is_some());
        assert!(check_open_hours(&period(&[], "08:30", "20:30")).is_some());
        assert!(check_open_hours(&period(&[1], "20:30", "08:30")).is_some());
        assert!(check_open_hours(&period(&[1], "8.30", "20:30")).is_some());
    }

    #[test]
    fn says_until_when_open_and_when_it_opens_next() {
        let weekdays = period(&[1, 2, 3, 4, 5], "08:30", "12:00");
        let afternoons = period(&[1, 2, 3, 4, 5], "14:00", "17:30");
        let saturday = period(&[6], "09:00", "11:00");
        let hours = [weekdays, afternoons, saturday];
        // Monday 10:00: open until noon.
        assert_eq!(
            open_state(&hours, 1, 600),
            OpenState::OpenUntil("12:00".into())
        );
        // Monday 12:30: lunch break, opens again at 14:00 today.
        assert_eq!(
            open_state(&hours, 1, 750),
            OpenState::OpensAt {
                day: 1,
                at: "14:00".into()
            }
        );
        // Friday 18:00: next is Saturday morning.
        assert_eq!(
            open_state(&hours, 5, 1080),
            OpenState::OpensAt {
                day: 6,
                at: "09:00".into()
            }
        );
        // Saturday 11:00 sharp is closed (the end is exclusive); Sunday is shut: Monday.
        assert_eq!(
            open_state(&hours, 6, 660),
            OpenState::OpensAt {
                day: 1,
                at: "08:30".into()
            }
        );
        assert_eq!(open_state(&[], 3, 600), OpenState::NeverOpen);
    }
}
