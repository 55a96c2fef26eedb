//! Telling those signed up for an activity what became of it, in the write's own
//! transaction (issue 18's inbox): a place that freed is theirs now, the activity moved,
//! or it was cancelled. Only what is still to come is news. Whoever moved or cancelled
//! it is not told of it; a place is told to whoever it went to, even when they freed it
//! themselves (a guardian giving back her own place moves her child up: that is news).

use sqlx::SqliteConnection;
use yizhan_core::inbox::InboxKind;

use super::ActivityRow;
use crate::clock;
use crate::inbox::{tell_people, News, Subject};

/// Tells `person` that sign-up `signup_id` (theirs or their child's) for `activity` moved
/// up from the line to a place. Once per sign-up.
pub async fn place(
    conn: &mut SqliteConnection,
    activity: &ActivityRow,
    signup_id: &str,
    person: &str,
) -> Result<u32, sqlx::Error> {
    let when = clock::month_day_minute(activity.starts_at);
    let event = format!("place:{signup_id}");
    let news = News {
        kind: InboxKind::ActivityPlace,
        event_id: &event,
        subject: Subject::Activity(&activity.id),
        title: &activity.title,
        note: Some(&when),
        at_ms: clock::now_ms(),
    };
    tell_people(conn, &news, &[person.to_string()]).await
}

/// An activity as someone signed up notices a change: when, where, whether it is on.
#[derive(PartialEq, Eq)]
pub struct AsSeen {
    starts_at: i64,
    ends_at: i64,
    station_id: Option<String>,
    address: Option<String>,
    cancelled: bool,
}

impl AsSeen {
    pub fn of(activity: &ActivityRow) -> AsSeen {
        AsSeen {
            starts_at: activity.starts_at,
            ends_at: activity.ends_at,
            station_id: activity.station_id.clone(),
            address: activity.address.clone(),
            cancelled: activity.cancelled,
        }
    }
}

/// Tells everyone signed up for `after` (in line too), but `actor`, that it moved or was
/// cancelled since `before`, if that is news.
pub async fn change(
    conn: &mut SqliteConnection,
    before: &AsSeen,
    after: &ActivityRow,
    actor: &str,
) -> Result<u32, sqlx::Error> {
    let now = clock::now();
    let seen = AsSeen::of(after);
    let (kind, when) = if seen.cancelled && !before.cancelled {
        (InboxKind::ActivityCancelled, before.starts_at)
    } else if !seen.cancelled && *before != seen {
        (InboxKind::ActivityChanged, after.starts_at)
    } else {
        return Ok(0);
    };
    if before.starts_at.max(after.starts_at) <= now {
        return Ok(0);
    }
    let people: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT x.user_id FROM activity_signups x JOIN users u ON u.id = x.user_id
         WHERE x.activity_id = ? AND u.active = 1 AND x.user_id != ? ORDER BY x.user_id",
    )
    .bind(&after.id)
    .bind(actor)
    .fetch_all(&mut *conn)
    .await?;
    if people.is_empty() {
        return Ok(0);
    }
    let when = clock::month_day_minute(when);
    let event = uuid::Uuid::now_v7().to_string();
    let news = News {
        kind,
        event_id: &event,
        subject: Subject::Activity(&after.id),
        title: &after.title,
        note: Some(&when),
        at_ms: clock::now_ms(),
    };
    tell_people(conn, &news, &people).await
}
