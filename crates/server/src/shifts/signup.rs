//! A volunteer takes a place on a shift or gives it back. Both are idempotent; the last
//! place goes to exactly one of two racing volunteers, because the count and the insert
//! are one statement and SQLite runs one writer at a time.

use sqlx::SqlitePool;
use yizhan_core::model::Shift;

use super::{load, to_shift};
use crate::clock;
use crate::error::ApiError;
use crate::users::User;

/// Signs `user` up for shift `id`: `shift_full` when no place is left,
/// `invalid_transition` once it is cancelled or has started.
pub async fn take(pool: &SqlitePool, user: &User, id: &str) -> Result<Shift, ApiError> {
    let now = clock::now();
    let row = load(pool, user, id).await?;
    if row.me {
        return Ok(to_shift(row, now));
    }
    if row.cancelled || now >= row.starts_at {
        return Err(ApiError::InvalidTransition);
    }
    let taken = sqlx::query(
        "INSERT INTO shift_signups (shift_id, user_id, created_at)
         SELECT s.id, ?, ? FROM shifts s
         WHERE s.id = ? AND s.cancelled = 0
           AND (SELECT COUNT(*) FROM shift_signups x WHERE x.shift_id = s.id) < s.capacity
         ON CONFLICT (shift_id, user_id) DO NOTHING",
    )
    .bind(&user.id)
    .bind(now)
    .bind(id)
    .execute(pool)
    .await?;
    let row = load(pool, user, id).await?;
    if taken.rows_affected() == 0 && !row.me {
        return Err(ApiError::ShiftFull);
    }
    Ok(to_shift(row, now))
}

/// Gives `user`'s place on shift `id` back, unless the shift has started.
pub async fn give_back(pool: &SqlitePool, user: &User, id: &str) -> Result<Shift, ApiError> {
    let now = clock::now();
    let row = load(pool, user, id).await?;
    if row.me && now >= row.starts_at {
        return Err(ApiError::InvalidTransition);
    }
    sqlx::query("DELETE FROM shift_signups WHERE shift_id = ? AND user_id = ?")
        .bind(id)
        .bind(&user.id)
        .execute(pool)
        .await?;
    Ok(to_shift(load(pool, user, id).await?, now))
}
