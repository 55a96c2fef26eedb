//! Staff's side of `/activities` (an extension, issue 19): admins and dispatchers write
//! activities (create or change by id, repeat, cancel) and count the month; they and grid
//! workers see who signed up and check them in at the door.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::activities::{
    Activity, ActivityBody, ActivitySignup, CheckInBody, DoorList, MonthFigures, RepeatBody,
    AT_THE_DOOR,
};
use yizhan_core::model::{Items, Role};

use crate::activities::{admin, door, figures};
use crate::error::ApiError;
use crate::http::etag::json_with_etag;
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(put, cancel))
        .routes(routes!(repeat))
        .routes(routes!(signups))
        .routes(routes!(door))
        .routes(routes!(check_in))
        .routes(routes!(month))
}

/// Who writes activities.
const STAFF: [Role; 2] = [Role::Admin, Role::Dispatcher];

#[utoipa::path(
    put,
    path = "/activities/{id}",
    tag = "administration",
    description = "Extension, admins and dispatchers: create an activity under an id the device chose (201), or change it (200; its sign-ups stay, those signed up are told of a move, more places move the line up; fewer places than are taken is 422, a cancelled one is 422 invalid_transition). `station_id` or `address` says where.",
    request_body = ActivityBody,
    params(("id" = String, Path, description = "The activity id: 1 to 64 letters, digits, - or _")),
    responses(
        (status = 200, body = Activity),
        (status = 201, body = Activity),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::Conflict,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn put(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ActivityBody>,
) -> Result<(StatusCode, Json<Activity>), ApiError> {
    caller.require_any(&STAFF)?;
    let (activity, made) = admin::put(state.db.pool(), &caller.user, &id, body).await?;
    let status = if made {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(activity)))
}

#[utoipa::path(
    delete,
    path = "/activities/{id}",
    tag = "administration",
    description = "Extension, admins and dispatchers: cancel an activity; those signed up keep seeing it, cancelled, and are told.",
    params(("id" = String, Path, description = "The activity id")),
    responses(
        (status = 200, body = Activity),
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
) -> Result<Json<Activity>, ApiError> {
    caller.require_any(&STAFF)?;
    Ok(Json(
        admin::cancel(state.db.pool(), &caller.user, &id).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/activities/{id}/repeats",
    tag = "administration",
    description = "Extension, admins and dispatchers: the activity again every week (`week`) or two (`two_weeks`), `times` in all (2 to 26, itself included), without its sign-ups. Answers the whole series; 201 when any was made, 200 for a resend (which makes none again).",
    request_body = RepeatBody,
    params(("id" = String, Path, description = "The first activity's id")),
    responses(
        (status = 200, body = Items<Activity>),
        (status = 201, body = Items<Activity>),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn repeat(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<RepeatBody>,
) -> Result<(StatusCode, Json<Items<Activity>>), ApiError> {
    caller.require_any(&STAFF)?;
    let (items, made) = admin::repeat(state.db.pool(), &caller.user, &id, &body).await?;
    let status = if made {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(Items { items })))
}

#[utoipa::path(
    get,
    path = "/activities/{id}/signups",
    tag = "administration",
    description = "Extension, admins, dispatchers and grid workers: who signed up, those with a place first then the line, with their phone, their check-in code (a device at the door keeps the list to check people in offline) and when they were checked in.",
    params(("id" = String, Path, description = "The activity id")),
    responses(
        (status = 200, body = Items<ActivitySignup>),
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
) -> Result<Json<Items<ActivitySignup>>, ApiError> {
    caller.require_any(&AT_THE_DOOR)?;
    let items = door::signups(state.db.pool(), &caller.user, &id).await?;
    Ok(Json(Items { items }))
}

#[utoipa::path(
    get,
    path = "/activities/door",
    tag = "administration",
    description = "Extension, admins, dispatchers and grid workers: today's and tomorrow's activities (cancelled ones too), each with everyone signed up as `/activities/{id}/signups` lists them: what a device at the door keeps to check people in offline. With a strong ETag (If-None-Match answers 304).",
    responses(
        (status = 200, body = Items<DoorList>),
        (status = 304, description = "not modified"),
        problems::SignInFirst,
        problems::NotYourRole
    ),
    security(("bearer" = []))
)]
async fn door(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    caller.require_any(&AT_THE_DOOR)?;
    let items = door::lists(state.db.pool(), &caller.user).await?;
    json_with_etag(&headers, &Items { items })
}

#[utoipa::path(
    put,
    path = "/activities/{id}/check-ins/{code}",
    tag = "administration",
    description = "Extension, admins, dispatchers and grid workers: check in whoever holds the code (idempotent: the first time is kept). `at` is when the device at the door took it, if it was offline (kept when believable). From 2 hours before the start to 7 days after the end. A code nobody holds (given back meanwhile) is 404; someone in line, a cancelled activity or outside those hours 422 invalid_transition.",
    request_body = CheckInBody,
    params(("id" = String, Path, description = "The activity id"), ("code" = String, Path, description = "The check-in code, as shown or typed")),
    responses(
        (status = 200, body = ActivitySignup),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn check_in(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, code)): Path<(String, String)>,
    JsonBody(body): JsonBody<CheckInBody>,
) -> Result<Json<ActivitySignup>, ApiError> {
    caller.require_any(&AT_THE_DOOR)?;
    Ok(Json(
        door::check_in(state.db.pool(), &caller.user, &id, &code, &body).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Month {
    /// YYYY-MM; this month when absent.
    month: Option<String>,
}

#[utoipa::path(
    get,
    path = "/activities/figures",
    tag = "administration",
    description = "Extension, admins and dispatchers: a month's activities in figures: held, cancelled, places taken, people served (checked in), no-shows, and by organiser.",
    params(Month),
    responses(
        (status = 200, body = MonthFigures),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn month(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<Month>,
) -> Result<Json<MonthFigures>, ApiError> {
    caller.require_any(&STAFF)?;
    Ok(Json(
        figures::month(state.db.pool(), &caller.user, query.month.as_deref()).await?,
    ))
}
