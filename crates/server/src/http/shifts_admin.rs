//! Writing the rota (admins and dispatchers): `POST /shifts`, `PUT` and `DELETE /shifts/{id}`.
//! A deleted shift is cancelled, not removed: signed-up volunteers keep seeing it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Role, Shift};

use crate::error::ApiError;
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::shifts::admin::{self, ShiftBody};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(replace, cancel))
}

/// Who writes the rota.
const STAFF: [Role; 2] = [Role::Admin, Role::Dispatcher];

#[utoipa::path(
    post,
    path = "/shifts",
    tag = "administration",
    description = "Admins and dispatchers: add a shift.",
    request_body = ShiftBody,
    responses(
        (status = 201, body = Shift),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn create(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<ShiftBody>,
) -> Result<(StatusCode, Json<Shift>), ApiError> {
    caller.require_any(&STAFF)?;
    let shift = admin::create(state.db.pool(), &caller.user, body).await?;
    Ok((StatusCode::CREATED, Json(shift)))
}

#[utoipa::path(
    put,
    path = "/shifts/{id}",
    tag = "administration",
    description = "Admins and dispatchers: change a shift.",
    request_body = ShiftBody,
    params(("id" = String, Path, description = "The resource id")),
    responses(
        (status = 200, body = Shift),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn replace(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ShiftBody>,
) -> Result<Json<Shift>, ApiError> {
    caller.require_any(&STAFF)?;
    Ok(Json(
        admin::replace(state.db.pool(), &caller.user, &id, body).await?,
    ))
}

#[utoipa::path(
    delete,
    path = "/shifts/{id}",
    tag = "administration",
    description = "Admins and dispatchers: cancel a shift; signed-up volunteers keep seeing it, cancelled.",
    params(("id" = String, Path, description = "The resource id")),
    responses(
        (status = 200, body = Shift),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound
    ),
    security(("bearer" = []))
)]
async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Shift>, ApiError> {
    caller.require_any(&STAFF)?;
    Ok(Json(
        admin::cancel(state.db.pool(), &caller.user, &id).await?,
    ))
}
