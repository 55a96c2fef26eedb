//! Writing the rota (admins and dispatchers): `POST /shifts`, `PUT` and `DELETE /shifts/{id}`;
//! and (extensions, issue 17) series of shifts, who signed up, whether they came.
//! A deleted shift is cancelled, not removed: signed-up volunteers keep seeing it.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Items, Role, Shift, Signup};
use yizhan_core::workbench::shifts::AttendanceBody;

use crate::error::ApiError;
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::shifts::admin::{self, ShiftBody};
use crate::shifts::attendance;
use crate::shifts::series::{self, Series, SeriesBody};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(replace, cancel))
        .routes(routes!(create_series))
        .routes(routes!(cancel_series))
        .routes(routes!(signups))
        .routes(routes!(mark_attendance))
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

#[utoipa::path(
    post,
    path = "/shifts/series",
    tag = "administration",
    description = "Extension, admins and dispatchers: a series of shifts, one on every chosen weekday (1 = Monday ... 7 = Sunday) from `from` to `until` (both included), each from `start` to `end` (HH:MM, the community's time, +08:00). At most 366 days and 200 shifts; all are made or none.",
    request_body = SeriesBody,
    responses(
        (status = 201, body = Series),
        (status = 200, description = "A resend of a series made before (its id): that series", body = Series),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn create_series(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<SeriesBody>,
) -> Result<(StatusCode, Json<Series>), ApiError> {
    caller.require_any(&STAFF)?;
    let (series, made) = series::create(state.db.pool(), &caller.user, body).await?;
    let status = if made {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(series)))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct CancelFrom {
    /// The first community date (YYYY-MM-DD) whose shifts are cancelled; today when absent.
    from: Option<String>,
}

#[utoipa::path(
    delete,
    path = "/shifts/series/{series_id}",
    tag = "administration",
    description = "Extension, admins and dispatchers: cancel a series' shifts that start on `from` (default today) or later, as DELETE /shifts/{id} cancels one (those signed up keep seeing them, cancelled). Answers those shifts.",
    params(("series_id" = String, Path, description = "The series id"), CancelFrom),
    responses(
        (status = 200, body = Items<Shift>),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn cancel_series(
    State(state): State<AppState>,
    caller: Caller,
    Path(series_id): Path<String>,
    Query(query): Query<CancelFrom>,
) -> Result<Json<Items<Shift>>, ApiError> {
    caller.require_any(&STAFF)?;
    let from = query.from.as_deref();
    let items = series::cancel_from(state.db.pool(), &caller.user, &series_id, from).await?;
    Ok(Json(Items { items }))
}

#[utoipa::path(
    get,
    path = "/shifts/{id}/signups",
    tag = "administration",
    description = "Extension, admins and dispatchers: who signed up for a shift, in the order they did, with their phone whole (staff call volunteers) and whether they came (null until marked).",
    params(("id" = String, Path, description = "The shift id")),
    responses(
        (status = 200, body = Items<Signup>),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound
    ),
    security(("bearer" = []))
)]
async fn signups(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Items<Signup>>, ApiError> {
    caller.require_any(&STAFF)?;
    let items = attendance::signups(state.db.pool(), &caller.user, &id).await?;
    Ok(Json(Items { items }))
}

#[utoipa::path(
    put,
    path = "/shifts/{id}/attendance/{user_id}",
    tag = "administration",
    description = "Extension, admins and dispatchers: whether someone signed up came. Only once the shift has started (422 invalid_transition before, and for a cancelled shift); 404 for someone not signed up. A shift marked `attended: false` leaves their record of service.",
    request_body = AttendanceBody,
    params(("id" = String, Path, description = "The shift id"), ("user_id" = String, Path, description = "The volunteer's user id")),
    responses(
        (status = 200, body = Signup),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn mark_attendance(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, user_id)): Path<(String, String)>,
    JsonBody(body): JsonBody<AttendanceBody>,
) -> Result<Json<Signup>, ApiError> {
    caller.require_any(&STAFF)?;
    let pool = state.db.pool();
    let signup = attendance::mark(pool, &caller.user, &id, &user_id, body.attended).await?;
    Ok(Json(signup))
}
