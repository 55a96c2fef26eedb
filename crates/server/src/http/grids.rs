//! `/grids` and `/grids/{id}`: the community's grids with their posted contacts.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Grid, Items};

use crate::error::{ApiError, Problem};
use crate::http::etag::{json_with_etag, published};
use crate::http::extract::Caller;
use crate::reference::grids;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(all_grids))
        .routes(routes!(one_grid))
}

#[utoipa::path(
    get,
    path = "/grids",
    tag = "reference data",
    description = "Every grid of the community with its posted contacts, with a strong ETag.",
    responses(
        (status = 200, body = Items<Grid>),
        (status = 304, description = "not modified"),
        (status = 401, description = "sign in first", body = Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
async fn all_grids(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let pool = state.db.pool();
    let all = grids::published(pool, &state.reference, &caller.user.community_id).await?;
    published(&headers, &all)
}

#[utoipa::path(
    get,
    path = "/grids/{id}",
    tag = "reference data",
    description = "One grid with its contacts, with a strong ETag.",
    params(("id" = String, Path, description = "The resource id")),
    responses(
        (status = 200, body = Grid),
        (status = 304, description = "not modified"),
        (status = 401, description = "sign in first", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such resource", body = Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
async fn one_grid(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let grid = grids::one(state.db.pool(), &caller.user.community_id, &id).await?;
    json_with_etag(&headers, &grid)
}
