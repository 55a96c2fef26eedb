//! The caller's community: its name, district, hotline and announcement.

use sqlx::SqlitePool;
use yizhan_core::model::Community;

use crate::clock;
use crate::error::ApiError;

/// The community as the contract returns it; 404 when there is none by that id.
pub async fn load(pool: &SqlitePool, community_id: &str) -> Result<Community, ApiError> {
    let row: Option<(String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, name, district, hotline, announcement, updated_at FROM communities WHERE id = ?",
    )
    .bind(community_id)
    .fetch_optional(pool)
    .await?;
    let (id, name, district, hotline, announcement, updated_at) = row.ok_or(ApiError::NotFound)?;
    Ok(Community {
        id,
        name,
        district,
        hotline,
        announcement,
        updated_at: clock::rfc3339(updated_at),
    })
}
