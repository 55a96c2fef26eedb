//! Telling the volunteers signed up for a shift that it changed or was cancelled (issue
//! 18), in the write's own transaction: no change without its telling. Only shifts still
//! to come are news, and whoever made the change is not told of it.

use sqlx::SqliteConnection;
use yizhan_core::inbox::InboxKind;

use crate::clock;
use crate::inbox::{tell_people, News, Subject};

/// A shift as a volunteer notices it changed: when, where, what.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AsSeen {
    pub title: String,
    pub station_id: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub cancelled: bool,
}

/// Shift `id` as a volunteer sees it, before a write.
pub async fn as_seen(
    conn: &mut SqliteConnection,
    id: &str,
    community_id: &str,
) -> Result<Option<AsSeen>, sqlx::Error> {
    sqlx::query_as(
        "SELECT title, station_id, starts_at, ends_at, cancelled != 0 AS cancelled
         FROM shifts WHERE id = ? AND community_id = ?",
    )
    .bind(id)
    .bind(community_id)
    .fetch_optional(conn)
    .await
}

/// Tells those signed up for shift `id` (but `actor`) what became of it between `before`
/// and `after`, if it is news: cancelled, or moved, or made another shift.
pub async fn tell_change(
    conn: &mut SqliteConnection,
    id: &str,
    before: &AsSeen,
    after: &AsSeen,
    actor: &str,
) -> Result<u32, sqlx::Error> {
    let now = clock::now();
    let kind = if after.cancelled && !before.cancelled {
        InboxKind::ShiftCancelled
    } else if !after.cancelled && before != after {
        InboxKind::ShiftChanged
    } else {
        return Ok(0);
    };
    if before.starts_at.max(after.starts_at) <= now {
        return Ok(0);
    }
    let people: Vec<String> = sqlx::query_scalar(
        "SELECT g.user_id FROM shift_signups g JOIN users u ON u.id = g.user_id
         WHERE g.shift_id = ? AND u.active = 1 AND g.user_id != ? ORDER BY g.user_id",
    )
    .bind(id)
    .bind(actor)
    .fetch_all(&mut *conn)
    .await?;
    if people.is_empty() {
        return Ok(0);
    }
    let when = clock::month_day_minute(if kind == InboxKind::ShiftCancelled {
        before.starts_at
    } else {
        after.starts_at
    });
    let event = uuid::Uuid::now_v7().to_string();
    let news = News {
        kind,
        event_id: &event,
        subject: Subject::Shift(id),
        title: &after.title,
        note: Some(&when),
        at_ms: clock::now_ms(),
    };
    tell_people(conn, &news, &people).await
}
