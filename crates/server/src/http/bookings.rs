//! `/bookables` (an extension, issue 19): what residents book in slots — a service at the
//! post, a home visit, equipment lent, a room — with each thing's free slots; booking a
//! slot and cancelling, by a booking id the device chose.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::bookings::{BookBody, Bookable};
use yizhan_core::model::Items;

use crate::bookings::{book, browse};
use crate::error::ApiError;
use crate::http::etag::json_with_etag;
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(all))
        .routes(routes!(one))
        .routes(routes!(take, cancel))
}

#[utoipa::path(
    get,
    path = "/bookables",
    tag = "bookings",
    description = "Extension: what the community's residents can book, each with its slots over the coming `ahead_days` (`left`: places still free; none on a day its station is closed) and the caller's own bookings in `mine`, with a strong ETag (If-None-Match answers 304).",
    responses(
        (status = 200, body = Items<Bookable>),
        (status = 304, description = "not modified"),
        problems::SignInFirst
    ),
    security(("bearer" = []))
)]
async fn all(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let items = browse::all(state.db.pool(), &caller.user).await?;
    json_with_etag(&headers, &Items { items })
}

#[utoipa::path(
    get,
    path = "/bookables/{id}",
    tag = "bookings",
    description = "Extension: one bookable thing with its slots and the caller's bookings.",
    params(("id" = String, Path, description = "The bookable thing's id")),
    responses(
        (status = 200, body = Bookable),
        problems::SignInFirst,
        problems::NotFound
    ),
    security(("bearer" = []))
)]
async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Bookable>, ApiError> {
    Ok(Json(browse::one(state.db.pool(), &caller.user, &id).await?))
}

#[utoipa::path(
    put,
    path = "/bookables/{id}/bookings/{booking_id}",
    tag = "bookings",
    description = "Extension: book the slot starting at `starts_at` under an id the device chose. Idempotent: a resend answers the same booking; the same person booking the same slot under another id is one booking; the id used for another thing, person or slot is 409 id_conflict. A slot with no place left is 409 `slot_full` with `next_free` (the next slot with a place); a time that is not one of the slots offered is 422 at `starts_at`; someone the thing's eligibility leaves out (an age, one booking every so many days) is 422 `not_eligible` with `reason` (`age_unknown`, `too_young`, `too_soon`).",
    request_body = BookBody,
    params(("id" = String, Path, description = "The bookable thing's id"), ("booking_id" = String, Path, description = "The booking id: 1 to 64 letters, digits, - or _")),
    responses(
        (status = 200, body = Bookable),
        problems::SignInFirst,
        problems::NotFound,
        problems::Conflict,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn take(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, booking_id)): Path<(String, String)>,
    JsonBody(body): JsonBody<BookBody>,
) -> Result<Json<Bookable>, ApiError> {
    let pool = state.db.pool();
    Ok(Json(
        book::take(pool, &caller.user, &id, &booking_id, &body).await?,
    ))
}

#[utoipa::path(
    delete,
    path = "/bookables/{id}/bookings/{booking_id}",
    tag = "bookings",
    description = "Extension: cancel a booking (idempotent) before its slot starts (422 invalid_transition after); its place is free again.",
    params(("id" = String, Path, description = "The bookable thing's id"), ("booking_id" = String, Path, description = "The booking id")),
    responses(
        (status = 200, body = Bookable),
        problems::SignInFirst,
        problems::NotFound,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, booking_id)): Path<(String, String)>,
) -> Result<Json<Bookable>, ApiError> {
    Ok(Json(
        book::cancel(state.db.pool(), &caller.user, &id, &booking_id).await?,
    ))
}
