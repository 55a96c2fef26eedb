//! `/me`: who the token belongs to, and (an extension) their record of service.

use axum::extract::State;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::ServiceRecord;

use crate::error::ApiError;
use crate::http::extract::Caller;
use crate::http::openapi::problems;
use crate::users::{record, User};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
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
