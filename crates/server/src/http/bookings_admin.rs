//! Staff's side of appointments (an extension, issue 19): admins and dispatchers write
//! the bookable things (create or change by id, retire); they and grid workers see a
//! day's bookings and mark each done or no-show.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::activities::AT_THE_DOOR;
use yizhan_core::bookings::{Bookable, BookableBody, DayBooking, OutcomeBody};
use yizhan_core::model::{Items, Role};

use crate::bookings::{admin, day};
use crate::error::ApiError;
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(put, retire))
        .routes(routes!(on_day))
        .routes(routes!(mark))
}

/// Who writes bookable things.
const STAFF: [Role; 2] = [Role::Admin, Role::Dispatcher];

#[utoipa::path(
    put,
    path = "/bookables/{id}",
    tag = "administration",
    description = "Extension, admins and dispatchers: create a bookable thing under an id the device chose (201), or change it whole (200; bookings made stay, and a retired one is offered again). `rules`: weekly runs of slots (`days` 1 = Monday … 7, `from`, `until`, `minutes`); `capacity`: how many book one slot (units of equipment); `loan_days` (equipment only): days a unit is lent from its slot; `eligibility`: `min_age` (by year of birth), `once_every_days`.",
    request_body = BookableBody,
    params(("id" = String, Path, description = "The id: 1 to 64 letters, digits, - or _")),
    responses(
        (status = 200, body = Bookable),
        (status = 201, body = Bookable),
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
    JsonBody(body): JsonBody<BookableBody>,
) -> Result<(StatusCode, Json<Bookable>), ApiError> {
    caller.require_any(&STAFF)?;
    let (thing, made) = admin::put(state.db.pool(), &caller.user, &id, body).await?;
    let status = if made {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(thing)))
}

#[utoipa::path(
    delete,
    path = "/bookables/{id}",
    tag = "administration",
    description = "Extension, admins and dispatchers: retire a bookable thing: residents no longer see it and no new bookings are taken; those made stay on the day's list. `PUT` it again to offer it again.",
    params(("id" = String, Path, description = "The bookable thing's id")),
    responses(
        (status = 200, body = Bookable),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound
    ),
    security(("bearer" = []))
)]
async fn retire(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Bookable>, ApiError> {
    caller.require_any(&STAFF)?;
    Ok(Json(
        admin::retire(state.db.pool(), &caller.user, &id).await?,
    ))
}

/// `?date=`: which of the community's days.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct OnDay {
    /// The day, YYYY-MM-DD (default today).
    date: Option<String>,
}

#[utoipa::path(
    get,
    path = "/bookings",
    tag = "administration",
    description = "Extension, admins, dispatchers and grid workers: a day's bookings across the community's things, in the order they start, with who booked (name, phone whole, address: a home visit goes there) and how each went.",
    params(OnDay),
    responses(
        (status = 200, body = Items<DayBooking>),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn on_day(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<OnDay>,
) -> Result<Json<Items<DayBooking>>, ApiError> {
    caller.require_any(&AT_THE_DOOR)?;
    let items = day::on(state.db.pool(), &caller.user, query.date.as_deref()).await?;
    Ok(Json(Items { items }))
}

#[utoipa::path(
    put,
    path = "/bookings/{id}/outcome",
    tag = "administration",
    description = "Extension, admins, dispatchers and grid workers: mark a booking `done` or `no_show` once its slot has begun (422 invalid_transition before); `booked` undoes a mark.",
    request_body = OutcomeBody,
    params(("id" = String, Path, description = "The booking id")),
    responses(
        (status = 200, body = DayBooking),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn mark(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<OutcomeBody>,
) -> Result<Json<DayBooking>, ApiError> {
    caller.require_any(&AT_THE_DOOR)?;
    Ok(Json(
        day::mark(state.db.pool(), &caller.user, &id, body.outcome).await?,
    ))
}
