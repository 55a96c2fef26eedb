//! The rota between two dates: by default today and the next 13 days, at most 62 days in
//! one read, so a request cannot ask for every shift there ever was.

use sqlx::SqlitePool;
use time::macros::format_description;
use time::Date;
use yizhan_core::model::Shift;

use super::{to_shift, ShiftRow, SELECT_SHIFT};
use crate::clock;
use crate::error::ApiError;
use crate::users::User;

/// The longest range one request may ask for.
const MAX_RANGE_DAYS: i64 = 62;

fn parse_date(field: &str, text: &str) -> Result<Date, ApiError> {
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map_err(|_| ApiError::field(field, "a date as YYYY-MM-DD"))
}

/// The shifts of the user's community that start on a day from `from` to `to` (both
/// `YYYY-MM-DD`, both included), in the order they start.
pub async fn between(
    pool: &SqlitePool,
    user: &User,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<Shift>, ApiError> {
    let from = match from {
        Some(text) => parse_date("from", text)?,
        None => clock::today(),
    };
    let to = match to {
        Some(text) => parse_date("to", text)?,
        None => from
            .checked_add(time::Duration::days(13))
            .ok_or_else(|| ApiError::field("from", "a date before 9999-12-18"))?,
    };
    let days = (to - from).whole_days();
    if !(0..=MAX_RANGE_DAYS).contains(&days) {
        return Err(ApiError::field(
            "to",
            format!("from 0 to {MAX_RANGE_DAYS} days after `from`"),
        ));
    }
    let start = clock::local_unix(from, 0, 0);
    // The end is the start of the day after `to`: checked, there is none after 9999-12-31.
    let after_to = to
        .next_day()
        .ok_or_else(|| ApiError::field("to", "a date before 9999-12-31"))?;
    let end = clock::local_unix(after_to, 0, 0);
    let sql = format!(
        "{SELECT_SHIFT} WHERE s.community_id = ?2 AND s.starts_at >= ?3 AND s.starts_at < ?4
         ORDER BY s.starts_at, s.id"
    );
    let rows: Vec<ShiftRow> = sqlx::query_as(&sql)
        .bind(&user.id)
        .bind(&user.community_id)
        .bind(start)
        .bind(end)
        .fetch_all(pool)
        .await?;
    let now = clock::now();
    Ok(rows.into_iter().map(|r| to_shift(r, now)).collect())
}
