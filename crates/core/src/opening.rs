//! Stations' opening hours: checking them when an admin posts them, and answering
//! "open now / opens at 08:30" on the device.

use time::macros::format_description;
use time::Date;

use crate::model::{DatedHours, OpenHours};
use crate::validation::FieldProblem;

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
    /// Closed; opens `in_days` days from today (0: later today), on weekday `day` (1 =
    /// Monday … 7 = Sunday), date `date` (`MM-DD`, `YYYY-MM-DD` in another year), at `at`.
    OpensAt {
        day: u8,
        in_days: u16,
        date: String,
        at: String,
    },
    /// No opening hours at all (in the next [`LOOK_AHEAD_DAYS`] days).
    NeverOpen,
}

/// Today at a station: open or when it opens, and why today differs from the week
/// (the note of a dated exception that covers today).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Today {
    pub state: OpenState,
    pub note: Option<String>,
}

/// How far ahead "opens at" looks: a closure for the whole Spring Festival and then some.
pub const LOOK_AHEAD_DAYS: u16 = 400;
/// The most dated exceptions one station posts.
pub const EXCEPTIONS_MAX: usize = 60;
/// The longest one exception runs, in days.
pub const EXCEPTION_DAYS_MAX: u32 = 366;
/// The most periods one date has.
pub const SPANS_MAX: usize = 3;

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

/// A date `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    Date::parse(text, format_description!("[year]-[month]-[day]")).ok()
}

/// An exception's first and last dates, read; `None` when they are not dates.
fn dates_of(exception: &DatedHours) -> Option<(Date, Date)> {
    let from = parse_date(&exception.from)?;
    let until = match &exception.until {
        Some(until) => parse_date(until)?,
        None => from,
    };
    Some((from, until))
}

/// Whether the dated hours close a station all of `date` (the last that covers it has no
/// hours): no slots are offered there that day.
pub fn closed_all_day(exceptions: &[DatedHours], date: Date) -> bool {
    exceptions
        .iter()
        .rev()
        .find(|e| dates_of(e).is_some_and(|(from, until)| (from..=until).contains(&date)))
        .is_some_and(|e| e.hours.is_empty())
}

/// The open periods of `date` as minutes after midnight, with the close as written, and
/// the exception that set them: the last one listed that covers the date, else the
/// week's hours for its weekday.
fn periods_on<'a>(
    hours: &'a [OpenHours],
    exceptions: &'a [(Date, Date, &'a DatedHours)],
    date: Date,
) -> (Vec<(u16, u16, &'a str)>, Option<&'a DatedHours>) {
    let read =
        |open: &str, close: &'a str| Some((clock_minutes(open)?, clock_minutes(close)?, close));
    if let Some((_, _, exception)) = exceptions
        .iter()
        .rev()
        .find(|(from, until, _)| (*from..=*until).contains(&date))
    {
        let spans = exception
            .hours
            .iter()
            .filter_map(|span| read(&span.open, &span.close))
            .collect();
        return (spans, Some(exception));
    }
    let weekday = date.weekday().number_from_monday();
    let spans = hours
        .iter()
        .filter(|period| period.days.contains(&weekday))
        .filter_map(|period| read(&period.open, &period.close))
        .collect();
    (spans, None)
}

/// Today at a station with the week's `hours` and its dated `exceptions`, at `unix_ms`.
pub fn today_at(hours: &[OpenHours], exceptions: &[DatedHours], unix_ms: i64) -> Today {
    let (_, minute) = local_moment(unix_ms);
    let Some(today) = crate::schedule::community_day(unix_ms) else {
        return Today {
            state: OpenState::NeverOpen,
            note: None,
        };
    };
    let read: Vec<(Date, Date, &DatedHours)> = exceptions
        .iter()
        .filter_map(|e| dates_of(e).map(|(from, until)| (from, until, e)))
        .collect();
    let (spans, exception) = periods_on(hours, &read, today);
    let note = exception
        .map(|e| e.note.trim().to_string())
        .filter(|note| !note.is_empty());
    if let Some((_, _, close)) = spans
        .iter()
        .find(|(open, close, _)| (*open..*close).contains(&minute))
    {
        return Today {
            state: OpenState::OpenUntil(close.to_string()),
            note,
        };
    }
    let mut date = today;
    for in_days in 0..=LOOK_AHEAD_DAYS {
        let (spans, _) = periods_on(hours, &read, date);
        let next = spans
            .iter()
            .filter(|(open, _, _)| in_days > 0 || *open > minute)
            .min_by_key(|(open, _, _)| *open);
        if let Some((open, _, _)) = next {
            return Today {
                state: OpenState::OpensAt {
                    day: date.weekday().number_from_monday(),
                    in_days,
                    // Another year's date says its year: "01-06" read on 30 November
                    // is a January that has passed.
                    date: if date.year() == today.year() {
                        format!("{:02}-{:02}", u8::from(date.month()), date.day())
                    } else {
                        format!(
                            "{}-{:02}-{:02}",
                            date.year(),
                            u8::from(date.month()),
                            date.day()
                        )
                    },
                    at: format!("{:02}:{:02}", open / 60, open % 60),
                },
                note,
            };
        }
        match date.next_day() {
            Some(next) => date = next,
            None => break,
        }
    }
    Today {
        state: OpenState::NeverOpen,
        note,
    }
}

/// The exceptions that still apply on or after today and start within `days` days, in
/// date order: what a station card lists as coming changes to its hours.
pub fn coming_exceptions(exceptions: &[DatedHours], unix_ms: i64, days: i64) -> Vec<&DatedHours> {
    let Some(today) = crate::schedule::community_day(unix_ms) else {
        return Vec::new();
    };
    let horizon = today
        .checked_add(time::Duration::days(days))
        .unwrap_or(today);
    let mut coming: Vec<(Date, &DatedHours)> = exceptions
        .iter()
        .filter_map(|e| dates_of(e).map(|(from, until)| (from, until, e)))
        .filter(|(from, until, _)| *until >= today && *from <= horizon)
        .map(|(from, _, e)| (from, e))
        .collect();
    coming.sort_by_key(|(from, _)| *from);
    coming.into_iter().map(|(_, e)| e).collect()
}

/// What is wrong with one period's times, by the time at fault (`open`, `close`): each
/// a clock time, closing after it opens (a night period is two periods). A station's
/// week and its dated hours both hold to it.
pub fn check_times(open: &str, close: &str) -> Vec<(&'static str, FieldProblem)> {
    let mut problems = Vec::new();
    let open = clock_minutes(open);
    let close = clock_minutes(close);
    if open.is_none() {
        problems.push(("open", FieldProblem::NotAClockTime));
    }
    if close.is_none() {
        problems.push(("close", FieldProblem::NotAClockTime));
    }
    if let (Some(open), Some(close)) = (open, close) {
        if close <= open {
            problems.push(("close", FieldProblem::EndsTooEarly));
        }
    }
    problems
}

/// What is wrong with one dated exception, by its member (`from`, `until`, `hours`,
/// `note`); a form that shows a period's times apart asks [`check_times`].
pub fn check_exception(exception: &DatedHours) -> Vec<(&'static str, FieldProblem)> {
    // Checked as it is kept: without the spaces around its dates and note.
    let mut problems = Vec::new();
    let from = parse_date(exception.from.trim());
    if from.is_none() {
        problems.push(("from", FieldProblem::NotADate));
    }
    if let Some(until) = &exception.until {
        match (from, parse_date(until.trim())) {
            (_, None) => problems.push(("until", FieldProblem::NotADate)),
            (Some(from), Some(until)) if until < from => {
                problems.push(("until", FieldProblem::EndsTooEarly))
            }
            (Some(from), Some(until))
                if (until - from).whole_days() >= i64::from(EXCEPTION_DAYS_MAX) =>
            {
                problems.push((
                    "until",
                    FieldProblem::SpanTooLong {
                        max_days: EXCEPTION_DAYS_MAX,
                    },
                ))
            }
            _ => {}
        }
    }
    if exception.hours.len() > SPANS_MAX {
        problems.push(("hours", FieldProblem::TooMany { max: SPANS_MAX }));
    }
    for span in &exception.hours {
        // The whole period named: which of its times is at fault is the form's to say.
        let mut found = check_times(&span.open, &span.close);
        found.sort_by_key(|(_, problem)| *problem != FieldProblem::NotAClockTime);
        if let Some((_, problem)) = found.into_iter().next() {
            problems.push(("hours", problem));
        }
    }
    let note = exception.note.trim();
    if crate::validation::char_len(note) > crate::validation::TITLE_MAX {
        problems.push((
            "note",
            FieldProblem::TooLong {
                max: crate::validation::TITLE_MAX,
            },
        ));
    } else if crate::validation::has_control_chars(note) {
        problems.push(("note", FieldProblem::Unprintable));
    }
    problems.dedup();
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

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

    /// Unix ms of Monday 2026-11-23 + `days`, at `hh:mm` in the community.
    fn at(days: i64, hh: i64, mm: i64) -> i64 {
        1_795_363_200_000 + days * 86_400_000 + (hh * 60 + mm) * 60_000
    }

    fn opens(day: u8, in_days: u16, date: &str, at: &str) -> OpenState {
        OpenState::OpensAt {
            day,
            in_days,
            date: date.into(),
            at: at.into(),
        }
    }

    #[test]
    fn says_until_when_open_and_when_it_opens_next() {
        let weekdays = period(&[1, 2, 3, 4, 5], "08:30", "12:00");
        let afternoons = period(&[1, 2, 3, 4, 5], "14:00", "17:30");
        let saturday = period(&[6], "09:00", "11:00");
        let hours = [weekdays, afternoons, saturday];
        let state = |ms| today_at(&hours, &[], ms).state;
        // Monday 10:00: open until noon.
        assert_eq!(state(at(0, 10, 0)), OpenState::OpenUntil("12:00".into()));
        // Monday 12:30: lunch break, opens again at 14:00 today.
        assert_eq!(state(at(0, 12, 30)), opens(1, 0, "11-23", "14:00"));
        // Friday 18:00: next is Saturday morning.
        assert_eq!(state(at(4, 18, 0)), opens(6, 1, "11-28", "09:00"));
        // Saturday 11:00 sharp is closed (the end is exclusive); Sunday is shut: Monday.
        assert_eq!(state(at(5, 11, 0)), opens(1, 2, "11-30", "08:30"));
        assert_eq!(today_at(&[], &[], at(2, 10, 0)).state, OpenState::NeverOpen);
    }

    #[test]
    fn a_station_closed_past_new_year_says_the_year_it_opens() {
        let hours = [period(&[1, 2, 3, 4, 5], "08:30", "17:30")];
        let works = closed("2026-12-01", Some("2027-01-05"), "装修");
        // Monday 2026-11-30, after hours: it opens on Wednesday 2027-01-06.
        assert_eq!(
            today_at(&hours, &[works], at(7, 18, 0)).state,
            opens(3, 37, "2027-01-06", "08:30")
        );
    }

    fn closed(from: &str, until: Option<&str>, note: &str) -> DatedHours {
        DatedHours {
            from: from.into(),
            until: until.map(str::to_string),
            hours: Vec::new(),
            note: note.into(),
        }
    }

    #[test]
    fn a_holiday_closes_and_a_red_weekend_opens_longer() {
        let hours = [period(&[1, 2, 3, 4, 5, 6], "08:30", "17:30")];
        let holiday = closed("2026-11-24", Some("2026-11-25"), "调休闭馆");
        let red_weekend = DatedHours {
            from: "2026-11-29".into(),
            until: None,
            hours: vec![Span {
                open: "09:00".into(),
                close: "21:00".into(),
            }],
            note: "红色周末延长开放".into(),
        };
        let exceptions = [holiday, red_weekend];
        // Tuesday 10:00, in the holiday: closed, opens Thursday, and says why.
        let tuesday = today_at(&hours, &exceptions, at(1, 10, 0));
        assert_eq!(tuesday.state, opens(4, 2, "11-26", "08:30"));
        assert_eq!(tuesday.note.as_deref(), Some("调休闭馆"));
        // Monday evening, before it: opens Thursday, no note today.
        let monday = today_at(&hours, &exceptions, at(0, 18, 0));
        assert_eq!(monday.state, opens(4, 3, "11-26", "08:30"));
        assert_eq!(monday.note, None);
        // Sunday (closed in the week) is open until nine that evening.
        let sunday = today_at(&hours, &exceptions, at(6, 19, 0));
        assert_eq!(sunday.state, OpenState::OpenUntil("21:00".into()));
        assert_eq!(sunday.note.as_deref(), Some("红色周末延长开放"));
        // A month's closure: opens the day after, far ahead, by date.
        let closure = [closed("2026-11-23", Some("2026-12-31"), "装修")];
        assert_eq!(
            today_at(&hours, &closure, at(0, 9, 0)).state,
            opens(5, 39, "2027-01-01", "08:30")
        );
        // A later exception for the same day wins.
        let both = [
            closed("2026-11-23", None, "停电"),
            DatedHours {
                hours: vec![Span {
                    open: "08:00".into(),
                    close: "09:30".into(),
                }],
                ..closed("2026-11-23", None, "来电了")
            },
        ];
        assert_eq!(
            today_at(&hours, &both, at(0, 9, 0)).state,
            OpenState::OpenUntil("09:30".into())
        );
    }

    #[test]
    fn coming_exceptions_are_those_not_over_within_the_days_asked() {
        let exceptions = [
            closed("2026-11-20", Some("2026-11-23"), "over today"),
            closed("2026-12-01", None, "soon"),
            closed("2026-11-10", None, "past"),
            closed("2027-03-01", None, "far"),
        ];
        let coming: Vec<&str> = coming_exceptions(&exceptions, at(0, 10, 0), 30)
            .into_iter()
            .map(|e| e.note.as_str())
            .collect();
        assert_eq!(coming, ["over today", "soon"]);
    }

    #[test]
    fn an_exception_is_checked_member_by_member() {
        assert!(check_exception(&closed("2027-01-01", None, "元旦")).is_empty());
        // Checked as it is kept: without the spaces around its dates and note.
        let spaced = closed(
            " 2027-01-01 ",
            Some(" 2027-01-03"),
            &format!(" {} ", "x".repeat(60)),
        );
        assert!(check_exception(&spaced).is_empty());
        let bad = DatedHours {
            from: "2027-02-30".into(),
            until: Some("soon".into()),
            hours: vec![Span {
                open: "21:00".into(),
                close: "09:00".into(),
            }],
            note: "x".repeat(61),
        };
        assert_eq!(
            check_exception(&bad),
            vec![
                ("from", FieldProblem::NotADate),
                ("until", FieldProblem::NotADate),
                ("hours", FieldProblem::EndsTooEarly),
                ("note", FieldProblem::TooLong { max: 60 }),
            ]
        );
        let backwards = closed("2027-01-02", Some("2027-01-01"), "");
        assert_eq!(
            check_exception(&backwards),
            vec![("until", FieldProblem::EndsTooEarly)]
        );
        let long = closed("2027-01-01", Some("2028-01-02"), "");
        assert_eq!(
            check_exception(&long),
            vec![("until", FieldProblem::SpanTooLong { max_days: 366 })]
        );
    }
}
