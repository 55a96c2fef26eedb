//! One bookable thing as its editor holds it (issue 19): what, who serves, its kind,
//! where (a station or an address; a home visit goes to the resident's), its weekly runs
//! of slots, how many book one slot, for equipment how long it is lent, how far ahead it
//! is offered, and who may book (an age, a spacing). Written whole by id
//! (`PUT /bookables/{id}`); the bookings made stay.

use crate::bookings::{
    check_bookable, Bookable, BookableBody, BookableKind, Eligibility, SlotRule,
};
use crate::validation::FieldProblem;
use crate::workbench::Problems;

/// One weekly run of slots as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleDraft {
    /// Monday … Sunday.
    pub days: [bool; 7],
    pub from: String,
    pub until: String,
    pub minutes: String,
}

impl RuleDraft {
    /// Tuesday afternoons in half hours: where a consultation often starts.
    pub fn afternoons() -> RuleDraft {
        RuleDraft {
            days: [false, true, false, false, false, false, false],
            from: "14:00".to_string(),
            until: "17:00".to_string(),
            minutes: "30".to_string(),
        }
    }

    fn of(rule: &SlotRule) -> RuleDraft {
        let mut days = [false; 7];
        for day in &rule.days {
            if let Some(slot) = usize::from(*day)
                .checked_sub(1)
                .and_then(|i| days.get_mut(i))
            {
                *slot = true;
            }
        }
        RuleDraft {
            days,
            from: rule.from.clone(),
            until: rule.until.clone(),
            minutes: rule.minutes.to_string(),
        }
    }
}

/// A bookable thing as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookableDraft {
    pub id: String,
    pub name: String,
    pub description: String,
    pub provider: String,
    pub kind: BookableKind,
    /// "" when it is at `address` instead (or, for a home visit, at the resident's).
    pub station_id: String,
    pub address: String,
    pub rules: Vec<RuleDraft>,
    pub capacity: String,
    /// Equipment only: days lent.
    pub loan_days: String,
    pub ahead_days: String,
    /// "" for anyone.
    pub min_age: String,
    /// "" for as often as there are slots.
    pub once_every_days: String,
}

/// A whole number typed at `field`, within `T`; empty is `None`.
fn number<T: TryFrom<u64>>(problems: &mut Problems, field: &str, typed: &str) -> Option<T> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    match typed.parse::<u64>().ok().and_then(|n| T::try_from(n).ok()) {
        Some(n) => Some(n),
        None => {
            problems.push((field.to_string(), FieldProblem::NotANumber));
            None
        }
    }
}

impl BookableDraft {
    /// A new thing under `fresh`, an id the device just made.
    pub fn blank(fresh: &str) -> BookableDraft {
        BookableDraft {
            id: format!("bk-{fresh}"),
            name: String::new(),
            description: String::new(),
            provider: String::new(),
            kind: BookableKind::Consultation,
            station_id: String::new(),
            address: String::new(),
            rules: vec![RuleDraft::afternoons()],
            capacity: "1".to_string(),
            loan_days: String::new(),
            ahead_days: "14".to_string(),
            min_age: String::new(),
            once_every_days: String::new(),
        }
    }

    /// The thing as the list shows it, to change.
    pub fn of(thing: &Bookable) -> BookableDraft {
        let text = |n: Option<u16>| n.map(|n| n.to_string()).unwrap_or_default();
        BookableDraft {
            id: thing.id.clone(),
            name: thing.name.clone(),
            description: thing.description.clone(),
            provider: thing.provider.clone(),
            kind: thing.kind,
            station_id: thing.station_id.clone().unwrap_or_default(),
            address: thing.address.clone().unwrap_or_default(),
            rules: thing.rules.iter().map(RuleDraft::of).collect(),
            capacity: thing.capacity.to_string(),
            loan_days: text(thing.loan_days),
            ahead_days: thing.ahead_days.to_string(),
            min_age: thing
                .eligibility
                .min_age
                .map(|n| n.to_string())
                .unwrap_or_default(),
            once_every_days: text(thing.eligibility.once_every_days),
        }
    }

    /// The body to send, or every problem by the field it is typed in (`capacity`,
    /// `rules[1].until`, `eligibility.min_age`, …), checked by the rules the server
    /// applies.
    pub fn to_body(&self) -> Result<BookableBody, Problems> {
        let mut problems = Problems::new();
        let rules = self
            .rules
            .iter()
            .enumerate()
            .map(|(index, rule)| SlotRule {
                days: (1u8..=7)
                    .zip(rule.days)
                    .filter(|(_, on)| *on)
                    .map(|(day, _)| day)
                    .collect(),
                from: rule.from.trim().to_string(),
                until: rule.until.trim().to_string(),
                minutes: number(
                    &mut problems,
                    &format!("rules[{index}].minutes"),
                    &rule.minutes,
                )
                .unwrap_or(0),
            })
            .collect();
        let capacity = number(&mut problems, "capacity", &self.capacity);
        let ahead_days = number(&mut problems, "ahead_days", &self.ahead_days);
        // Only equipment is lent: what was typed for another kind is not sent.
        let loan_days = if self.kind == BookableKind::Equipment {
            number(&mut problems, "loan_days", &self.loan_days)
        } else {
            None
        };
        let min_age = number(&mut problems, "eligibility.min_age", &self.min_age);
        let once_every_days = number(
            &mut problems,
            "eligibility.once_every_days",
            &self.once_every_days,
        );
        let station = self.station_id.trim();
        let address = self.address.trim();
        let body = BookableBody {
            name: self.name.trim().to_string(),
            description: self.description.trim().to_string(),
            provider: self.provider.trim().to_string(),
            kind: self.kind,
            station_id: (!station.is_empty()).then(|| station.to_string()),
            address: (station.is_empty() && !address.is_empty()).then(|| address.to_string()),
            rules,
            capacity: capacity.unwrap_or(0),
            loan_days,
            ahead_days: ahead_days.unwrap_or(0),
            eligibility: Eligibility {
                min_age,
                once_every_days,
            },
        };
        // What could not be read as a number is said once, as that.
        let said: Vec<String> = problems.iter().map(|(field, _)| field.clone()).collect();
        problems.extend(
            check_bookable(&body)
                .into_iter()
                .filter(|(field, _)| !said.contains(field)),
        );
        if problems.is_empty() {
            Ok(body)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed() -> BookableDraft {
        BookableDraft {
            name: "法律咨询".into(),
            provider: "社区法律顾问".into(),
            station_id: "st-1".into(),
            ..BookableDraft::blank("x")
        }
    }

    #[test]
    fn a_draft_as_typed_is_the_body_and_a_thing_opened_unchanged_is_itself() {
        let body = typed().to_body().expect("valid");
        assert_eq!(body.rules[0].days, [2]);
        assert_eq!(body.rules[0].minutes, 30);
        assert_eq!(body.capacity, 1);
        let thing = Bookable {
            id: "bk-x".into(),
            name: body.name.clone(),
            description: String::new(),
            provider: body.provider.clone(),
            kind: body.kind,
            station_id: body.station_id.clone(),
            address: None,
            rules: body.rules.clone(),
            capacity: 1,
            loan_days: None,
            ahead_days: 14,
            eligibility: Eligibility::default(),
            updated_at: String::new(),
            slots: Vec::new(),
            mine: Vec::new(),
        };
        assert_eq!(BookableDraft::of(&thing), typed());
    }

    #[test]
    fn numbers_in_words_are_said_at_their_field_and_the_rest_is_still_checked() {
        let mut draft = typed();
        draft.capacity = "两个".into();
        draft.min_age = "八十".into();
        draft.rules[0].until = "14:10".into();
        draft.name = String::new();
        let fields: Vec<String> = draft
            .to_body()
            .expect_err("problems")
            .into_iter()
            .map(|(field, _)| field)
            .collect();
        assert_eq!(
            fields,
            [
                "capacity",
                "eligibility.min_age",
                "name",
                "rules[0].minutes"
            ]
        );
    }

    #[test]
    fn only_equipment_is_lent_and_it_says_for_how_long() {
        let mut draft = typed();
        draft.loan_days = "7".into();
        assert_eq!(draft.to_body().map(|b| b.loan_days), Ok(None));
        draft.kind = BookableKind::Equipment;
        draft.loan_days = String::new();
        assert_eq!(
            draft.to_body().map(|b| b.loan_days),
            Err(vec![("loan_days".to_string(), FieldProblem::Required)])
        );
    }
}
