//! `/me`: who the token belongs to, and (extensions) their record of service and their
//! own profile.

use axum::extract::State;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::ServiceRecord;

use crate::error::ApiError;
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::users::profile::{self, ProfileUpdate};
use crate::users::{record, User};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me, update))
        .routes(routes!(record))
}

#[utoipa::path(
    get,
    path = "/me",
    tag = "auth",
    description = "Who the token belongs to.",
    responses(
        (status = 200, body = User),
        problems::SignInFirst
    ),
    security(("bearer" = []))
)]
async fn me(caller: Caller) -> Json<User> {
    Json(caller.user)
}

#[utoipa::path(
    get,
    path = "/me/record",
    tag = "auth",
    description = "Extension: the caller's record of service. Shifts they signed up for that have ended (not cancelled), and orders they completed; an order's time runs from `start` to `complete`.",
    responses(
        (status = 200, body = ServiceRecord),
        problems::SignInFirst
    ),
    security(("bearer" = []))
)]
async fn record(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<ServiceRecord>, ApiError> {
    Ok(Json(record::of(state.db.pool(), &caller.user.id).await?))
}

#[utoipa::path(
    put,
    path = "/me",
    tag = "auth",
    description = "Extension: the caller's own name (1-30 characters) and address (at most 120; null clears it), and their grid where the community lets residents choose it (`residents_choose_grid`; otherwise a grid other than theirs is 422 at `grid_id`). `grid_id` absent or null leaves it.",
    request_body = ProfileUpdate,
    responses(
        (status = 200, body = User),
        problems::SignInFirst,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn update(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<ProfileUpdate>,
) -> Result<Json<User>, ApiError> {
    Ok(Json(
        profile::update(state.db.pool(), &caller.user, body).await?,
    ))
}
