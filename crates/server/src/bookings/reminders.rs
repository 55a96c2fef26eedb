//! Reminders before a booking: each resident is told within the day before their slot,
//! once however often this runs (once per start).

use sqlx::SqlitePool;
use yizhan_core::inbox::InboxKind;

use crate::clock;
use crate::error::ApiError;
use crate::inbox::{tell_people, News, Subject};

const DAY: i64 = 24 * 3600;

/// Writes the reminders due at `now` (Unix seconds); answers how many were new.
pub async fn remind(pool: &SqlitePool, now: i64) -> Result<u32, ApiError> {
    let booked: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT k.id, b.name, k.starts_at, k.user_id FROM bookings k
         JOIN bookables b ON b.id = k.bookable_id
         JOIN users u ON u.id = k.user_id AND u.active = 1
         WHERE k.state = 'booked' AND k.starts_at > ? AND k.starts_at <= ?
         ORDER BY k.starts_at, k.id",
    )
    .bind(now)
    .bind(now.saturating_add(DAY))
    .fetch_all(pool)
    .await?;
    if booked.is_empty() {
        return Ok(0);
    }
    let mut told = 0;
    let mut tx = crate::db::write(pool).await?;
    for (booking_id, name, starts_at, user_id) in booked {
        let starts = clock::month_day_minute(starts_at);
        let news = News {
            kind: InboxKind::BookingSoon,
            event_id: &format!("booking_soon:{booking_id}:{starts_at}"),
            subject: Subject::Booking(&booking_id),
            title: &name,
            note: Some(&starts),
            at_ms: now.saturating_mul(1000),
        };
        told += tell_people(&mut tx, &news, &[user_id]).await?;
    }
    tx.commit().await?;
    Ok(told)
}
