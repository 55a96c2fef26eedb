//! `/community`: the caller's community.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::Community;

use crate::error::ApiError;
use crate::http::etag::published;
use crate::http::extract::Caller;
use crate::http::openapi::problems;
use crate::reference::community;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(community))
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
    let pool = state.db.pool();
    let community = community::published(pool, &state.reference, &caller.user.community_id).await?;
    published(&headers, &community)
}
