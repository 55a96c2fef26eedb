//! Checking what an admin writes: every problem with a body is collected before one 422
//! answers them all, field by field, as the contract's `errors` member carries them.
//! Shared by the domain modules that take admin writes (`reference`, `shifts`).

use yizhan_core::validation::char_len;

use crate::error::{ApiError, FieldErrors};

#[derive(Default)]
pub struct Problems(FieldErrors);

impl Problems {
    pub fn add(&mut self, field: impl Into<String>, message: &str) {
        self.0
            .entry(field.into())
            .or_default()
            .push(message.to_string());
    }

    /// Text of `min..=max` characters after trimming (the contract counts characters).
    pub fn text(&mut self, field: impl Into<String>, value: &str, min: usize, max: usize) {
        let length = char_len(value);
        if length < min || length > max {
            let message = if min == 0 {
                format!("at most {max} characters")
            } else {
                format!("{min} to {max} characters")
            };
            self.add(field, &message);
        }
    }

    pub fn optional_text(&mut self, field: impl Into<String>, value: Option<&str>, max: usize) {
        if let Some(value) = value {
            self.text(field, value, 0, max);
        }
    }

    /// A phone people dial: a mobile, a landline with area code, or a short number (110).
    pub fn dialable(&mut self, field: impl Into<String>, value: &str) {
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let allowed = value
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')'));
        if !allowed || !(3..=20).contains(&digits) {
            self.add(field, "a phone number: digits, with + - ( ) or spaces");
        }
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.0))
        }
    }
}

/// Ids an admin chooses for reference data: short, URL-safe, readable in logs.
pub fn check_admin_id(id: &str) -> Result<(), ApiError> {
    let fine = (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if fine {
        Ok(())
    } else {
        Err(ApiError::field(
            "id",
            "1 to 64 letters, digits, - or _ (the id in the path)",
        ))
    }
}
