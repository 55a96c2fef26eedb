//! `/shifts`: the volunteer rota, signing up and cancelling, and `mine.ics`.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use sqlx::SqlitePool;
use time::macros::format_description;
use time::Date;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Items, Role, Shift, ShiftStatus};

use crate::error::ApiError;
use crate::http::extract::Caller;
use crate::http::ics;
use crate::http::openapi::problems;
use crate::users::User;
use crate::{clock, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rota))
        .routes(routes!(my_calendar))
        .routes(routes!(sign_up, withdraw))
}

/// The longest range one request may ask for.
const MAX_RANGE_DAYS: i64 = 62;

#[derive(sqlx::FromRow)]
pub(crate) struct ShiftRow {
    pub id: String,
    pub title: String,
    pub team: String,
    pub station_id: Option<String>,
    pub station_name: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub cancelled: bool,
    pub updated_at: i64,
    pub signed_up: i64,
    pub me: bool,
}

const SELECT_SHIFT: &str = "SELECT s.id, s.title, s.team, s.station_id, st.name AS station_name,
        s.starts_at, s.ends_at, s.capacity, s.cancelled, s.updated_at,
        (SELECT COUNT(*) FROM shift_signups x WHERE x.shift_id = s.id) AS signed_up,
        EXISTS (SELECT 1 FROM shift_signups x WHERE x.shift_id = s.id AND x.user_id = ?1) AS me
    FROM shifts s LEFT JOIN stations st ON st.id = s.station_id";

pub(crate) fn to_shift(row: ShiftRow, now: i64) -> Shift {
    let capacity = u32::try_from(row.capacity).unwrap_or(0);
    let signed_up = u32::try_from(row.signed_up).unwrap_or(0);
    Shift {
        status: ShiftStatus::at(now, row.starts_at, row.cancelled, signed_up, capacity),
        id: row.id,
        title: row.title,
        team: row.team,
        station_id: row.station_id,
        starts_at: clock::rfc3339_local(row.starts_at),
        ends_at: clock::rfc3339_local(row.ends_at),
        capacity,
        signed_up,
        me: row.me,
        updated_at: clock::rfc3339_local(row.updated_at),
    }
}

pub(crate) async fn load(pool: &SqlitePool, user: &User, id: &str) -> Result<ShiftRow, ApiError> {
    let sql = format!("{SELECT_SHIFT} WHERE s.id = ?2 AND s.community_id = ?3");
    sqlx::query_as(&sql)
        .bind(&user.id)
        .bind(id)
        .bind(&user.community_id)
        .fetch_optional(pool)
        .await?
        .ok_or(ApiError::NotFound)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Range {
    from: Option<String>,
    to: Option<String>,
}

fn parse_date(field: &str, text: &str) -> Result<Date, ApiError> {
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map_err(|_| ApiError::field(field, "a date as YYYY-MM-DD"))
}

#[utoipa::path(
    get,
    path = "/shifts",
    tag = "shifts",
    description = "The rota between two dates (default: today and the next 13 days; at most 62 days).",
    params(Range),
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
    Query(range): Query<Range>,
) -> Result<Json<Items<Shift>>, ApiError> {
    let from = match range.from.as_deref() {
        Some(text) => parse_date("from", text)?,
        None => clock::today(),
    };
    let to = match range.to.as_deref() {
        Some(text) => parse_date("to", text)?,
        None => from
            .checked_add(time::Duration::days(13))
            .ok_or_else(|| ApiError::field("from", "a date before 9999-12-18"))?,
    };
    let days = (to - from).whole_days();
    if !(0..=MAX_RANGE_DAYS).contains(&days) {
        return Err(ApiError::field(
            "to",
            format!("from 0 to {MAX_RANGE_DAYS} days after `from`"),
        ));
    }
    let start = clock::local_unix(from, 0, 0);
    // The end is the start of the day after `to`: checked, there is none after 9999-12-31.
    let after_to = to
        .next_day()
        .ok_or_else(|| ApiError::field("to", "a date before 9999-12-31"))?;
    let end = clock::local_unix(after_to, 0, 0);
    let sql = format!(
        "{SELECT_SHIFT} WHERE s.community_id = ?2 AND s.starts_at >= ?3 AND s.starts_at < ?4
         ORDER BY s.starts_at, s.id"
    );
    let rows: Vec<ShiftRow> = sqlx::query_as(&sql)
        .bind(&caller.user.id)
        .bind(&caller.user.community_id)
        .bind(start)
        .bind(end)
        .fetch_all(state.db.pool())
        .await?;
    let now = clock::now();
    Ok(Json(Items {
        items: rows.into_iter().map(|r| to_shift(r, now)).collect(),
    }))
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
    let pool = state.db.pool();
    let now = clock::now();
    let row = load(pool, &caller.user, &id).await?;
    if row.me {
        return Ok(Json(to_shift(row, now)));
    }
    if row.cancelled || now >= row.starts_at {
        return Err(ApiError::InvalidTransition);
    }
    let taken = sqlx::query(
        "INSERT INTO shift_signups (shift_id, user_id, created_at)
         SELECT s.id, ?, ? FROM shifts s
         WHERE s.id = ? AND s.cancelled = 0
           AND (SELECT COUNT(*) FROM shift_signups x WHERE x.shift_id = s.id) < s.capacity
         ON CONFLICT (shift_id, user_id) DO NOTHING",
    )
    .bind(&caller.user.id)
    .bind(now)
    .bind(&id)
    .execute(pool)
    .await?;
    let row = load(pool, &caller.user, &id).await?;
    if taken.rows_affected() == 0 && !row.me {
        return Err(ApiError::ShiftFull);
    }
    Ok(Json(to_shift(row, now)))
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
    let pool = state.db.pool();
    let now = clock::now();
    let row = load(pool, &caller.user, &id).await?;
    if row.me && now >= row.starts_at {
        return Err(ApiError::InvalidTransition);
    }
    sqlx::query("DELETE FROM shift_signups WHERE shift_id = ? AND user_id = ?")
        .bind(&id)
        .bind(&caller.user.id)
        .execute(pool)
        .await?;
    Ok(Json(to_shift(load(pool, &caller.user, &id).await?, now)))
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
    let sql = format!(
        "{SELECT_SHIFT} WHERE s.community_id = ?2
           AND EXISTS (SELECT 1 FROM shift_signups x WHERE x.shift_id = s.id AND x.user_id = ?1)
         ORDER BY s.starts_at"
    );
    let rows: Vec<ShiftRow> = sqlx::query_as(&sql)
        .bind(&caller.user.id)
        .bind(&caller.user.community_id)
        .fetch_all(state.db.pool())
        .await?;
    let body = ics::calendar(&rows, clock::now());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"yizhan-shifts.ics\""),
            ),
        ],
        body,
    )
        .into_response())
}
