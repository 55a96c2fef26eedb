//! The rota between two dates ([`crate::days::span`]: by default today and the next 13
//! days, at most 62 days in one read).

use sqlx::SqlitePool;
use yizhan_core::model::Shift;

use super::{to_shift, ShiftRow, SELECT_SHIFT};
use crate::clock;
use crate::error::ApiError;
use crate::users::User;

/// The shifts of the user's community that start on a day from `from` to `to` (both
/// `YYYY-MM-DD`, both included), in the order they start.
pub async fn between(
    pool: &SqlitePool,
    user: &User,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<Shift>, ApiError> {
    let (start, end) = crate::days::span(from, to)?;
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
