//! A resident's activities as a calendar file, for `mine.ics` ([`crate::ics`]): those
//! they (or a child of theirs) signed up for, a place in line marked tentative, a
//! cancelled one marked so.

use sqlx::SqlitePool;

use super::{ActivityRow, SELECT_ACTIVITY};
use crate::clock;
use crate::error::ApiError;
use crate::ics::{calendar, Event};
use crate::users::User;

/// Every activity `user` signed up for, as a calendar file.
pub async fn mine(pool: &SqlitePool, user: &User) -> Result<String, ApiError> {
    let sql = format!(
        "{SELECT_ACTIVITY} WHERE a.community_id = ?2 AND EXISTS (
            SELECT 1 FROM activity_signups x WHERE x.activity_id = a.id AND x.user_id = ?1)
         ORDER BY a.starts_at, a.id"
    );
    let rows: Vec<ActivityRow> = sqlx::query_as(&sql)
        .bind(&user.id)
        .bind(&user.community_id)
        .fetch_all(pool)
        .await?;
    let placed: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT activity_id FROM activity_signups WHERE user_id = ? AND state = 'confirmed'",
    )
    .bind(&user.id)
    .fetch_all(pool)
    .await?;
    let events: Vec<Event<'_>> = rows
        .iter()
        .map(|activity| Event {
            uid: &activity.id,
            starts_at: activity.starts_at,
            ends_at: activity.ends_at,
            summary: format!("{}（{}）", activity.title, activity.organiser),
            location: activity
                .station_name
                .as_deref()
                .or(activity.address.as_deref()),
            cancelled: activity.cancelled,
            tentative: !placed.contains(&activity.id),
            updated_at: activity.updated_at,
        })
        .collect();
    Ok(calendar("驿站社区活动", &events, clock::now()))
}
