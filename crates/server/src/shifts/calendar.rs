//! A volunteer's signed-up shifts as a calendar file, for `mine.ics` ([`crate::ics`]).

use sqlx::SqlitePool;

use super::{ShiftRow, SELECT_SHIFT};
use crate::clock;
use crate::error::ApiError;
use crate::ics::{calendar, Event};
use crate::users::User;

/// Every shift `user` signed up for (cancelled ones too, marked so), as a calendar file.
pub async fn mine(pool: &SqlitePool, user: &User) -> Result<String, ApiError> {
    let sql = format!(
        "{SELECT_SHIFT} WHERE s.community_id = ?2
           AND EXISTS (SELECT 1 FROM shift_signups x WHERE x.shift_id = s.id AND x.user_id = ?1)
         ORDER BY s.starts_at"
    );
    let rows: Vec<ShiftRow> = sqlx::query_as(&sql)
        .bind(&user.id)
        .bind(&user.community_id)
        .fetch_all(pool)
        .await?;
    let events: Vec<Event<'_>> = rows
        .iter()
        .map(|shift| Event {
            uid: &shift.id,
            starts_at: shift.starts_at,
            ends_at: shift.ends_at,
            summary: format!("{}（{}）", shift.title, shift.team),
            location: shift.station_name.as_deref(),
            cancelled: shift.cancelled,
            tentative: false,
            updated_at: shift.updated_at,
        })
        .collect();
    Ok(calendar("驿站志愿值班", &events, clock::now()))
}
