//! `/community`: the caller's community.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use sqlx::SqlitePool;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::Community;

use crate::clock;
use crate::error::ApiError;
use crate::http::etag::json_with_etag;
use crate::http::extract::Caller;
use crate::http::openapi::problems;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(community))
}

/// The community as the contract returns it.
pub(crate) async fn load(pool: &SqlitePool, community_id: &str) -> Result<Community, ApiError> {
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

#[utoipa::path(
    get,
    path = "/community",
    tag = "reference data",
    description = "The caller's community, with a strong ETag (If-None-Match answers 304).",
    responses(
        (status = 200, body = Community),
        (status = 304, description = "not modified"),
        problems::SignInFirst,
        problems::NotFound
    ),
    security(("bearer" = []))
)]
async fn community(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let community = load(state.db.pool(), &caller.user.community_id).await?;
    json_with_etag(&headers, &community)
}
