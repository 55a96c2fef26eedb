//! The workbench's editors (工作台): how what someone types becomes the record the
//! administration API takes, checked by this module's parent's rules before it is
//! sent; and what the person at the desk reads when it was not saved. Behind the
//! `workbench` feature: only the workbench's build of the app carries them.

pub mod activity;
pub mod bookable;
pub mod grid;
pub mod notice;
pub mod service;
pub mod shift;
pub mod station;

use std::collections::BTreeMap;

use time::Date;

use crate::opening::clock_minutes;
use crate::validation::FieldProblem;
use crate::workbench::{parse_date, Problems};

/// A day, a start, an end and places as typed into a shift's or an activity's editor,
/// read; what could not be read is `None` and said at its field (`day`, `starts_at`,
/// `ends_at`, `capacity`).
pub(crate) struct When {
    pub day: Option<Date>,
    /// Minutes after midnight; 24:00 is not a start (it is the next day's midnight).
    pub start: Option<u16>,
    pub end: Option<u16>,
    pub capacity: Option<i64>,
}

impl When {
    pub(crate) fn read(day: &str, start: &str, end: &str, capacity: &str) -> (When, Problems) {
        let mut problems: Problems = Vec::new();
        let day = parse_date(day.trim());
        if day.is_none() {
            problems.push(("day".to_string(), FieldProblem::NotADate));
        }
        let start = clock_minutes(start.trim()).filter(|m| *m < 24 * 60);
        if start.is_none() {
            problems.push(("starts_at".to_string(), FieldProblem::NotAClockTime));
        }
        let end = clock_minutes(end.trim());
        if end.is_none() {
            problems.push(("ends_at".to_string(), FieldProblem::NotAClockTime));
        }
        let capacity = capacity.trim().parse::<i64>().ok();
        if capacity.is_none() {
            problems.push(("capacity".to_string(), FieldProblem::NotANumber));
        }
        (
            When {
                day,
                start,
                end,
                capacity,
            },
            problems,
        )
    }
}

use crate::i18n::{DeskTexts, Texts};
use crate::sync::SyncError;
use crate::validation::server_words;

/// Why a change from the workbench was not saved, as the person at the desk reads it:
/// what they typed stays in the editor in every case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotSaved {
    /// No answer: save again once online.
    Unreachable,
    /// The sign-in ended.
    SignIn,
    /// The server refused it: its reason, and its words at the fields it names
    /// (`fields[0].label`, as the contract's `errors` member spells them).
    Refused {
        reason: String,
        fields: BTreeMap<String, Vec<String>>,
    },
}

impl NotSaved {
    pub fn of(error: &SyncError) -> NotSaved {
        match error {
            SyncError::Network(_) | SyncError::Retry { .. } => NotSaved::Unreachable,
            SyncError::Unauthorized => NotSaved::SignIn,
            SyncError::Rejected {
                message, fields, ..
            } => NotSaved::Refused {
                reason: message.clone(),
                fields: fields.clone(),
            },
            other => NotSaved::Refused {
                reason: other.to_string(),
                fields: BTreeMap::new(),
            },
        }
    }

    /// What the server said at each field, in the person's language where it can be
    /// ([`server_words`]).
    pub fn at_fields(&self, texts: &Texts) -> BTreeMap<String, String> {
        match self {
            NotSaved::Refused { fields, .. } => fields
                .iter()
                .map(|(field, said)| (field.clone(), server_words(said, texts)))
                .collect(),
            _ => BTreeMap::new(),
        }
    }

    /// The banner above the editor.
    pub fn banner(&self, texts: &DeskTexts) -> String {
        match self {
            NotSaved::Unreachable => texts.not_sent.to_string(),
            NotSaved::SignIn => texts.sign_in_again.to_string(),
            NotSaved::Refused { fields, .. } if !fields.is_empty() => texts.fix_fields.to_string(),
            NotSaved::Refused { reason, .. } => (texts.refused)(reason),
        }
    }
}

/// `<prefix><n>`, `n` written with at least `width` digits, for the first `n` from 1
/// that none of `taken` is: the id of a new record an admin adds.
pub(crate) fn next_id<'a>(
    prefix: &str,
    width: usize,
    taken: impl Iterator<Item = &'a str> + Clone,
) -> String {
    (1u32..)
        .map(|n| format!("{prefix}{n:0width$}"))
        .find(|id| !taken.clone().any(|t| t == id))
        .unwrap_or_else(|| prefix.to_string())
}

/// Text as typed, trimmed; nothing when nothing but white space was typed.
pub(crate) fn optional(typed: &str) -> Option<String> {
    let trimmed = typed.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{texts, Lang};
    use crate::validation::FieldProblem;

    #[test]
    fn what_only_the_server_knows_is_said_at_its_field_in_the_persons_language() {
        let refused = SyncError::Rejected {
            status: 422,
            kind: "validation".into(),
            message: "the request is not valid".into(),
            fields: BTreeMap::from([
                ("code".to_string(), vec![FieldProblem::Taken.message()]),
                (
                    "contacts[0].phone".to_string(),
                    vec!["a gateway's own words".to_string()],
                ),
            ]),
        };
        let said = NotSaved::of(&refused).at_fields(texts(Lang::ZhHans));
        assert_eq!(said["code"], "这个已经被社区里的另一项用了");
        assert_eq!(
            said["contacts[0].phone"], "a gateway's own words",
            "kept as sent"
        );
    }
}
