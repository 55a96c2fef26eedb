//! `/community`: the caller's community.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use yizhan_core::model::Community;

use crate::clock;
use crate::error::ApiError;
use crate::http::etag::json_with_etag;
use crate::http::extract::Caller;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/community", get(community))
}

async fn community(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let row: Option<(String, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, name, district, hotline, announcement, updated_at FROM communities WHERE id = ?",
    )
    .bind(&caller.user.community_id)
    .fetch_optional(state.db.pool())
    .await?;
    let (id, name, district, hotline, announcement, updated_at) = row.ok_or(ApiError::NotFound)?;
    let community = Community {
        id,
        name,
        district,
        hotline,
        announcement,
        updated_at: clock::rfc3339(updated_at),
    };
    json_with_etag(&headers, &community)
}
