//! The rota's writes (admins and dispatchers): one shift (`POST /shifts`, `PUT
//! /shifts/{id}`), a series of them (`POST /shifts/series`: every Thursday 09:00–11:00
//! from one date until another), and whether someone who signed up came
//! (`PUT /shifts/{id}/attendance/{user_id}`).
//!
//! Times are the community's (China keeps +08:00 all year, so a wall time is one instant
//! whatever the date: there is no daylight saving to skip or repeat an hour).

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};

use super::{parse_date, Found, Problems};
use crate::opening::clock_minutes;
use crate::validation::{FieldProblem, TITLE_MAX};

/// The most places one shift has.
pub const CAPACITY_MAX: i64 = 10_000;
/// The longest stretch one series covers, `from` and `until` included.
pub const SERIES_DAYS_MAX: u32 = 366;
/// The most shifts one series makes.
pub const SERIES_SHIFTS_MAX: usize = 200;

/// The years a time the community's calendar shows may fall in.
const YEARS: std::ops::RangeInclusive<i32> = 1970..=9998;

fn community_offset() -> UtcOffset {
    UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// The Unix time of an RFC 3339 time a client sent, where the community's calendar has
/// it (years 1970 to 9998 in +08:00): a time written with an extreme offset at the edge
/// of the calendar is refused, not stored as something no one can show.
pub fn parse_time(text: &str) -> Option<i64> {
    let t = OffsetDateTime::parse(text.trim(), &Rfc3339).ok()?;
    let local = t.checked_to_offset(community_offset())?;
    YEARS.contains(&local.year()).then(|| t.unix_timestamp())
}

/// A Unix time as RFC 3339 in the community's offset (`2026-11-26T09:00:00+08:00`).
pub fn local_rfc3339(unix_seconds: i64) -> Option<String> {
    OffsetDateTime::from_unix_timestamp(unix_seconds)
        .ok()?
        .checked_to_offset(community_offset())?
        .format(&Rfc3339)
        .ok()
}

// A shift as an admin or dispatcher writes it; times are RFC 3339 with an offset. (Not a
// doc comment: utoipa would make it the schema's description in openapi.json.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ShiftBody {
    pub title: String,
    pub team: String,
    pub station_id: Option<String>,
    pub starts_at: String,
    pub ends_at: String,
    pub capacity: i64,
}

/// When a shift that passed its checks starts and ends, in Unix seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShiftTimes {
    pub starts_at: i64,
    pub ends_at: i64,
}

fn check_what(found: &mut Found, title: &str, team: &str, capacity: i64) {
    found.text("title", title, true, TITLE_MAX);
    found.text("team", team, true, TITLE_MAX);
    check_capacity(found, capacity, CAPACITY_MAX);
}

/// Places from 1 to `max` (a shift's, an activity's).
pub(crate) fn check_capacity(found: &mut Found, capacity: i64, max: i64) {
    if !(1..=max).contains(&capacity) {
        found.add("capacity", FieldProblem::OutOfRange { min: 1, max });
    }
}

/// `starts_at` and `ends_at` read (RFC 3339 in the community's calendar), the end after
/// the start; each unread one is a problem at its field.
pub(crate) fn check_span(
    found: &mut Found,
    starts_at: &str,
    ends_at: &str,
) -> (Option<i64>, Option<i64>) {
    let starts = parse_time(starts_at);
    let ends = parse_time(ends_at);
    if starts.is_none() {
        found.add("starts_at", FieldProblem::NotATime);
    }
    if ends.is_none() {
        found.add("ends_at", FieldProblem::NotATime);
    }
    if let (Some(start), Some(end)) = (starts, ends) {
        if end <= start {
            found.add("ends_at", FieldProblem::EndsTooEarly);
        }
    }
    (starts, ends)
}

/// Every problem with `body`, by field; else when the shift starts and ends. Whether
/// its station exists is the server's to say.
pub fn check(body: &ShiftBody) -> Result<ShiftTimes, Problems> {
    let mut found = Found::default();
    check_what(&mut found, &body.title, &body.team, body.capacity);
    let (starts_at, ends_at) = check_span(&mut found, &body.starts_at, &body.ends_at);
    let problems = found.finish();
    match (starts_at, ends_at) {
        (Some(starts_at), Some(ends_at)) if problems.is_empty() => {
            Ok(ShiftTimes { starts_at, ends_at })
        }
        _ => Err(problems),
    }
}

// A series of shifts: one on every chosen weekday (1 = Monday … 7 = Sunday) from `from`
// to `until` (both included, YYYY-MM-DD), each from `start` to `end` (HH:MM, the
// community's time). At most 366 days and 200 shifts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SeriesBody {
    // The client's id for the series (letters, digits, `-`, `_`): a resend of it, its
    // first answer lost, gets the series it made instead of making it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub title: String,
    pub team: String,
    #[serde(default)]
    pub station_id: Option<String>,
    pub weekdays: Vec<u8>,
    pub start: String,
    pub end: String,
    pub from: String,
    pub until: String,
    pub capacity: i64,
}

/// One shift of a series: its community date, and when it starts and ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub date: Date,
    /// Unix seconds.
    pub starts_at: i64,
    /// Unix seconds.
    pub ends_at: i64,
}

impl Occurrence {
    /// When it starts, as RFC 3339 in the community's offset.
    pub fn starts_at_rfc3339(&self) -> String {
        local_rfc3339(self.starts_at).unwrap_or_default()
    }

    /// When it ends, as RFC 3339 in the community's offset.
    pub fn ends_at_rfc3339(&self) -> String {
        local_rfc3339(self.ends_at).unwrap_or_default()
    }
}

/// `minutes` after the community's midnight starting `date`, as RFC 3339 in the
/// community's offset, where the calendar has it.
pub fn local_at(date: Date, minutes: u16) -> Option<String> {
    YEARS
        .contains(&date.year())
        .then(|| local_rfc3339(local_unix(date, minutes)))
        .flatten()
}

/// How the id of a series of one shift begins ([`once_when_open`]).
const ALONE: &str = "once-";

/// Whether `shift` is one of a series of several (so "cancel the rest of the series"
/// means something), not a shift made alone, with or without a series of one.
pub fn in_a_series(shift: &crate::model::Shift) -> bool {
    // The reference server names a series `se-` and the id the client gave it.
    shift
        .series_id
        .as_deref()
        .is_some_and(|id| !id.strip_prefix("se-").unwrap_or(id).starts_with(ALONE))
}

/// A series typed with no last day is one shift, on `from` (whatever weekdays were
/// ticked): `until` is `from`, and the weekday `from`'s own. Sent as a series, it is made
/// once under its id however often it is sent. (The app's form reads it so; the server
/// takes whole series.)
pub fn once_when_open(body: &mut SeriesBody) {
    if !body.until.trim().is_empty() {
        return;
    }
    // Its id says so, for the rota to offer no "the rest of the series" to cancel.
    if let Some(id) = body.id.as_mut().filter(|id| !id.starts_with(ALONE)) {
        id.insert_str(0, ALONE);
    }
    body.until = body.from.clone();
    if let Some(day) = parse_date(body.from.trim()) {
        body.weekdays = vec![day.weekday().number_from_monday()];
    }
}

/// The Unix time of `minutes` after the community's midnight starting `date`.
fn local_unix(date: Date, minutes: u16) -> i64 {
    date.midnight()
        .assume_offset(community_offset())
        .unix_timestamp()
        + i64::from(minutes) * 60
}

/// A date of the series, where the community's calendar has it.
fn series_date(found: &mut Found, field: &str, text: &str) -> Option<Date> {
    let date = parse_date(text).filter(|d| YEARS.contains(&d.year()));
    if date.is_none() {
        found.add(field, FieldProblem::NotADate);
    }
    date
}

/// The shifts `body` asks for, in order, or every problem with it by field. A pure
/// function of the body: the app shows what a series will make before it is sent, and
/// the server makes exactly these.
pub fn expand(body: &SeriesBody) -> Result<Vec<Occurrence>, Problems> {
    let mut found = Found::default();
    if let Some(problem) = body.id.as_deref().and_then(super::check_admin_id) {
        found.add("id", problem);
    }
    check_what(&mut found, &body.title, &body.team, body.capacity);
    if body.weekdays.is_empty() {
        found.add("weekdays", FieldProblem::Required);
    } else if body.weekdays.iter().any(|day| !(1..=7).contains(day)) {
        found.add("weekdays", FieldProblem::NotAWeekday);
    }
    // A start of 24:00 is the next day's midnight: not a time a day's shift starts.
    let start = clock_minutes(body.start.trim()).filter(|m| *m < 24 * 60);
    let end = clock_minutes(body.end.trim());
    if start.is_none() {
        found.add("start", FieldProblem::NotAClockTime);
    }
    if end.is_none() {
        found.add("end", FieldProblem::NotAClockTime);
    }
    if let (Some(start), Some(end)) = (start, end) {
        if end <= start {
            found.add("end", FieldProblem::EndsTooEarly);
        }
    }
    let from = series_date(&mut found, "from", &body.from);
    let until = series_date(&mut found, "until", &body.until);
    if let (Some(from), Some(until)) = (from, until) {
        let days = (until - from).whole_days() + 1;
        if days < 1 {
            found.add("until", FieldProblem::EndsTooEarly);
        } else if days > i64::from(SERIES_DAYS_MAX) {
            found.add(
                "until",
                FieldProblem::SpanTooLong {
                    max_days: SERIES_DAYS_MAX,
                },
            );
        }
    }
    let problems = found.finish();
    let (Some(start), Some(end), Some(from), Some(until)) = (start, end, from, until) else {
        return Err(problems);
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut shifts = Vec::new();
    let mut day = Some(from);
    while let Some(date) = day.filter(|d| *d <= until) {
        if body.weekdays.contains(&date.weekday().number_from_monday()) {
            shifts.push(Occurrence {
                date,
                starts_at: local_unix(date, start),
                ends_at: local_unix(date, end),
            });
        }
        day = date.next_day();
    }
    if shifts.is_empty() {
        return Err(vec![("weekdays".to_string(), FieldProblem::NoneInRange)]);
    }
    if shifts.len() > SERIES_SHIFTS_MAX {
        return Err(vec![(
            "until".to_string(),
            FieldProblem::TooManyShifts {
                max: SERIES_SHIFTS_MAX,
            },
        )]);
    }
    Ok(shifts)
}

/// The body of `PUT /shifts/{id}/attendance/{user_id}`: whether they came.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttendanceBody {
    pub attended: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thursdays(from: &str, until: &str) -> SeriesBody {
        SeriesBody {
            id: None,
            title: "周四环境清洁日".into(),
            team: "志愿服务队".into(),
            station_id: Some("st-2".into()),
            weekdays: vec![4],
            start: "09:00".into(),
            end: "11:00".into(),
            from: from.into(),
            until: until.into(),
            capacity: 12,
        }
    }

    fn problems(body: &SeriesBody) -> Problems {
        expand(body).err().unwrap_or_default()
    }

    #[test]
    fn a_series_with_no_last_day_is_one_shift_on_its_first() {
        // 2026-12-01 is a Tuesday.
        let mut once = thursdays("2026-12-01", " ");
        once.id = Some("0193a1b2-0000-7000-8000-000000000007".into());
        once_when_open(&mut once);
        assert_eq!(
            once.id.as_deref(),
            Some("once-0193a1b2-0000-7000-8000-000000000007")
        );
        once_when_open(&mut once);
        assert_eq!(
            once.id.as_deref(),
            Some("once-0193a1b2-0000-7000-8000-000000000007"),
            "the same id however often it is sent"
        );
        let made = expand(&once).expect("one shift");
        assert_eq!(made.len(), 1);
        assert_eq!(made[0].starts_at_rfc3339(), "2026-12-01T09:00:00+08:00");
        // As the rota reads it back: alone, however the server names the series.
        let shift = |series: Option<&str>| crate::model::Shift {
            id: "sh-1".into(),
            title: "扫雪".into(),
            team: "志愿服务队".into(),
            station_id: None,
            starts_at: "2026-12-01T01:00:00Z".into(),
            ends_at: "2026-12-01T03:00:00Z".into(),
            capacity: 4,
            signed_up: 0,
            me: false,
            status: crate::model::ShiftStatus::Open,
            updated_at: "2026-12-01T00:00:00Z".into(),
            series_id: series.map(str::to_string),
        };
        assert!(!in_a_series(&shift(Some("se-once-0193a1b2"))));
        assert!(!in_a_series(&shift(None)));
        assert!(in_a_series(&shift(Some("se-0193a1b2"))));
        // A last day typed: the series as it is.
        let mut weekly = thursdays("2026-12-01", "2026-12-31");
        once_when_open(&mut weekly);
        assert_eq!(expand(&weekly).map(|m| m.len()), Ok(5));
    }

    #[test]
    fn every_thursday_for_eight_weeks_is_eight_shifts_at_nine_community_time() {
        // 2026-12-03 is a Thursday; the eighth is 2027-01-21, across the new year.
        let shifts = expand(&thursdays("2026-12-01", "2027-01-21")).unwrap_or_default();
        assert_eq!(shifts.len(), 8);
        assert_eq!(shifts[0].starts_at_rfc3339(), "2026-12-03T09:00:00+08:00");
        assert_eq!(shifts[0].ends_at_rfc3339(), "2026-12-03T11:00:00+08:00");
        assert_eq!(shifts[4].starts_at_rfc3339(), "2026-12-31T09:00:00+08:00");
        assert_eq!(shifts[5].starts_at_rfc3339(), "2027-01-07T09:00:00+08:00");
        // `until` is included: the last Thursday is the until date itself.
        assert_eq!(shifts[7].starts_at_rfc3339(), "2027-01-21T09:00:00+08:00");
        // 09:00 in Shanghai is 01:00 UTC, every week the same instant of the day.
        assert_eq!(shifts[0].starts_at % 86_400, 3600);
        for pair in shifts.windows(2) {
            assert_eq!(pair[1].starts_at - pair[0].starts_at, 7 * 86_400);
        }
    }

    #[test]
    fn until_is_included_and_one_day_is_a_series_of_one() {
        let one = expand(&thursdays("2026-12-03", "2026-12-03")).unwrap_or_default();
        assert_eq!(one.len(), 1);
        assert_eq!(
            problems(&thursdays("2026-12-04", "2026-12-09")),
            vec![("weekdays".to_string(), FieldProblem::NoneInRange)]
        );
    }

    #[test]
    fn several_weekdays_come_out_in_date_order() {
        let mut body = thursdays("2026-12-28", "2027-01-03");
        body.weekdays = vec![7, 1, 5];
        let dates: Vec<String> = expand(&body)
            .unwrap_or_default()
            .iter()
            .map(|o| o.date.to_string())
            .collect();
        assert_eq!(dates, ["2026-12-28", "2027-01-01", "2027-01-03"]);
    }

    #[test]
    fn a_year_is_the_longest_series_and_two_hundred_shifts_the_most() {
        // 2028 is a leap year: 366 days from 1 January to 31 December.
        let mut daily = thursdays("2028-01-01", "2028-12-31");
        daily.weekdays = vec![4];
        assert_eq!(expand(&daily).map(|s| s.len()), Ok(52));
        let long = thursdays("2028-01-01", "2029-01-01");
        assert_eq!(
            problems(&long),
            vec![(
                "until".to_string(),
                FieldProblem::SpanTooLong { max_days: 366 }
            )]
        );
        daily.weekdays = (1..=7).collect();
        assert_eq!(
            problems(&daily),
            vec![(
                "until".to_string(),
                FieldProblem::TooManyShifts { max: 200 }
            )]
        );
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let body = SeriesBody {
            id: None,
            title: String::new(),
            team: "队".into(),
            station_id: None,
            weekdays: vec![0, 8],
            start: "25:00".into(),
            end: "9:00".into(),
            from: "2026-02-30".into(),
            until: "9999-12-31".into(),
            capacity: 0,
        };
        assert_eq!(
            problems(&body),
            vec![
                ("title".to_string(), FieldProblem::Required),
                (
                    "capacity".into(),
                    FieldProblem::OutOfRange {
                        min: 1,
                        max: CAPACITY_MAX
                    }
                ),
                ("weekdays".into(), FieldProblem::NotAWeekday),
                ("start".into(), FieldProblem::NotAClockTime),
                ("end".into(), FieldProblem::NotAClockTime),
                ("from".into(), FieldProblem::NotADate),
                ("until".into(), FieldProblem::NotADate),
            ]
        );
        let backwards = thursdays("2026-12-10", "2026-12-01");
        assert_eq!(
            problems(&backwards),
            vec![("until".to_string(), FieldProblem::EndsTooEarly)]
        );
        let mut inverted = thursdays("2026-12-01", "2026-12-31");
        inverted.end = "09:00".into();
        assert_eq!(
            problems(&inverted),
            vec![("end".to_string(), FieldProblem::EndsTooEarly)]
        );
    }

    #[test]
    fn a_shift_ends_after_it_starts_at_a_time_the_calendar_shows() {
        let body = ShiftBody {
            title: "晚间值守".into(),
            team: "党员先锋队".into(),
            station_id: None,
            starts_at: "2027-01-12T09:00:00+08:00".into(),
            ends_at: "2027-01-12T07:00:00+08:00".into(),
            capacity: 2,
        };
        assert_eq!(
            check(&body),
            Err(vec![("ends_at".to_string(), FieldProblem::EndsTooEarly)])
        );
        let fine = ShiftBody {
            ends_at: "2027-01-12T11:00:00+08:00".into(),
            ..body.clone()
        };
        assert_eq!(check(&fine).map(|t| t.ends_at - t.starts_at), Ok(2 * 3600));
        let edge = ShiftBody {
            starts_at: "9999-12-31T23:00:00-23:59".into(),
            ..body
        };
        assert!(check(&edge).is_err());
    }
}
