//! `/shifts`: the volunteer rota, signing up and cancelling, and `mine.ics`.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Items, Role, Shift};

use crate::error::ApiError;
use crate::http::calendar_file::calendar_file;
use crate::http::extract::{Caller, DayRange};
use crate::http::openapi::problems;
use crate::shifts::{calendar, rota, signup};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rota))
        .routes(routes!(my_calendar))
        .routes(routes!(sign_up, withdraw))
}

#[utoipa::path(
    get,
    path = "/shifts",
    tag = "shifts",
    description = "The rota between two dates (default: today and the next 13 days; at most 62 days).",
    params(DayRange),
    responses(
        (status = 200, body = Items<Shift>),
        problems::SignInFirst,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn rota(
    State(state): State<AppState>,
    caller: Caller,
    Query(range): Query<DayRange>,
) -> Result<Json<Items<Shift>>, ApiError> {
    let (from, to) = (range.from.as_deref(), range.to.as_deref());
    let items = rota::between(state.db.pool(), &caller.user, from, to).await?;
    Ok(Json(Items { items }))
}

/// Signing up is idempotent; the last place goes to exactly one of two racing volunteers,
/// because the count and the insert are one statement and SQLite runs one writer at a time.
#[utoipa::path(
    put,
    path = "/shifts/{id}/signup",
    tag = "shifts",
    description = "Volunteers: take a place (idempotent); 409 shift_full when none is left.",
    params(("id" = String, Path, description = "The resource id")),
    responses(
        (status = 200, body = Shift),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound,
        problems::Conflict,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn sign_up(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Shift>, ApiError> {
    caller.require_any(&[Role::Volunteer])?;
    Ok(Json(
        signup::take(state.db.pool(), &caller.user, &id).await?,
    ))
}

#[utoipa::path(
    delete,
    path = "/shifts/{id}/signup",
    tag = "shifts",
    description = "Give the place back (idempotent) before the shift starts.",
    params(("id" = String, Path, description = "The resource id")),
    responses(
        (status = 200, body = Shift),
        problems::SignInFirst,
        problems::NotFound,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Shift>, ApiError> {
    Ok(Json(
        signup::give_back(state.db.pool(), &caller.user, &id).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/shifts/mine.ics",
    tag = "shifts",
    description = "The caller's shifts as an iCalendar (RFC 5545) file.",
    responses(
        (status = 200, description = "text/calendar", content_type = "text/calendar", body = String),
        problems::SignInFirst
    ),
    security(("bearer" = []))
)]
async fn my_calendar(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    let body = calendar::mine(state.db.pool(), &caller.user).await?;
    Ok(calendar_file(body, "yizhan-shifts.ics"))
}
