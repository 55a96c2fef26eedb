//! `/activities` (an extension, issue 19): what the service posts run, browsed by week;
//! signing up (a place, or the line) and withdrawing, by a sign-up id the device chose;
//! and `mine.ics`.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::activities::{Activity, SignupBody};
use yizhan_core::model::Items;

use crate::activities::{browse, calendar, signup};
use crate::error::ApiError;
use crate::http::calendar_file::calendar_file;
use crate::http::etag::json_with_etag;
use crate::http::extract::{Caller, DayRange, JsonBody};
use crate::http::openapi::problems;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(between))
        .routes(routes!(my_calendar))
        .routes(routes!(one))
        .routes(routes!(sign_up, withdraw))
}

#[utoipa::path(
    get,
    path = "/activities",
    tag = "activities",
    description = "Extension: the community's activities that start between two dates (cancelled ones too, marked), each with the caller's own sign-ups in `mine`, with a strong ETag (If-None-Match answers 304: a phone that syncs often on one bar of signal downloads the list only when it changed).",
    params(DayRange),
    responses(
        (status = 200, body = Items<Activity>),
        (status = 304, description = "not modified"),
        problems::SignInFirst,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn between(
    State(state): State<AppState>,
    caller: Caller,
    Query(range): Query<DayRange>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (from, to) = (range.from.as_deref(), range.to.as_deref());
    let items = browse::between(state.db.pool(), &caller.user, from, to).await?;
    json_with_etag(&headers, &Items { items })
}

#[utoipa::path(
    get,
    path = "/activities/{id}",
    tag = "activities",
    description = "Extension: one activity, with the caller's own sign-ups.",
    params(("id" = String, Path, description = "The activity id")),
    responses(
        (status = 200, body = Activity),
        problems::SignInFirst,
        problems::NotFound
    ),
    security(("bearer" = []))
)]
async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Activity>, ApiError> {
    Ok(Json(browse::one(state.db.pool(), &caller.user, &id).await?))
}

#[utoipa::path(
    put,
    path = "/activities/{id}/signups/{signup_id}",
    tag = "activities",
    description = "Extension: sign up (or, with `child_name`, sign a child up; an activity for children needs it) under an id the device chose. A place while one is left, else a place in line (`mine[].state` says which, `position` where in line); the first in line gets a place that frees by themselves and is told. Idempotent: a resend answers the same sign-up; the same person coming under another id is one sign-up; the id used for another activity, person or child is 409 id_conflict. Closed or cancelled: 422 invalid_transition.",
    request_body = SignupBody,
    params(("id" = String, Path, description = "The activity id"), ("signup_id" = String, Path, description = "The sign-up id: 1 to 64 letters, digits, - or _")),
    responses(
        (status = 200, body = Activity),
        problems::SignInFirst,
        problems::NotFound,
        problems::Conflict,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn sign_up(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, signup_id)): Path<(String, String)>,
    JsonBody(body): JsonBody<SignupBody>,
) -> Result<Json<Activity>, ApiError> {
    let pool = state.db.pool();
    Ok(Json(
        signup::take(pool, &caller.user, &id, &signup_id, &body).await?,
    ))
}

#[utoipa::path(
    delete,
    path = "/activities/{id}/signups/{signup_id}",
    tag = "activities",
    description = "Extension: withdraw a sign-up (idempotent) before the activity starts (422 invalid_transition after). A place given back goes to the first in line.",
    params(("id" = String, Path, description = "The activity id"), ("signup_id" = String, Path, description = "The sign-up id")),
    responses(
        (status = 200, body = Activity),
        problems::SignInFirst,
        problems::NotFound,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, signup_id)): Path<(String, String)>,
) -> Result<Json<Activity>, ApiError> {
    Ok(Json(
        signup::give_back(state.db.pool(), &caller.user, &id, &signup_id).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/activities/mine.ics",
    tag = "activities",
    description = "Extension: the activities the caller signed up for, as an iCalendar (RFC 5545) file (a place in line is TENTATIVE).",
    responses(
        (status = 200, description = "text/calendar", content_type = "text/calendar", body = String),
        problems::SignInFirst
    ),
    security(("bearer" = []))
)]
async fn my_calendar(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    let body = calendar::mine(state.db.pool(), &caller.user).await?;
    Ok(calendar_file(body, "yizhan-activities.ics"))
}
