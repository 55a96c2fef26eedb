//! An admin edits the community: the name, district, hotline and announcement residents
//! see. There is one community per caller and it always exists, so this is a replace
//! only, never a create (unlike [`super::put`]).

use serde::Deserialize;
use sqlx::SqlitePool;
use yizhan_core::model::Community;
use yizhan_core::validation::{DESCRIPTION_MAX, TITLE_MAX};

use crate::checks::Problems;
use crate::clock;
use crate::error::ApiError;

/// The body GET returns; `id` and `updated_at` may come back with it and are ignored.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommunityBody {
    #[serde(default, rename = "id")]
    _id: Option<String>,
    #[serde(default, rename = "updated_at")]
    _updated_at: Option<String>,
    name: String,
    district: String,
    hotline: String,
    announcement: String,
}

/// Replaces what residents see of `community_id` with `body`, and returns it as read now.
pub async fn replace(
    pool: &SqlitePool,
    community_id: &str,
    body: CommunityBody,
) -> Result<Community, ApiError> {
    let mut problems = Problems::default();
    problems.text("name", &body.name, 1, TITLE_MAX);
    problems.text("district", &body.district, 0, TITLE_MAX);
    problems.dialable("hotline", &body.hotline);
    problems.text("announcement", &body.announcement, 0, DESCRIPTION_MAX);
    problems.finish()?;
    // Every write moves `updated_at`, so the ETag changes even within one second.
    sqlx::query(
        "UPDATE communities SET name = ?, district = ?, hotline = ?, announcement = ?,
             updated_at = MAX(?, updated_at + 1)
         WHERE id = ?",
    )
    .bind(body.name.trim())
    .bind(body.district.trim())
    .bind(body.hotline.trim())
    .bind(body.announcement.trim())
    .bind(clock::now())
    .bind(community_id)
    .execute(pool)
    .await?;
    super::community::load(pool, community_id).await
}
