//! A resident books a slot of a thing, or cancels. The booking's id is the device's, so
//! a resend is the same booking; one person books a slot once however many ids ask.
//! Both run in one write transaction (`BEGIN IMMEDIATE`, one writer at a time): of two
//! residents racing for a slot's last place, one gets it and the other is answered
//! `slot_full` with the next free slot.

use sqlx::{SqliteConnection, SqlitePool};
use yizhan_core::bookings::{
    check_book, eligible, free_after, hold_seconds, may_cancel, most_held_at_once, slot_times,
    BookBody, Bookable,
};
use yizhan_core::validation::FieldProblem;

use super::{holds, offered, row, seen};
use crate::clock;
use crate::error::ApiError;
use crate::reference::put::check_admin_id;
use crate::users::User;

/// A booking as stored, as far as booking and cancelling need it.
#[derive(sqlx::FromRow)]
struct Held {
    bookable_id: String,
    user_id: String,
    starts_at: i64,
    state: String,
}

async fn held(conn: &mut SqliteConnection, id: &str) -> Result<Option<Held>, sqlx::Error> {
    sqlx::query_as("SELECT bookable_id, user_id, starts_at, state FROM bookings WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Books the slot `body` names of thing `id` for `user` under `booking_id`. A resend
/// answers what the first did; the id used for another thing, person or slot is
/// `id_conflict`; a time that is not one of the slots offered is 422 at `starts_at`;
/// someone the thing's eligibility leaves out is `not_eligible`; a slot with no place
/// left is `slot_full`, with the next free slot.
pub async fn take(
    pool: &SqlitePool,
    user: &User,
    id: &str,
    booking_id: &str,
    body: &BookBody,
) -> Result<Bookable, ApiError> {
    check_admin_id(booking_id)?;
    let start = check_book(body).map_err(ApiError::invalid)?;
    let now = clock::now();
    let mut tx = crate::db::write(pool).await?;
    let thing = row(&mut tx, &user.community_id, id, true).await?;
    if let Some(before) = held(&mut tx, booking_id).await? {
        // A resend is answered before it is checked again: the slots move with the clock.
        let same =
            before.bookable_id == id && before.user_id == user.id && before.starts_at == start;
        if !same {
            return Err(ApiError::IdConflict);
        }
    } else {
        let retired: bool = sqlx::query_scalar("SELECT retired != 0 FROM bookables WHERE id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if retired {
            return Err(ApiError::NotFound);
        }
        let read = thing.read()?;
        let offered_now = slot_times(&read.rules, &read.closures, now, read.ahead_days);
        // One of the slots offered now: by its start, as residents pick it.
        let slot = offered_now
            .iter()
            .find(|slot| slot.start == start)
            .copied()
            .ok_or_else(|| ApiError::invalid(vec![("starts_at", FieldProblem::NotAChoice)]))?;
        let booked_already: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM bookings
             WHERE bookable_id = ? AND user_id = ? AND starts_at = ? AND state != 'cancelled'",
        )
        .bind(id)
        .bind(&user.id)
        .bind(start)
        .fetch_optional(&mut *tx)
        .await?;
        if booked_already.is_none() {
            let born: Option<i64> = sqlx::query_scalar("SELECT birth_year FROM users WHERE id = ?")
                .bind(&user.id)
                .fetch_one(&mut *tx)
                .await?;
            let theirs: Vec<i64> = sqlx::query_scalar(
                "SELECT starts_at FROM bookings
                 WHERE bookable_id = ? AND user_id = ? AND state != 'cancelled'",
            )
            .bind(id)
            .bind(&user.id)
            .fetch_all(&mut *tx)
            .await?;
            let born = born.and_then(|year| i32::try_from(year).ok());
            eligible(&read.eligibility, born, start, &theirs).map_err(ApiError::NotEligible)?;
            let held = holds(&mut tx, id, now).await?;
            let holds_until = slot
                .start
                .saturating_add(hold_seconds(slot, read.loan_days));
            if most_held_at_once(slot.start, holds_until, &held) >= read.capacity {
                let slots = offered(&read, now, &held);
                let next_free = free_after(&slots, &body.starts_at).map(|s| s.starts_at.clone());
                return Err(ApiError::SlotFull { next_free });
            }
            sqlx::query(
                "INSERT INTO bookings (id, bookable_id, user_id, starts_at, ends_at, holds_until, created_ms)
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(booking_id)
            .bind(id)
            .bind(&user.id)
            .bind(slot.start)
            .bind(slot.end)
            .bind(holds_until.max(slot.end))
            .bind(clock::now_ms())
            .execute(&mut *tx)
            .await?;
        }
    }
    let answer = seen(&mut tx, user, thing, now).await?;
    tx.commit().await?;
    Ok(answer)
}

/// Cancels `user`'s booking `booking_id` of thing `id` (idempotent: one that is not there,
/// or not theirs, changes nothing) until its slot starts (`invalid_transition` after).
/// The row stays, cancelled: a late resend of the booking under its id is answered, not
/// booked again.
pub async fn cancel(
    pool: &SqlitePool,
    user: &User,
    id: &str,
    booking_id: &str,
) -> Result<Bookable, ApiError> {
    let now = clock::now();
    let mut tx = crate::db::write(pool).await?;
    let thing = row(&mut tx, &user.community_id, id, true).await?;
    let theirs = held(&mut tx, booking_id)
        .await?
        .filter(|h| h.bookable_id == id && h.user_id == user.id)
        // Cancelled already: a resend is answered as the first was, whatever the time.
        .filter(|h| h.state != "cancelled");
    if let Some(booking) = theirs {
        if !may_cancel(now, booking.starts_at) {
            return Err(ApiError::InvalidTransition);
        }
        sqlx::query("UPDATE bookings SET state = 'cancelled' WHERE id = ?")
            .bind(booking_id)
            .execute(&mut *tx)
            .await?;
    }
    let answer = seen(&mut tx, user, thing, now).await?;
    tx.commit().await?;
    Ok(answer)
}
