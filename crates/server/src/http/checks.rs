//! Collecting every problem with an admin's body before answering one 422 that names each
//! field, as the contract's `errors` member carries them.

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

/// Reference tables an admin writes by id.
#[derive(Clone, Copy)]
pub enum Table {
    Services,
    Grids,
    Stations,
}

/// Whether `id` already exists in the caller's community (a replace) or not (a create).
/// An id another community uses is refused rather than taken over.
pub async fn exists_here(
    pool: &sqlx::SqlitePool,
    table: Table,
    id: &str,
    community_id: &str,
) -> Result<bool, ApiError> {
    let sql = match table {
        Table::Services => "SELECT community_id FROM services WHERE id = ?",
        Table::Grids => "SELECT community_id FROM grids WHERE id = ?",
        Table::Stations => "SELECT community_id FROM stations WHERE id = ?",
    };
    let owner: Option<String> = sqlx::query_scalar(sql)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    match owner {
        None => Ok(false),
        Some(owner) if owner == community_id => Ok(true),
        Some(_) => Err(ApiError::Forbidden),
    }
}

/// 201 for a PUT that made the resource, 200 for one that replaced it.
pub fn created_or_replaced(existed: bool) -> axum::http::StatusCode {
    if existed {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::CREATED
    }
}

/// The one resource a by-id query found, or 404.
pub fn only<T>(mut found: Vec<T>) -> Result<T, ApiError> {
    found.pop().ok_or(ApiError::NotFound)
}
