//! What residents browse: the community's bookable things, each with its free slots over
//! the coming days and the caller's own bookings.

use sqlx::SqlitePool;
use yizhan_core::bookings::Bookable;

use super::{load, seen, BookableRow, SELECT_BOOKABLE};
use crate::clock;
use crate::error::ApiError;
use crate::users::User;

/// The things of `user`'s community that can be booked, in the order the admin keeps.
pub async fn all(pool: &SqlitePool, user: &User) -> Result<Vec<Bookable>, ApiError> {
    let sql = format!(
        "{SELECT_BOOKABLE} WHERE b.community_id = ?1 AND b.retired = 0 ORDER BY b.position, b.id"
    );
    let mut conn = pool.acquire().await?;
    let rows: Vec<BookableRow> = sqlx::query_as(&sql)
        .bind(&user.community_id)
        .fetch_all(&mut *conn)
        .await?;
    let now = clock::now();
    let mut things = Vec::with_capacity(rows.len());
    for row in rows {
        things.push(seen(&mut conn, user, row, now).await?);
    }
    Ok(things)
}

/// Thing `id` as `user` sees it; 404 when their community has none.
pub async fn one(pool: &SqlitePool, user: &User, id: &str) -> Result<Bookable, ApiError> {
    let mut conn = pool.acquire().await?;
    load(&mut conn, user, id).await
}
