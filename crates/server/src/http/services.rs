//! `/services`: the community's whole catalogue, retired services included (old orders
//! still name them).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Items, Service};

use crate::error::ApiError;
use crate::http::etag::published;
use crate::http::extract::Caller;
use crate::http::openapi::problems;
use crate::reference::services;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(catalogue))
}

#[utoipa::path(
    get,
    path = "/services",
    tag = "reference data",
    description = "The whole catalogue, retired services included, with a strong ETag.",
    responses(
        (status = 200, body = Items<Service>),
        (status = 304, description = "not modified"),
        problems::SignInFirst
    ),
    security(("bearer" = []))
)]
async fn catalogue(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let pool = state.db.pool();
    let catalogue = services::published(pool, &state.reference, &caller.user.community_id).await?;
    published(&headers, &catalogue)
}
