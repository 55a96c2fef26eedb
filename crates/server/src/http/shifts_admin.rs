//! Writing the rota (admins and dispatchers): `POST /shifts`, `PUT` and `DELETE /shifts/{id}`.
//! A deleted shift is cancelled, not removed: signed-up volunteers keep seeing it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Role, Shift};
use yizhan_core::validation::{char_len, TITLE_MAX};

use crate::error::{ApiError, FieldErrors};
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::http::shifts::{load, to_shift};
use crate::{clock, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(replace, cancel))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ShiftBody {
    title: String,
    team: String,
    station_id: Option<String>,
    starts_at: String,
    ends_at: String,
    capacity: i64,
}

struct ValidShift {
    body: ShiftBody,
    starts_at: i64,
    ends_at: i64,
}

/// Who writes the rota.
const STAFF: [Role; 2] = [Role::Admin, Role::Dispatcher];

async fn validate(
    state: &AppState,
    caller: &Caller,
    body: ShiftBody,
) -> Result<ValidShift, ApiError> {
    let mut errors = FieldErrors::new();
    let mut problem = |field: &str, message: &str| {
        errors
            .entry(field.to_string())
            .or_default()
            .push(message.to_string());
    };
    if char_len(&body.title) == 0 || char_len(&body.title) > TITLE_MAX {
        problem("title", "1 to 60 characters");
    }
    if char_len(&body.team) == 0 || char_len(&body.team) > TITLE_MAX {
        problem("team", "1 to 60 characters");
    }
    let starts_at = clock::parse_client_time(&body.starts_at);
    let ends_at = clock::parse_client_time(&body.ends_at);
    if starts_at.is_none() {
        problem("starts_at", "a time as RFC 3339 with offset");
    }
    if ends_at.is_none() {
        problem("ends_at", "a time as RFC 3339 with offset");
    }
    if let (Some(start), Some(end)) = (starts_at, ends_at) {
        if end <= start {
            problem("ends_at", "after starts_at");
        }
    }
    if !(1..=10_000).contains(&body.capacity) {
        problem("capacity", "at least one place");
    }
    if let Some(station) = &body.station_id {
        let known: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM stations WHERE id = ? AND community_id = ?")
                .bind(station)
                .bind(&caller.user.community_id)
                .fetch_optional(state.db.pool())
                .await?;
        if known.is_none() {
            problem("station_id", "no such station in this community");
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    Ok(ValidShift {
        body,
        starts_at: starts_at.unwrap_or_default(),
        ends_at: ends_at.unwrap_or_default(),
    })
}

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
    let shift = validate(&state, &caller, body).await?;
    let id = format!("sh-{}", uuid::Uuid::now_v7());
    let now = clock::now();
    sqlx::query(
        "INSERT INTO shifts (id, community_id, title, team, station_id, starts_at, ends_at, capacity, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&caller.user.community_id)
    .bind(shift.body.title.trim())
    .bind(shift.body.team.trim())
    .bind(&shift.body.station_id)
    .bind(shift.starts_at)
    .bind(shift.ends_at)
    .bind(shift.body.capacity)
    .bind(now)
    .execute(state.db.pool())
    .await?;
    let row = load(state.db.pool(), &caller.user, &id).await?;
    Ok((StatusCode::CREATED, Json(to_shift(row, now))))
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
    load(state.db.pool(), &caller.user, &id).await?;
    let shift = validate(&state, &caller, body).await?;
    let now = clock::now();
    sqlx::query(
        "UPDATE shifts SET title = ?, team = ?, station_id = ?, starts_at = ?, ends_at = ?, capacity = ?, updated_at = ?
         WHERE id = ? AND community_id = ?",
    )
    .bind(shift.body.title.trim())
    .bind(shift.body.team.trim())
    .bind(&shift.body.station_id)
    .bind(shift.starts_at)
    .bind(shift.ends_at)
    .bind(shift.body.capacity)
    .bind(now)
    .bind(&id)
    .bind(&caller.user.community_id)
    .execute(state.db.pool())
    .await?;
    Ok(Json(to_shift(
        load(state.db.pool(), &caller.user, &id).await?,
        now,
    )))
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
    load(state.db.pool(), &caller.user, &id).await?;
    let now = clock::now();
    sqlx::query(
        "UPDATE shifts SET cancelled = 1, updated_at = ? WHERE id = ? AND community_id = ?",
    )
    .bind(now)
    .bind(&id)
    .bind(&caller.user.community_id)
    .execute(state.db.pool())
    .await?;
    Ok(Json(to_shift(
        load(state.db.pool(), &caller.user, &id).await?,
        now,
    )))
}
