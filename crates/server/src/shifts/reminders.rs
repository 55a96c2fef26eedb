//! Reminders before a shift (issue 18): each volunteer signed up is told within the day
//! before it starts, and again within the two hours before, once each however often this
//! runs (once per start: a shift moved is reminded of at its new time). A volunteer who
//! signs up late gets only the reminders whose time has not passed.

use sqlx::SqlitePool;
use yizhan_core::inbox::InboxKind;

use crate::clock;
use crate::error::ApiError;
use crate::inbox::{tell_people, News, Subject};

const DAY: i64 = 24 * 3600;
const SOON: i64 = 2 * 3600;

/// Which reminder is due `until` seconds before a shift starts, if any.
pub fn due(until: i64) -> Option<InboxKind> {
    match until {
        ..=0 => None,
        1..=SOON => Some(InboxKind::ShiftSoon),
        _ if until <= DAY => Some(InboxKind::ShiftTomorrow),
        _ => None,
    }
}

/// Writes the reminders due at `now` (Unix seconds); answers how many were new.
pub async fn remind(pool: &SqlitePool, now: i64) -> Result<u32, ApiError> {
    let signed_up: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT s.id, s.title, s.starts_at, g.user_id FROM shifts s
         JOIN shift_signups g ON g.shift_id = s.id
         JOIN users u ON u.id = g.user_id AND u.active = 1
         WHERE s.cancelled = 0 AND s.starts_at > ? AND s.starts_at <= ?
         ORDER BY s.starts_at, g.user_id",
    )
    .bind(now)
    .bind(now.saturating_add(DAY))
    .fetch_all(pool)
    .await?;
    if signed_up.is_empty() {
        return Ok(0);
    }
    let mut told = 0;
    let mut tx = crate::db::write(pool).await?;
    for (shift_id, title, starts_at, user_id) in signed_up {
        let Some(kind) = due(starts_at - now) else {
            continue;
        };
        let starts = clock::month_day_minute(starts_at);
        let news = News {
            kind,
            // Its start in the id: a shift moved to another time is reminded of again.
            event_id: &format!("{}:{shift_id}:{starts_at}", kind.as_str()),
            subject: Subject::Shift(&shift_id),
            title: &title,
            note: Some(&starts),
            at_ms: now.saturating_mul(1000),
        };
        told += tell_people(&mut tx, &news, &[user_id]).await?;
    }
    tx.commit().await?;
    Ok(told)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_before_then_two_hours_before_and_nothing_after_it_starts() {
        assert_eq!(due(DAY + 1), None);
        assert_eq!(due(DAY), Some(InboxKind::ShiftTomorrow));
        assert_eq!(due(SOON + 1), Some(InboxKind::ShiftTomorrow));
        assert_eq!(due(SOON), Some(InboxKind::ShiftSoon));
        assert_eq!(due(1), Some(InboxKind::ShiftSoon));
        assert_eq!(due(0), None);
    }
}
