//! Staff's day (admins, dispatchers, grid workers): a date's bookings across the
//! community's things, who with their phone and address (a home visit goes there), and
//! marking each done or no-show once its slot has begun.

use sqlx::SqlitePool;
use yizhan_core::bookings::{BookingState, DayBooking};

use super::{kind_of, state_of, state_str, BookableKind};
use crate::clock;
use crate::error::ApiError;
use crate::users::User;

#[derive(sqlx::FromRow)]
struct DayRow {
    id: String,
    bookable_id: String,
    bookable_name: String,
    kind: String,
    starts_at: i64,
    ends_at: i64,
    holds_until: i64,
    name: String,
    phone: String,
    address: Option<String>,
    state: String,
}

const SELECT_DAY: &str = "SELECT k.id, k.bookable_id, b.name AS bookable_name, b.kind,
        k.starts_at, k.ends_at, k.holds_until, u.name, u.phone, u.address, k.state
    FROM bookings k JOIN bookables b ON b.id = k.bookable_id JOIN users u ON u.id = k.user_id";

fn to_day(row: DayRow) -> DayBooking {
    let kind = kind_of(&row.kind);
    DayBooking {
        return_by: (kind == BookableKind::Equipment && row.holds_until > row.ends_at)
            .then(|| clock::rfc3339_local(row.holds_until)),
        id: row.id,
        bookable_id: row.bookable_id,
        bookable_name: row.bookable_name,
        kind,
        starts_at: clock::rfc3339_local(row.starts_at),
        ends_at: clock::rfc3339_local(row.ends_at),
        name: row.name,
        phone: row.phone,
        address: row.address,
        state: state_of(&row.state),
    }
}

/// The bookings of `user`'s community on `date` (`YYYY-MM-DD`, the community's day;
/// today when absent), in the order they start.
pub async fn on(
    pool: &SqlitePool,
    user: &User,
    date: Option<&str>,
) -> Result<Vec<DayBooking>, ApiError> {
    if date.is_some_and(|d| yizhan_core::workbench::parse_date(d).is_none()) {
        return Err(ApiError::field("date", "a date as YYYY-MM-DD"));
    }
    let (start, end) = crate::days::span(date, date)?;
    let sql = format!(
        "{SELECT_DAY} WHERE b.community_id = ? AND k.starts_at >= ? AND k.starts_at < ?
           AND k.state != 'cancelled'
         ORDER BY k.starts_at, b.position, k.id"
    );
    let rows: Vec<DayRow> = sqlx::query_as(&sql)
        .bind(&user.community_id)
        .bind(start)
        .bind(end)
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(to_day).collect())
}

/// Marks booking `id` as it went (`booked` again undoes a mark), once its slot has
/// begun (`invalid_transition` before: nobody is a no-show yet).
pub async fn mark(
    pool: &SqlitePool,
    user: &User,
    id: &str,
    outcome: BookingState,
) -> Result<DayBooking, ApiError> {
    let mut tx = crate::db::write(pool).await?;
    let sql =
        format!("{SELECT_DAY} WHERE k.id = ? AND b.community_id = ? AND k.state != 'cancelled'");
    let found: DayRow = sqlx::query_as(&sql)
        .bind(id)
        .bind(&user.community_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(ApiError::NotFound)?;
    if outcome != BookingState::Booked && clock::now() < found.starts_at {
        return Err(ApiError::InvalidTransition);
    }
    sqlx::query("UPDATE bookings SET state = ?, marked_by = ? WHERE id = ?")
        .bind(state_str(outcome))
        .bind(&user.id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let after: DayRow = sqlx::query_as(&format!("{SELECT_DAY} WHERE k.id = ?"))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(to_day(after))
}
