//! What residents browse: the activities of a range of days ([`crate::days::span`]), and
//! one activity, each with the caller's own sign-ups.

use sqlx::SqlitePool;
use yizhan_core::activities::Activity;

use super::{load, with_mine, ActivityRow, SELECT_ACTIVITY};
use crate::error::ApiError;
use crate::users::User;

/// The activities of `user`'s community that start on a day from `from` to `to` (both
/// `YYYY-MM-DD`, both included; cancelled ones too, marked so), in the order they start.
pub async fn between(
    pool: &SqlitePool,
    user: &User,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Vec<Activity>, ApiError> {
    let (start, end) = crate::days::span(from, to)?;
    let sql = format!(
        "{SELECT_ACTIVITY} WHERE a.community_id = ?1 AND a.starts_at >= ?2 AND a.starts_at < ?3
         ORDER BY a.starts_at, a.id"
    );
    let mut conn = pool.acquire().await?;
    let rows: Vec<ActivityRow> = sqlx::query_as(&sql)
        .bind(&user.community_id)
        .bind(start)
        .bind(end)
        .fetch_all(&mut *conn)
        .await?;
    with_mine(&mut conn, user, rows).await
}

/// Activity `id` as `user` sees it; 404 when their community has none.
pub async fn one(pool: &SqlitePool, user: &User, id: &str) -> Result<Activity, ApiError> {
    let mut conn = pool.acquire().await?;
    load(&mut conn, user, id).await
}
