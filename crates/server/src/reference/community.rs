//! The caller's community: its name, district, hotline and announcement (the body of the
//! first notice showing today, for apps made before notices), and whether residents
//! choose their own grid.

use std::sync::Arc;

use sqlx::{SqliteConnection, SqlitePool};
use yizhan_core::model::Community;
use yizhan_core::workbench::notices::announcement;

use super::cache::{Cache, Loading, Published, Whole};

use crate::clock;
use crate::error::ApiError;

/// The community as the contract returns it; 404 when there is none by that id.
pub async fn load(pool: &SqlitePool, community_id: &str) -> Result<Community, ApiError> {
    read(&mut *pool.acquire().await?, community_id).await
}

/// [`load`] on `conn` (inside a transaction of the caller's).
pub async fn read(conn: &mut SqliteConnection, community_id: &str) -> Result<Community, ApiError> {
    let row: Option<(String, String, String, String, i64, bool)> = sqlx::query_as(
        "SELECT id, name, district, hotline, updated_at, residents_choose_grid
         FROM communities WHERE id = ?",
    )
    .bind(community_id)
    .fetch_optional(&mut *conn)
    .await?;
    let (id, name, district, hotline, updated_at, residents_choose_grid) =
        row.ok_or(ApiError::NotFound)?;
    let notices = super::notices::all_of(conn, community_id).await?;
    Ok(Community {
        id,
        name,
        district,
        hotline,
        announcement: announcement(&notices, clock::today()),
        updated_at: clock::rfc3339(updated_at),
        residents_choose_grid,
    })
}

/// The community as `GET /community` answers it: read, serialised and tagged once, then
/// kept while it does not change ([`Cache`]).
pub async fn published(
    pool: &SqlitePool,
    cache: &Cache,
    community_id: &str,
) -> Result<Arc<Published>, ApiError> {
    cache
        .get_or_load(pool, Whole::Community, community_id, whole)
        .await
}

/// The community as its answer.
fn whole<'c>(conn: &'c mut SqliteConnection, community_id: &'c str) -> Loading<'c> {
    Box::pin(async move { Published::of(&read(conn, community_id).await?) })
}
