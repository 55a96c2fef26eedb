//! Activities as people see them: what a resident browses and signs up for
//! ([`Activity`], with their own sign-ups), what staff see at the door
//! ([`ActivitySignup`]), what the requests carry, and the month's figures.

use serde::{Deserialize, Serialize};

use super::{Audience, Every, NotOpen, SignupState, REPEATS_MAX};
use crate::validation::{FieldProblem, FILED_FOR_NAME_MAX};
use crate::workbench::shifts::parse_time;
use crate::workbench::Found;

/// One of the caller's sign-ups for an activity: theirs, or a child's they signed up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MySignup {
    /// The id the device chose when signing up (the outbox resends under it).
    pub id: String,
    /// The child it is for, when a guardian signed up a child.
    #[serde(default)]
    pub child_name: Option<String>,
    pub state: SignupState,
    /// Their place in line, from 1, while waitlisted.
    #[serde(default)]
    pub position: Option<u32>,
    /// What they show at the door (and the QR code holds).
    pub code: String,
    pub checked_in: bool,
}

/// An activity as the community sees it, with the caller's own sign-ups (`mine`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    pub id: String,
    pub title: String,
    pub description: String,
    pub organiser: String,
    #[serde(default)]
    pub station_id: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    /// RFC 3339, the community's offset.
    pub starts_at: String,
    pub ends_at: String,
    /// When sign-ups stop being taken: the start, or earlier.
    pub signup_closes_at: String,
    pub capacity: u32,
    pub audience: Audience,
    /// Places taken.
    pub confirmed: u32,
    /// How many are in line for a place.
    pub waitlisted: u32,
    pub cancelled: bool,
    /// The first activity of the repetition this one belongs to.
    #[serde(default)]
    pub series_id: Option<String>,
    pub updated_at: String,
    #[serde(default)]
    pub mine: Vec<MySignup>,
}

impl Activity {
    /// Whether sign-ups are taken at `now_ms` (Unix milliseconds); a time the device
    /// cannot read is taken as closed.
    pub fn signup_open(&self, now_ms: i64) -> Result<(), NotOpen> {
        let closes = parse_time(&self.signup_closes_at).unwrap_or(i64::MIN);
        super::signup_open(now_ms.div_euclid(1000), closes, self.cancelled)
    }

    /// Whether it has started at `now_ms`: no giving a place back after that. A time the
    /// device cannot read is taken as started.
    pub fn has_started(&self, now_ms: i64) -> bool {
        parse_time(&self.starts_at)
            .is_none_or(|start| !super::may_give_back(now_ms.div_euclid(1000), start))
    }

    /// Places not yet taken.
    pub fn places_left(&self) -> u32 {
        self.capacity.saturating_sub(self.confirmed)
    }

    /// Where a sign-up made now would go, as far as this copy knows.
    pub fn next_signup_goes(&self) -> SignupState {
        super::place_for(self.confirmed, self.capacity)
    }

    /// The caller's sign-up for `child_name` (their own with `None`).
    pub fn mine_for(&self, child_name: Option<&str>) -> Option<&MySignup> {
        self.mine
            .iter()
            .find(|signup| signup.child_name.as_deref() == child_name)
    }
}

/// A sign-up as staff see it at the door and on the list: who, their phone whole (staff
/// call people whose activity moved), the code, and whether they came.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivitySignup {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub phone: String,
    #[serde(default)]
    pub child_name: Option<String>,
    pub state: SignupState,
    #[serde(default)]
    pub position: Option<u32>,
    pub code: String,
    pub signed_up_at: String,
    /// When they were checked in at the door; `null` until then.
    #[serde(default)]
    pub checked_in_at: Option<String>,
}

/// An activity that starts today or tomorrow, with everyone signed up: what a device at
/// the door keeps to check people in offline (`GET /activities/door`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoorList {
    pub activity: Activity,
    pub signups: Vec<ActivitySignup>,
}

// `PUT /activities/{id}/signups/{signup_id}`: who is coming, when not the account holder
// (a child, signed up by their guardian).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignupBody {
    #[serde(default)]
    pub child_name: Option<String>,
}

/// The child a sign-up for an activity `audience` is for, trimmed (`None`: the account
/// holder); else the problem. An activity for children names the child.
pub fn check_signup(
    audience: Audience,
    body: &SignupBody,
) -> Result<Option<String>, Vec<(String, FieldProblem)>> {
    let name = body.child_name.as_deref().map(str::trim).unwrap_or("");
    let mut found = Found::default();
    found.text(
        "child_name",
        name,
        audience.names_a_child(),
        FILED_FOR_NAME_MAX,
    );
    let problems = found.finish();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok((!name.is_empty()).then(|| name.to_string()))
}

/// The most children one account signs up for one activity: a family's, not a
/// class's, so that nobody fills an activity with names.
pub const CHILDREN_MAX: usize = 5;

/// The problem with signing up one more child where `already` were signed up from the
/// same account, if any.
pub fn room_for_a_child(already: usize) -> Option<(&'static str, FieldProblem)> {
    (already >= CHILDREN_MAX).then_some(("child_name", FieldProblem::TooMany { max: CHILDREN_MAX }))
}

// `POST /activities/{id}/repeats`: the activity again every week or two, `times` in all
// (itself included).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RepeatBody {
    pub every: Every,
    pub times: u32,
}

/// The problem with `body`: a repetition is 2 to [`REPEATS_MAX`] activities.
pub fn check_repeat(body: &RepeatBody) -> Result<(), Vec<(String, FieldProblem)>> {
    if (2..=REPEATS_MAX).contains(&body.times) {
        Ok(())
    } else {
        Err(vec![(
            "times".to_string(),
            FieldProblem::OutOfRange {
                min: 2,
                max: i64::from(REPEATS_MAX),
            },
        )])
    }
}

// `PUT /activities/{id}/check-ins/{code}`: when the code was taken at the door, as the
// staff's device saw it (it may have been offline).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckInBody {
    #[serde(default)]
    pub at: Option<String>,
}

/// What one organiser held in a month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganiserFigures {
    pub organiser: String,
    pub held: u32,
    pub served: u32,
}

/// A month's activities in figures (`GET /activities/figures?month=YYYY-MM`): held (not
/// cancelled, started in the month), cancelled, places taken, people served (checked in
/// at the door), those with a place who did not come once it was over, and by organiser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthFigures {
    pub month: String,
    pub held: u32,
    pub cancelled: u32,
    pub confirmed: u32,
    pub served: u32,
    pub no_shows: u32,
    pub by_organiser: Vec<OrganiserFigures>,
}

/// The first moment of month `YYYY-MM` and of the next, Unix seconds, the community's
/// time; `None` for anything else.
pub fn month_span(text: &str) -> Option<(i64, i64)> {
    let (year, month) = text.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let month = time::Month::try_from(month.parse::<u8>().ok()?).ok()?;
    let first = time::Date::from_calendar_date(year, month, 1).ok()?;
    let (next_year, next_month) = match month {
        time::Month::December => (year.checked_add(1)?, time::Month::January),
        other => (year, other.next()),
    };
    let next = time::Date::from_calendar_date(next_year, next_month, 1).ok()?;
    let offset = time::UtcOffset::from_hms(8, 0, 0).ok()?;
    let at = |date: time::Date| {
        date.with_time(time::Time::MIDNIGHT)
            .assume_offset(offset)
            .unix_timestamp()
    };
    Some((at(first), at(next)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_is_named_for_a_childrens_activity_and_may_be_for_others() {
        let none = SignupBody::default();
        assert!(check_signup(Audience::ChildrenWithGuardian, &none).is_err());
        let blank = SignupBody {
            child_name: Some("  ".into()),
        };
        assert!(check_signup(Audience::ChildrenWithGuardian, &blank).is_err());
        assert_eq!(check_signup(Audience::Everyone, &blank), Ok(None));
        let child = SignupBody {
            child_name: Some(" 小明 ".into()),
        };
        assert_eq!(
            check_signup(Audience::ChildrenWithGuardian, &child),
            Ok(Some("小明".into()))
        );
        let long = SignupBody {
            child_name: Some("名".repeat(FILED_FOR_NAME_MAX + 1)),
        };
        assert!(check_signup(Audience::Everyone, &long).is_err());
    }

    #[test]
    fn a_repetition_is_two_to_the_most() {
        let body = |times| RepeatBody {
            every: Every::Week,
            times,
        };
        assert!(check_repeat(&body(1)).is_err());
        assert!(check_repeat(&body(2)).is_ok());
        assert!(check_repeat(&body(REPEATS_MAX)).is_ok());
        assert!(check_repeat(&body(REPEATS_MAX + 1)).is_err());
    }

    #[test]
    fn a_month_runs_from_its_first_local_midnight_to_the_next() {
        // 2026-12-01T00:00+08:00 and 2027-01-01T00:00+08:00.
        assert_eq!(month_span("2026-12"), Some((1_796_054_400, 1_798_732_800)));
        assert_eq!(month_span("2026-13"), None);
        assert_eq!(month_span("26-12"), None);
        assert_eq!(month_span("2026-1"), None);
    }
}
