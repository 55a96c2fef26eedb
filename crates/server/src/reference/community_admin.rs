//! An admin edits the community: the name, district, hotline and announcement residents
//! see, and whether residents choose their own grid. There is one community per caller
//! and it always exists, so this is a replace only, never a create (unlike
//! [`super::put`]).

use sqlx::SqlitePool;
use yizhan_core::model::Community;
use yizhan_core::workbench::community::check;
pub use yizhan_core::workbench::community::CommunityBody;

use crate::clock;
use crate::db;
use crate::error::ApiError;

/// Replaces what residents see of `community_id` with `body`, and returns it as read now.
///
/// `announcement`, from an admin tool made before notices, writes the notice
/// `announcement` when it differs from what `GET /community` answered (a body sent back
/// as it was read changes no notice); absent, the notices stay as they are.
pub async fn replace(
    pool: &SqlitePool,
    community_id: &str,
    body: CommunityBody,
) -> Result<Community, ApiError> {
    ApiError::unless_valid(check(&body))?;
    let mut tx = db::write(pool).await?;
    let shown = super::community::read(&mut tx, community_id).await?;
    // Every write moves `updated_at`, so the ETag changes even within one second.
    sqlx::query(
        "UPDATE communities SET name = ?, district = ?, hotline = ?,
             residents_choose_grid = COALESCE(?, residents_choose_grid),
             updated_at = MAX(?, updated_at + 1)
         WHERE id = ?",
    )
    .bind(body.name.trim())
    .bind(body.district.trim())
    .bind(body.hotline.trim())
    .bind(body.residents_choose_grid)
    .bind(clock::now())
    .bind(community_id)
    .execute(&mut *tx)
    .await?;
    if let Some(text) = body.announcement.as_deref().map(str::trim) {
        if text != shown.announcement.trim() {
            super::notices_admin::write_announcement(&mut tx, community_id, text).await?;
        }
    }
    tx.commit().await?;
    super::community::load(pool, community_id).await
}
