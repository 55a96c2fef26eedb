//! `/stations`: the community's service stations, with opening hours and amenities.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Items, Station};

use crate::error::ApiError;
use crate::http::etag::published;
use crate::http::extract::Caller;
use crate::http::openapi::problems;
use crate::reference::stations;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(stations))
}

#[utoipa::path(
    get,
    path = "/stations",
    tag = "reference data",
    description = "The community's stations with opening hours and amenities, with a strong ETag.",
    responses(
        (status = 200, body = Items<Station>),
        (status = 304, description = "not modified"),
        problems::SignInFirst
    ),
    security(("bearer" = []))
)]
async fn stations(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let pool = state.db.pool();
    let all = stations::published(pool, &state.reference, &caller.user.community_id).await?;
    published(&headers, &all)
}
