//! `/me`: who the token belongs to, and (an extension) their record of service.

use axum::extract::State;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::ServiceRecord;

use crate::error::ApiError;
use crate::http::extract::Caller;
use crate::http::openapi::problems;
use crate::users::User;
use crate::{clock, AppState};

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
    let pool = state.db.pool();
    let (shifts, shift_seconds): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(s.ends_at - s.starts_at), 0)
         FROM shift_signups x JOIN shifts s ON s.id = x.shift_id
         WHERE x.user_id = ? AND s.cancelled = 0 AND s.ends_at <= ?",
    )
    .bind(&caller.user.id)
    .bind(clock::now())
    .fetch_one(pool)
    .await?;
    // Per order the assignee completed: the last start and the last completion (ms).
    let orders: Vec<(Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT
            (SELECT MAX(e.at) FROM order_events e WHERE e.order_id = o.id AND e.action = 'start'),
            (SELECT MAX(e.at) FROM order_events e WHERE e.order_id = o.id AND e.action = 'complete')
         FROM orders o
         WHERE o.assignee_id = ? AND o.status IN ('completed', 'closed') AND o.deleted = 0",
    )
    .bind(&caller.user.id)
    .fetch_all(pool)
    .await?;
    let order_ms: i64 = orders
        .iter()
        .map(|(started, completed)| match (started, completed) {
            (Some(started), Some(completed)) => (completed - started).max(0),
            _ => 0,
        })
        .sum();
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(Json(ServiceRecord {
        shifts: count(shifts),
        shift_minutes: count(shift_seconds / 60),
        orders: count(orders.len() as i64),
        order_minutes: count(order_ms / 60_000),
    }))
}
