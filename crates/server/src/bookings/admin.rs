//! Admins and dispatchers write bookable things: create or change one under an id of the
//! device's choosing (a resend is the same write), or retire it (no new bookings; those
//! made stay, and staff still see them on their day). A change keeps the bookings made:
//! a slot the new rules no longer give is honoured all the same.

use sqlx::SqlitePool;
use yizhan_core::bookings::{check_bookable, Bookable, BookableBody};

use super::{kind_str, load};
use crate::clock;
use crate::error::ApiError;
use crate::reference::put::check_admin_id;
use crate::shifts::admin::check_station;
use crate::stored::to_json;
use crate::users::User;

/// Creates thing `id` in `user`'s community, or changes it (and brings a retired one
/// back): `true` when it was made.
pub async fn put(
    pool: &SqlitePool,
    user: &User,
    id: &str,
    body: BookableBody,
) -> Result<(Bookable, bool), ApiError> {
    check_admin_id(id)?;
    ApiError::unless_valid(check_bookable(&body))?;
    let station = body
        .station_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    check_station(pool, &user.community_id, station).await?;
    let address = body
        .address
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    let mut tx = crate::db::write(pool).await?;
    let owner: Option<String> =
        sqlx::query_scalar("SELECT community_id FROM bookables WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    if owner
        .as_ref()
        .is_some_and(|community| *community != user.community_id)
    {
        return Err(ApiError::IdConflict);
    }
    sqlx::query(
        "INSERT INTO bookables (id, community_id, position, kind, name, description, provider,
                                station_id, address, rules, capacity, loan_days, ahead_days,
                                eligibility, updated_at)
         VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM bookables WHERE community_id = ?),
                 ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name,
             description = excluded.description, provider = excluded.provider,
             station_id = excluded.station_id, address = excluded.address,
             rules = excluded.rules, capacity = excluded.capacity,
             loan_days = excluded.loan_days, ahead_days = excluded.ahead_days,
             eligibility = excluded.eligibility, retired = 0,
             updated_at = MAX(excluded.updated_at, bookables.updated_at + 1)",
    )
    .bind(id)
    .bind(&user.community_id)
    .bind(&user.community_id)
    .bind(kind_str(body.kind))
    .bind(body.name.trim())
    .bind(body.description.trim())
    .bind(body.provider.trim())
    .bind(station)
    .bind(address)
    .bind(to_json(&body.rules)?)
    .bind(i64::from(body.capacity))
    .bind(body.loan_days.map(i64::from))
    .bind(i64::from(body.ahead_days))
    .bind(to_json(&body.eligibility)?)
    .bind(clock::now())
    .execute(&mut *tx)
    .await?;
    let answer = load(&mut tx, user, id).await?;
    tx.commit().await?;
    Ok((answer, owner.is_none()))
}

/// Retires thing `id`: no new bookings; those made stay. Answers it as it was last.
pub async fn retire(pool: &SqlitePool, user: &User, id: &str) -> Result<Bookable, ApiError> {
    let mut tx = crate::db::write(pool).await?;
    let done = sqlx::query(
        "UPDATE bookables SET retired = 1, updated_at = MAX(?, updated_at + 1)
         WHERE id = ? AND community_id = ?",
    )
    .bind(clock::now())
    .bind(id)
    .bind(&user.community_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    let answer = load(&mut tx, user, id).await?;
    tx.commit().await?;
    Ok(answer)
}
