//! The staff's forms (issue 17): what an admin, a dispatcher or a grid worker writes — the
//! community, its catalogue, grids, stations, notices, the rota, people — as the
//! contract's bodies, each checked by one function that the app calls at the field,
//! before anything is sent, and the server calls before anything is stored.
//!
//! One module per subject. Every `check` returns every problem at once, each by the
//! field path the server's problem+json names it by (`contacts[2].phone`,
//! `on_behalf_of.consent`), as [`Problems`]; an empty list is a body the server takes,
//! as far as the body alone can tell (whether a station or grid exists, or a code is
//! taken, only the server knows).

pub mod community;
#[cfg(feature = "workbench")]
pub mod editor;
pub mod grids;
pub mod notices;
pub mod people;
pub mod services;
pub mod shifts;
pub mod stations;

use time::macros::format_description;
use time::Date;

pub use crate::order_form::Problems;
use crate::validation::{char_len, has_control_chars, is_blank, FieldProblem};

/// The longest id an admin may choose.
pub const ID_MAX: usize = 64;

/// Whether `id` is one an admin may choose for reference data (the id in the path of
/// `PUT /services/{id}`, a contact's id): 1 to 64 letters, digits, `-` or `_`, short,
/// URL-safe and readable in logs.
pub fn check_admin_id(id: &str) -> Option<FieldProblem> {
    let fine = (1..=ID_MAX).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    (!fine).then_some(FieldProblem::NotAnId)
}

/// A date as the contract writes it, `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    Date::parse(text.trim(), format_description!("[year]-[month]-[day]")).ok()
}

/// The problems of one body, collected field by field.
#[derive(Default)]
pub(crate) struct Found(Problems);

impl Found {
    pub(crate) fn add(&mut self, field: impl Into<String>, problem: FieldProblem) {
        self.0.push((field.into(), problem));
    }

    /// Text that must show something (`required`) or may be blank, of at most `max`
    /// characters after trimming, without control characters (line breaks are fine).
    pub(crate) fn text(
        &mut self,
        field: impl Into<String>,
        value: &str,
        required: bool,
        max: usize,
    ) {
        let field = field.into();
        if required && is_blank(value) {
            self.add(field, FieldProblem::Required);
        } else if char_len(value) > max {
            self.add(field, FieldProblem::TooLong { max });
        } else if has_control_chars(value) {
            self.add(field, FieldProblem::Unprintable);
        }
    }

    /// [`Found::text`] for text that may be absent.
    pub(crate) fn optional_text(
        &mut self,
        field: impl Into<String>,
        value: Option<&str>,
        max: usize,
    ) {
        if let Some(value) = value {
            self.text(field, value, false, max);
        }
    }

    /// A phone people dial: a mobile, a landline with area code, or a short number (110).
    pub(crate) fn dialable(&mut self, field: impl Into<String>, value: &str) {
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let allowed = value
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'));
        if !allowed || !(3..=20).contains(&digits) {
            self.add(field, FieldProblem::NotDialable);
        }
    }

    /// A date `YYYY-MM-DD` where one may be given.
    pub(crate) fn optional_date(&mut self, field: &str, value: Option<&str>) -> Option<Date> {
        let text = value?;
        let date = parse_date(text);
        if date.is_none() {
            self.add(field, FieldProblem::NotADate);
        }
        date
    }

    pub(crate) fn finish(self) -> Problems {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_ids_are_short_and_url_safe() {
        assert_eq!(check_admin_id("svc-s03_b"), None);
        for bad in ["", "a/b", "网格", "a b", &"x".repeat(65)] {
            assert_eq!(check_admin_id(bad), Some(FieldProblem::NotAnId), "{bad}");
        }
    }

    #[test]
    fn phones_people_dial_include_landlines_and_short_numbers() {
        for fine in ["110", "022-2345 6789", "+86 138 0000 0001", "(022)23456789"] {
            let mut found = Found::default();
            found.dialable("phone", fine);
            assert!(found.finish().is_empty(), "{fine}");
        }
        for bad in ["12", "call me", &"1".repeat(21), "022#1"] {
            let mut found = Found::default();
            found.dialable("phone", bad);
            assert_eq!(
                found.finish(),
                vec![("phone".to_string(), FieldProblem::NotDialable)],
                "{bad}"
            );
        }
    }
}
