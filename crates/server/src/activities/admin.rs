//! Staff write activities (admins and dispatchers): create or change one under an id of
//! the device's choosing (a resend is the same write), repeat one weekly or every two
//! weeks, cancel one. A cancelled activity is kept: those signed up keep seeing it. Those
//! signed up are told of a move or a cancellation; raising the places moves the line up.

use sha2::{Digest, Sha256};
use sqlx::SqlitePool;
use yizhan_core::activities::{
    check_activity, check_repeat, repeated, Activity, ActivityBody, ActivityTimes, RepeatBody,
    CAPACITY_MAX,
};
use yizhan_core::validation::FieldProblem;

use super::signup::move_up;
use super::told::{self, AsSeen};
use super::{audience_str, load, row, with_mine, ActivityRow, SELECT_ACTIVITY};
use crate::clock;
use crate::error::ApiError;
use crate::reference::put::check_admin_id;
use crate::shifts::admin::check_station;
use crate::users::User;

/// Creates activity `id` in `user`'s community, or changes it: `true` when it was made.
/// A change keeps the sign-ups; fewer places than are taken is refused (nobody loses a
/// place they were given), a cancelled activity is not changed (`invalid_transition`).
pub async fn put(
    pool: &SqlitePool,
    user: &User,
    id: &str,
    body: ActivityBody,
) -> Result<(Activity, bool), ApiError> {
    check_admin_id(id)?;
    let times = check_activity(&body).map_err(ApiError::invalid)?;
    check_station(pool, &user.community_id, body.station_id.as_deref()).await?;
    let now = clock::now();
    let mut tx = crate::db::write(pool).await?;
    let owner: Option<String> =
        sqlx::query_scalar("SELECT community_id FROM activities WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let made = match owner {
        Some(community) if community != user.community_id => return Err(ApiError::IdConflict),
        Some(_) => {
            let before = row(&mut tx, &user.community_id, id).await?;
            // Cancelled, or moved once it has started (it was held, and counted, then).
            let moved = before.starts_at != times.starts_at || before.ends_at != times.ends_at;
            if before.cancelled || (moved && now >= before.starts_at) {
                return Err(ApiError::InvalidTransition);
            }
            if body.capacity < before.confirmed {
                return Err(ApiError::invalid([(
                    "capacity",
                    FieldProblem::OutOfRange {
                        min: before.confirmed,
                        max: CAPACITY_MAX,
                    },
                )]));
            }
            write(&mut tx, Write::Update, id, user, &body, times, now).await?;
            move_up(&mut tx, &user.community_id, id).await?;
            let after = row(&mut tx, &user.community_id, id).await?;
            told::change(&mut tx, &AsSeen::of(&before), &after, &user.id).await?;
            false
        }
        None => {
            write(&mut tx, Write::Insert, id, user, &body, times, now).await?;
            true
        }
    };
    let answer = load(&mut tx, user, id).await?;
    tx.commit().await?;
    Ok((answer, made))
}

/// Whether [`write`] makes the activity or changes it.
enum Write {
    Insert,
    Update,
}

/// Writes `body` as activity `id` (the two statements bind the same values in the same
/// order).
async fn write(
    conn: &mut sqlx::SqliteConnection,
    how: Write,
    id: &str,
    user: &User,
    body: &ActivityBody,
    times: ActivityTimes,
    now: i64,
) -> Result<(), sqlx::Error> {
    let sql = if matches!(how, Write::Insert) {
        "INSERT INTO activities (title, description, organiser, station_id, address, starts_at,
            ends_at, signup_closes_at, capacity, audience, updated_at, id, community_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    } else {
        "UPDATE activities SET title = ?, description = ?, organiser = ?, station_id = ?,
            address = ?, starts_at = ?, ends_at = ?, signup_closes_at = ?, capacity = ?,
            audience = ?, updated_at = ?
         WHERE id = ? AND community_id = ?"
    };
    sqlx::query(sql)
        .bind(body.title.trim())
        .bind(body.description.trim())
        .bind(body.organiser.trim())
        .bind(&body.station_id)
        .bind(body.address.as_deref().map(str::trim))
        .bind(times.starts_at)
        .bind(times.ends_at)
        .bind(times.signup_closes_at)
        .bind(body.capacity)
        .bind(audience_str(body.audience))
        .bind(now)
        .bind(id)
        .bind(&user.community_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Cancels activity `id` before it starts (once started it was held:
/// `invalid_transition`); those signed up are told.
pub async fn cancel(pool: &SqlitePool, user: &User, id: &str) -> Result<Activity, ApiError> {
    let mut tx = crate::db::write(pool).await?;
    let before = row(&mut tx, &user.community_id, id).await?;
    if !before.cancelled && clock::now() >= before.starts_at {
        return Err(ApiError::InvalidTransition);
    }
    sqlx::query(
        "UPDATE activities SET cancelled = 1, updated_at = ? WHERE id = ? AND community_id = ?",
    )
    .bind(clock::now())
    .bind(id)
    .bind(&user.community_id)
    .execute(&mut *tx)
    .await?;
    let after = row(&mut tx, &user.community_id, id).await?;
    told::change(&mut tx, &AsSeen::of(&before), &after, &user.id).await?;
    let answer = load(&mut tx, user, id).await?;
    tx.commit().await?;
    Ok(answer)
}

/// The id of series `series`' activity starting at `starts_at`: the same for a resend,
/// and for the same date reached another way (weekly then fortnightly, or repeating from
/// a later one of the series), so no date of a series is made twice.
fn repeat_id(series: &str, starts_at: i64) -> String {
    let digest = Sha256::digest(format!("{series}/{starts_at}").as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("ac-{hex}")
}

/// Repeats activity `id` as `body` says (it counts as the first), without its sign-ups:
/// the whole series, and `true` when any activity was made. A resend makes none again.
pub async fn repeat(
    pool: &SqlitePool,
    user: &User,
    id: &str,
    body: &RepeatBody,
) -> Result<(Vec<Activity>, bool), ApiError> {
    check_repeat(body).map_err(ApiError::invalid)?;
    let mut tx = crate::db::write(pool).await?;
    let first = row(&mut tx, &user.community_id, id).await?;
    if first.cancelled {
        return Err(ApiError::InvalidTransition);
    }
    let series = first.series_id.clone().unwrap_or_else(|| first.id.clone());
    sqlx::query("UPDATE activities SET series_id = ? WHERE id = ? AND series_id IS NULL")
        .bind(&series)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let times = ActivityTimes {
        starts_at: first.starts_at,
        ends_at: first.ends_at,
        signup_closes_at: first.signup_closes_at,
    };
    let now = clock::now();
    let mut made = false;
    for at in repeated(times, body.every, body.times).into_iter().skip(1) {
        let done = sqlx::query(
            "INSERT INTO activities (id, community_id, title, description, organiser, station_id,
                address, starts_at, ends_at, signup_closes_at, capacity, audience, series_id, updated_at)
             SELECT ?, community_id, title, description, organiser, station_id, address, ?, ?, ?,
                capacity, audience, ?, ?
             FROM activities WHERE id = ?
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(repeat_id(&series, at.starts_at))
        .bind(at.starts_at)
        .bind(at.ends_at)
        .bind(at.signup_closes_at)
        .bind(&series)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        made |= done.rows_affected() > 0;
    }
    let sql = format!(
        "{SELECT_ACTIVITY} WHERE a.community_id = ?1 AND a.series_id = ?2 ORDER BY a.starts_at, a.id"
    );
    let rows: Vec<ActivityRow> = sqlx::query_as(&sql)
        .bind(&user.community_id)
        .bind(&series)
        .fetch_all(&mut *tx)
        .await?;
    let answer = with_mine(&mut tx, user, rows).await?;
    tx.commit().await?;
    Ok((answer, made))
}
