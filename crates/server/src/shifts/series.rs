//! A series of shifts (admins and dispatchers): one on every chosen weekday between two
//! dates, made in one transaction ([`yizhan_core::workbench::shifts::expand`] says which),
//! and cancelled together from a date on.

use serde::Serialize;
use sqlx::SqlitePool;
use yizhan_core::model::Shift;
use yizhan_core::workbench::parse_date;
use yizhan_core::workbench::shifts::expand;
pub use yizhan_core::workbench::shifts::SeriesBody;

use super::admin::check_station;
use super::{to_shift, told, ShiftRow, SELECT_SHIFT};
use crate::clock;
use crate::db;
use crate::error::ApiError;
use crate::users::User;

/// What `POST /shifts/series` answers: the series' id and its shifts, in order.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Series {
    pub series_id: String,
    pub items: Vec<Shift>,
}

/// The shifts of series `series_id` of the user's community starting at or after
/// `from` (Unix seconds), as `user` sees them.
async fn read(
    conn: &mut sqlx::SqliteConnection,
    user: &User,
    series_id: &str,
    from: i64,
) -> Result<Vec<Shift>, ApiError> {
    let sql = format!(
        "{SELECT_SHIFT} WHERE s.series_id = ?2 AND s.community_id = ?3 AND s.starts_at >= ?4
         ORDER BY s.starts_at, s.id"
    );
    let rows: Vec<ShiftRow> = sqlx::query_as(&sql)
        .bind(&user.id)
        .bind(series_id)
        .bind(&user.community_id)
        .bind(from)
        .fetch_all(&mut *conn)
        .await?;
    let now = clock::now();
    Ok(rows.into_iter().map(|row| to_shift(row, now)).collect())
}

/// Makes the shifts `body` describes in `user`'s community, all or none; `true` with
/// them when it made them. A body under an id the community already has a series by
/// is a resend: it gets that series, made once.
pub async fn create(
    pool: &SqlitePool,
    user: &User,
    body: SeriesBody,
) -> Result<(Series, bool), ApiError> {
    let shifts = expand(&body).map_err(ApiError::invalid)?;
    check_station(pool, &user.community_id, body.station_id.as_deref()).await?;
    let series_id = match &body.id {
        Some(id) => format!("se-{}", id.trim()),
        None => format!("se-{}", uuid::Uuid::now_v7()),
    };
    let now = clock::now();
    let mut tx = db::write(pool).await?;
    // Checked in the write transaction: two copies of one request make one series.
    let made_before = read(&mut tx, user, &series_id, i64::MIN).await?;
    if !made_before.is_empty() {
        tx.commit().await?;
        let items = made_before;
        return Ok((Series { series_id, items }, false));
    }
    for shift in &shifts {
        sqlx::query(
            "INSERT INTO shifts (id, community_id, title, team, station_id, starts_at, ends_at,
                                 capacity, updated_at, series_id)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(format!("sh-{}", uuid::Uuid::now_v7()))
        .bind(&user.community_id)
        .bind(body.title.trim())
        .bind(body.team.trim())
        .bind(&body.station_id)
        .bind(shift.starts_at)
        .bind(shift.ends_at)
        .bind(body.capacity)
        .bind(now)
        .bind(&series_id)
        .execute(&mut *tx)
        .await?;
    }
    let items = read(&mut tx, user, &series_id, i64::MIN).await?;
    tx.commit().await?;
    Ok((Series { series_id, items }, true))
}

/// Cancels the shifts of series `series_id` that start on `from` (a community date,
/// `YYYY-MM-DD`; today when absent) or later, as `DELETE /shifts/{id}` cancels one:
/// those signed up keep seeing them, cancelled. Answers them; 404 for a series the
/// community does not have.
pub async fn cancel_from(
    pool: &SqlitePool,
    user: &User,
    series_id: &str,
    from: Option<&str>,
) -> Result<Vec<Shift>, ApiError> {
    let from = match from {
        Some(text) => {
            parse_date(text).ok_or_else(|| ApiError::field("from", "a date as YYYY-MM-DD"))?
        }
        None => clock::today(),
    };
    let start = clock::local_unix(from, 0, 0);
    let mut tx = db::write(pool).await?;
    let known: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM shifts WHERE series_id = ? AND community_id = ? LIMIT 1")
            .bind(series_id)
            .bind(&user.community_id)
            .fetch_optional(&mut *tx)
            .await?;
    if known.is_none() {
        return Err(ApiError::NotFound);
    }
    let going: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM shifts
         WHERE series_id = ? AND community_id = ? AND starts_at >= ? AND cancelled = 0",
    )
    .bind(series_id)
    .bind(&user.community_id)
    .bind(start)
    .fetch_all(&mut *tx)
    .await?;
    for id in &going {
        let before = told::as_seen(&mut tx, id, &user.community_id).await?;
        sqlx::query("UPDATE shifts SET cancelled = 1, updated_at = ? WHERE id = ?")
            .bind(clock::now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if let Some(before) = before {
            let after = told::AsSeen {
                cancelled: true,
                ..before.clone()
            };
            told::tell_change(&mut tx, id, &before, &after, &user.id).await?;
        }
    }
    let items = read(&mut tx, user, series_id, start).await?;
    tx.commit().await?;
    Ok(items)
}
