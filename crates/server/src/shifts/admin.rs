//! The rota's writes, by admins and dispatchers: add a shift, change one, cancel one. A
//! cancelled shift is kept, not removed: signed-up volunteers keep seeing it. Shifts get
//! their ids here, so a change is a replace of a shift that exists (404 otherwise), not
//! the create-or-replace that reference data has.

use serde::Deserialize;
use sqlx::SqlitePool;
use yizhan_core::model::Shift;
use yizhan_core::validation::{char_len, TITLE_MAX};

use super::{load, to_shift};
use crate::clock;
use crate::error::{ApiError, FieldErrors};
use crate::users::User;

// A shift as an admin or dispatcher writes it; times are RFC 3339 with an offset. (Not a
// doc comment: utoipa would make it the schema's description in openapi.json.)
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShiftBody {
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

/// Everything wrong with `body`, as one 422; else its times, read.
async fn validate(
    pool: &SqlitePool,
    community_id: &str,
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
                .bind(community_id)
                .fetch_optional(pool)
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

/// Adds the shift `body` describes to `user`'s community.
pub async fn create(pool: &SqlitePool, user: &User, body: ShiftBody) -> Result<Shift, ApiError> {
    let shift = validate(pool, &user.community_id, body).await?;
    let id = format!("sh-{}", uuid::Uuid::now_v7());
    let now = clock::now();
    sqlx::query(
        "INSERT INTO shifts (id, community_id, title, team, station_id, starts_at, ends_at, capacity, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&user.community_id)
    .bind(shift.body.title.trim())
    .bind(shift.body.team.trim())
    .bind(&shift.body.station_id)
    .bind(shift.starts_at)
    .bind(shift.ends_at)
    .bind(shift.body.capacity)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(to_shift(load(pool, user, &id).await?, now))
}

/// Replaces shift `id` with what `body` describes; its sign-ups stay.
pub async fn replace(
    pool: &SqlitePool,
    user: &User,
    id: &str,
    body: ShiftBody,
) -> Result<Shift, ApiError> {
    load(pool, user, id).await?;
    let shift = validate(pool, &user.community_id, body).await?;
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
    .bind(id)
    .bind(&user.community_id)
    .execute(pool)
    .await?;
    Ok(to_shift(load(pool, user, id).await?, now))
}

/// Cancels shift `id`.
pub async fn cancel(pool: &SqlitePool, user: &User, id: &str) -> Result<Shift, ApiError> {
    load(pool, user, id).await?;
    let now = clock::now();
    sqlx::query(
        "UPDATE shifts SET cancelled = 1, updated_at = ? WHERE id = ? AND community_id = ?",
    )
    .bind(now)
    .bind(id)
    .bind(&user.community_id)
    .execute(pool)
    .await?;
    Ok(to_shift(load(pool, user, id).await?, now))
}
