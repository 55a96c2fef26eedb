//! The volunteer rota: which shifts there are (`rota`), taking and giving back a place
//! (`signup`), a volunteer's shifts as a calendar file (`calendar`), and the rota's
//! writes by admins and dispatchers (`admin`, `series`), who also see who signed up and
//! mark whether they came (`attendance`); and the reminders a volunteer gets before a shift
//! (`reminders`). Every shift is read the one way this
//! module defines, counted places and the caller's own sign-up with it.

pub mod admin;
pub mod attendance;
pub mod calendar;
pub mod reminders;
pub mod rota;
pub mod series;
pub mod signup;
pub mod told;

use sqlx::SqlitePool;
use yizhan_core::model::{Shift, ShiftStatus};

use crate::clock;
use crate::error::ApiError;
use crate::users::User;

/// A shift as stored, with what a reader needs around it: the station's name (for the
/// calendar), how many have signed up, and whether the reader is one of them.
#[derive(sqlx::FromRow)]
struct ShiftRow {
    id: String,
    title: String,
    team: String,
    station_id: Option<String>,
    station_name: Option<String>,
    starts_at: i64,
    ends_at: i64,
    capacity: i64,
    cancelled: bool,
    updated_at: i64,
    signed_up: i64,
    me: bool,
    series_id: Option<String>,
}

/// Reads shifts for the user bound as `?1`; callers add a `WHERE` with `?2` onwards.
const SELECT_SHIFT: &str = "SELECT s.id, s.title, s.team, s.station_id, st.name AS station_name,
        s.starts_at, s.ends_at, s.capacity, s.cancelled, s.updated_at,
        (SELECT COUNT(*) FROM shift_signups x WHERE x.shift_id = s.id) AS signed_up,
        EXISTS (SELECT 1 FROM shift_signups x WHERE x.shift_id = s.id AND x.user_id = ?1) AS me,
        s.series_id
    FROM shifts s LEFT JOIN stations st ON st.id = s.station_id";

fn to_shift(row: ShiftRow, now: i64) -> Shift {
    let capacity = u32::try_from(row.capacity).unwrap_or(0);
    let signed_up = u32::try_from(row.signed_up).unwrap_or(0);
    Shift {
        status: ShiftStatus::at(now, row.starts_at, row.cancelled, signed_up, capacity),
        id: row.id,
        title: row.title,
        team: row.team,
        station_id: row.station_id,
        starts_at: clock::rfc3339_local(row.starts_at),
        ends_at: clock::rfc3339_local(row.ends_at),
        capacity,
        signed_up,
        me: row.me,
        updated_at: clock::rfc3339_local(row.updated_at),
        series_id: row.series_id,
    }
}

/// Shift `id` of the user's community, as `user` sees it; 404 when there is none.
async fn load(pool: &SqlitePool, user: &User, id: &str) -> Result<ShiftRow, ApiError> {
    let sql = format!("{SELECT_SHIFT} WHERE s.id = ?2 AND s.community_id = ?3");
    sqlx::query_as(&sql)
        .bind(&user.id)
        .bind(id)
        .bind(&user.community_id)
        .fetch_optional(pool)
        .await?
        .ok_or(ApiError::NotFound)
}
