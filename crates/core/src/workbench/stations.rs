//! `PUT /stations/{id}` (admins): a station's address, phone, opening hours, amenities.

use serde::{Deserialize, Serialize};

use super::{Found, Problems};
use crate::model::{Amenity, DatedHours, OpenHours};
use crate::opening::{check_exception, check_times, EXCEPTIONS_MAX};
use crate::validation::{FieldProblem, ADDRESS_MAX, TITLE_MAX};

/// Opening periods one station posts (three a day, every day).
pub const PERIODS_MAX: usize = 21;

/// A station as GET returns it; `id` and `updated_at` may come back and are ignored.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StationBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    pub name: String,
    pub address: String,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lng: Option<f64>,
    pub phone: String,
    #[serde(default)]
    pub open_hours: Vec<OpenHours>,
    #[serde(default)]
    pub amenities: Vec<Amenity>,
    /// Dates whose hours differ from the week's (issue 19).
    #[serde(default)]
    pub exceptions: Vec<DatedHours>,
}

/// What is wrong with one opening period, by its member (`days`, `open`, `close`).
pub fn check_period(period: &OpenHours) -> Vec<(&'static str, FieldProblem)> {
    let mut problems = Vec::new();
    if period.days.is_empty() {
        problems.push(("days", FieldProblem::Required));
    } else if period.days.iter().any(|day| !(1..=7).contains(day)) {
        problems.push(("days", FieldProblem::NotAWeekday));
    }
    problems.extend(check_times(&period.open, &period.close));
    problems
}

/// Every problem with `body`, by field (`open_hours[1]`).
pub fn check(body: &StationBody) -> Problems {
    let mut found = Found::default();
    found.text("name", &body.name, true, TITLE_MAX);
    found.text("address", &body.address, true, ADDRESS_MAX);
    found.dialable("phone", &body.phone);
    if body.lat.is_some_and(|lat| !(-90.0..=90.0).contains(&lat)) {
        found.add("lat", FieldProblem::OutOfRange { min: -90, max: 90 });
    }
    if body.lng.is_some_and(|lng| !(-180.0..=180.0).contains(&lng)) {
        found.add(
            "lng",
            FieldProblem::OutOfRange {
                min: -180,
                max: 180,
            },
        );
    }
    // Both or neither: a point needs both.
    match (body.lat, body.lng) {
        (Some(_), None) => found.add("lng", FieldProblem::Required),
        (None, Some(_)) => found.add("lat", FieldProblem::Required),
        _ => {}
    }
    if body.open_hours.len() > PERIODS_MAX {
        found.add("open_hours", FieldProblem::TooMany { max: PERIODS_MAX });
    }
    // Named by the period, as the server always has (`open_hours[1]`); a form that
    // shows a period's members apart asks [`check_period`].
    for (index, period) in body.open_hours.iter().enumerate() {
        for (_, problem) in check_period(period) {
            found.add(format!("open_hours[{index}]"), problem);
        }
    }
    if body.exceptions.len() > EXCEPTIONS_MAX {
        found.add(
            "exceptions",
            FieldProblem::TooMany {
                max: EXCEPTIONS_MAX,
            },
        );
    }
    for (index, exception) in body.exceptions.iter().enumerate() {
        for (member, problem) in check_exception(exception) {
            found.add(format!("exceptions[{index}].{member}"), problem);
        }
    }
    found.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_checked_member_by_member() {
        let period = |days: Vec<u8>, open: &str, close: &str| OpenHours {
            days,
            open: open.into(),
            close: close.into(),
        };
        let body = StationBody {
            name: "一号驿站".into(),
            address: "3 号楼底商".into(),
            phone: "022-23456700".into(),
            lat: Some(1e308),
            open_hours: vec![
                period(vec![1, 2], "08:30", "20:30"),
                period(vec![8], "8:30", "24:00"),
                period(Vec::new(), "20:00", "08:00"),
            ],
            ..StationBody::default()
        };
        assert_eq!(
            check(&body),
            vec![
                (
                    "lat".to_string(),
                    FieldProblem::OutOfRange { min: -90, max: 90 }
                ),
                ("lng".into(), FieldProblem::Required),
                ("open_hours[1]".into(), FieldProblem::NotAWeekday),
                ("open_hours[1]".into(), FieldProblem::NotAClockTime),
                ("open_hours[2]".into(), FieldProblem::Required),
                ("open_hours[2]".into(), FieldProblem::EndsTooEarly),
            ]
        );
        assert_eq!(
            check_period(&period(vec![8], "8:30", "24:00")),
            vec![
                ("days", FieldProblem::NotAWeekday),
                ("open", FieldProblem::NotAClockTime)
            ]
        );
    }
}
