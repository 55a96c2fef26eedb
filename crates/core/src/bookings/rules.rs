//! What a bookable thing must say, and what a booking must name.

use super::{BookBody, BookableBody, BookableKind};
use crate::opening::check_times;
use crate::order_form::Problems;
use crate::validation::{FieldProblem, ADDRESS_MAX, DESCRIPTION_MAX, TITLE_MAX};
use crate::workbench::Found;

/// The most weekly rules one thing has.
pub const BOOKABLES_RULES_MAX: usize = 14;
/// The furthest ahead slots are offered.
pub const AHEAD_DAYS_MAX: u16 = 60;
/// The longest a unit of equipment is lent.
pub const LOAN_DAYS_MAX: u16 = 90;
const MINUTES: std::ops::RangeInclusive<u16> = 10..=720;
const CAPACITY: std::ops::RangeInclusive<u32> = 1..=1000;
const AGE: std::ops::RangeInclusive<u8> = 1..=120;
const SPACING_DAYS: std::ops::RangeInclusive<u16> = 1..=366;

fn out_of<T: Copy + Into<i64>>(range: &std::ops::RangeInclusive<T>) -> FieldProblem {
    FieldProblem::OutOfRange {
        min: (*range.start()).into(),
        max: (*range.end()).into(),
    }
}

/// Every problem with a bookable thing as written, by field (`rules[1].until`).
pub fn check_bookable(body: &BookableBody) -> Problems {
    let mut found = Found::default();
    found.text("name", &body.name, true, TITLE_MAX);
    found.text("provider", &body.provider, true, TITLE_MAX);
    found.text("description", &body.description, false, DESCRIPTION_MAX);
    found.optional_text("address", body.address.as_deref(), ADDRESS_MAX);
    let somewhere = body
        .station_id
        .as_deref()
        .is_some_and(|s| !s.trim().is_empty())
        || body
            .address
            .as_deref()
            .is_some_and(|a| !a.trim().is_empty());
    // A home visit goes to the resident's address; anything else happens somewhere.
    if !somewhere && body.kind != BookableKind::HomeVisit {
        found.add("address", FieldProblem::Required);
    }
    if body.rules.is_empty() {
        found.add("rules", FieldProblem::Required);
    } else if body.rules.len() > BOOKABLES_RULES_MAX {
        found.add(
            "rules",
            FieldProblem::TooMany {
                max: BOOKABLES_RULES_MAX,
            },
        );
    }
    for (index, rule) in body.rules.iter().enumerate() {
        if rule.days.is_empty() {
            found.add(format!("rules[{index}].days"), FieldProblem::Required);
        } else if rule.days.iter().any(|day| !(1..=7).contains(day)) {
            found.add(format!("rules[{index}].days"), FieldProblem::NotAWeekday);
        }
        let times = check_times(&rule.from, &rule.until);
        for (member, problem) in &times {
            let member = if *member == "open" { "from" } else { "until" };
            found.add(format!("rules[{index}].{member}"), problem.clone());
        }
        let span = crate::opening::clock_minutes(&rule.until)
            .zip(crate::opening::clock_minutes(&rule.from))
            .map(|(until, from)| until.saturating_sub(from));
        if !MINUTES.contains(&rule.minutes) {
            found.add(format!("rules[{index}].minutes"), out_of(&MINUTES));
        } else if times.is_empty() && span.is_some_and(|span| span < rule.minutes) {
            // Not one slot fits between its times.
            found.add(
                format!("rules[{index}].minutes"),
                FieldProblem::EndsTooEarly,
            );
        }
    }
    if !CAPACITY.contains(&body.capacity) {
        found.add("capacity", out_of(&CAPACITY));
    }
    match (body.kind, body.loan_days) {
        (BookableKind::Equipment, None) => found.add("loan_days", FieldProblem::Required),
        (BookableKind::Equipment, Some(days)) if !(1..=LOAN_DAYS_MAX).contains(&days) => {
            found.add("loan_days", out_of(&(1..=LOAN_DAYS_MAX)));
        }
        (BookableKind::Equipment, Some(_)) | (_, None) => {}
        (_, Some(_)) => found.add("loan_days", FieldProblem::OptionsNotAllowed),
    }
    if !(1..=AHEAD_DAYS_MAX).contains(&body.ahead_days) {
        found.add("ahead_days", out_of(&(1..=AHEAD_DAYS_MAX)));
    }
    if body
        .eligibility
        .min_age
        .is_some_and(|age| !AGE.contains(&age))
    {
        found.add("eligibility.min_age", out_of(&AGE));
    }
    if body
        .eligibility
        .once_every_days
        .is_some_and(|days| !SPACING_DAYS.contains(&days))
    {
        found.add("eligibility.once_every_days", out_of(&SPACING_DAYS));
    }
    found.finish()
}

/// A booking names the start of one of the thing's slots, as RFC 3339: the Unix start
/// it names, or the problem at `starts_at`. Whether a slot starts then is
/// [`super::slot_times`]'s to say, with the thing at hand.
pub fn check_book(body: &BookBody) -> Result<i64, Problems> {
    crate::workbench::shifts::parse_time(&body.starts_at)
        .ok_or_else(|| vec![("starts_at".to_string(), FieldProblem::NotATime)])
}

#[cfg(test)]
mod tests {
    use super::super::{Eligibility, SlotRule};
    use super::*;

    pub(crate) fn legal_advice() -> BookableBody {
        BookableBody {
            name: "法律咨询".into(),
            description: "律师坐班，免费咨询".into(),
            provider: "社区法律顾问".into(),
            kind: BookableKind::Consultation,
            station_id: Some("st-1".into()),
            address: None,
            rules: vec![SlotRule {
                days: vec![2],
                from: "14:00".into(),
                until: "17:00".into(),
                minutes: 30,
            }],
            capacity: 1,
            loan_days: None,
            ahead_days: 14,
            eligibility: Eligibility::default(),
        }
    }

    #[test]
    fn a_consultation_in_half_hours_is_well_formed() {
        assert_eq!(check_bookable(&legal_advice()), Vec::new());
    }

    #[test]
    fn each_problem_is_said_at_its_field() {
        let mut body = legal_advice();
        body.station_id = None;
        body.rules[0].days = vec![8];
        body.rules[0].until = "14:20".into();
        body.capacity = 0;
        body.loan_days = Some(7);
        body.eligibility.min_age = Some(0);
        let fields: Vec<String> = check_bookable(&body).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                "address",
                "rules[0].days",
                "rules[0].minutes",
                "capacity",
                "loan_days",
                "eligibility.min_age"
            ]
        );
        // Equipment says for how long it is lent; a visit needs no place of its own.
        let mut lent = legal_advice();
        lent.kind = BookableKind::Equipment;
        assert_eq!(
            check_bookable(&lent),
            vec![("loan_days".to_string(), FieldProblem::Required)]
        );
        let mut visit = legal_advice();
        visit.kind = BookableKind::HomeVisit;
        visit.station_id = None;
        assert_eq!(check_bookable(&visit), Vec::new());
    }

    #[test]
    fn a_booking_names_a_moment() {
        let at = |s: &str| BookBody {
            starts_at: s.into(),
        };
        assert!(check_book(&at("2026-12-01T14:30:00+08:00")).is_ok());
        assert_eq!(
            check_book(&at("周二下午")),
            Err(vec![("starts_at".to_string(), FieldProblem::NotATime)])
        );
    }
}
