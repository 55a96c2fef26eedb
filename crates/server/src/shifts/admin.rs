//! The rota's writes, by admins and dispatchers: add a shift, change one, cancel one. A
//! cancelled shift is kept, not removed: signed-up volunteers keep seeing it. Shifts get
//! their ids here, so a change is a replace of a shift that exists (404 otherwise), not
//! the create-or-replace that reference data has.

use sqlx::SqlitePool;
use yizhan_core::model::Shift;
use yizhan_core::validation::FieldProblem;
pub use yizhan_core::workbench::shifts::ShiftBody;
use yizhan_core::workbench::shifts::{check, ShiftTimes};

use super::{load, to_shift, told};
use crate::clock;
use crate::error::ApiError;
use crate::users::User;

struct ValidShift {
    body: ShiftBody,
    starts_at: i64,
    ends_at: i64,
}

/// Whether `station_id` (where given) is a station of `community_id`; else the problem.
pub(crate) async fn check_station(
    pool: &SqlitePool,
    community_id: &str,
    station_id: Option<&str>,
) -> Result<(), ApiError> {
    let Some(station) = station_id else {
        return Ok(());
    };
    let known: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM stations WHERE id = ? AND community_id = ?")
            .bind(station)
            .bind(community_id)
            .fetch_optional(pool)
            .await?;
    match known {
        Some(_) => Ok(()),
        None => Err(ApiError::invalid([("station_id", FieldProblem::NotHere)])),
    }
}

/// Everything wrong with `body`, as one 422 (core's checks, then the station); else its
/// times, read.
async fn validate(
    pool: &SqlitePool,
    community_id: &str,
    body: ShiftBody,
) -> Result<ValidShift, ApiError> {
    let ShiftTimes { starts_at, ends_at } = check(&body).map_err(ApiError::invalid)?;
    check_station(pool, community_id, body.station_id.as_deref()).await?;
    Ok(ValidShift {
        body,
        starts_at,
        ends_at,
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
    let mut tx = crate::db::write(pool).await?;
    let before = told::as_seen(&mut tx, id, &user.community_id).await?;
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
    .execute(&mut *tx)
    .await?;
    tell(&mut tx, id, &user.community_id, before, &user.id).await?;
    tx.commit().await?;
    Ok(to_shift(load(pool, user, id).await?, now))
}

/// Tells those signed up what became of shift `id`, `before` being how it was.
async fn tell(
    conn: &mut sqlx::SqliteConnection,
    id: &str,
    community_id: &str,
    before: Option<told::AsSeen>,
    actor: &str,
) -> Result<(), sqlx::Error> {
    let after = told::as_seen(conn, id, community_id).await?;
    if let (Some(before), Some(after)) = (before, after) {
        told::tell_change(conn, id, &before, &after, actor).await?;
    }
    Ok(())
}

/// Cancels shift `id`.
pub async fn cancel(pool: &SqlitePool, user: &User, id: &str) -> Result<Shift, ApiError> {
    load(pool, user, id).await?;
    let now = clock::now();
    let mut tx = crate::db::write(pool).await?;
    let before = told::as_seen(&mut tx, id, &user.community_id).await?;
    sqlx::query(
        "UPDATE shifts SET cancelled = 1, updated_at = ? WHERE id = ? AND community_id = ?",
    )
    .bind(now)
    .bind(id)
    .bind(&user.community_id)
    .execute(&mut *tx)
    .await?;
    tell(&mut tx, id, &user.community_id, before, &user.id).await?;
    tx.commit().await?;
    Ok(to_shift(load(pool, user, id).await?, now))
}
