//! Who signed up for a shift, as staff see them (the phone whole: staff call volunteers),
//! and whether they came, marked once the shift has started. A shift marked missed
//! (`attended: false`) leaves the volunteer's record of service ([`crate::users::record`]).

use sqlx::SqlitePool;
use yizhan_core::model::Signup;

use super::load;
use crate::clock;
use crate::error::ApiError;
use crate::users::User;

#[derive(sqlx::FromRow)]
struct SignupRow {
    user_id: String,
    name: String,
    phone: String,
    created_at: i64,
    attended: Option<bool>,
}

impl From<SignupRow> for Signup {
    fn from(row: SignupRow) -> Signup {
        Signup {
            user_id: row.user_id,
            name: row.name,
            phone: row.phone,
            signed_up_at: clock::rfc3339_local(row.created_at),
            attended: row.attended,
        }
    }
}

const SELECT_SIGNUP: &str = "SELECT x.user_id, u.name, u.phone, x.created_at, x.attended
    FROM shift_signups x JOIN users u ON u.id = x.user_id";

/// Everyone signed up for shift `id` of `staff`'s community, in the order they signed
/// up; 404 for a shift the community does not have.
pub async fn signups(pool: &SqlitePool, staff: &User, id: &str) -> Result<Vec<Signup>, ApiError> {
    load(pool, staff, id).await?;
    let rows: Vec<SignupRow> = sqlx::query_as(&format!(
        "{SELECT_SIGNUP} WHERE x.shift_id = ? ORDER BY x.created_at, x.user_id"
    ))
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Signup::from).collect())
}

/// Marks whether `user_id` came to shift `id`: once it has started (before,
/// `invalid_transition`; a cancelled shift too), for someone signed up for it (404
/// otherwise). Marking again changes the mark.
pub async fn mark(
    pool: &SqlitePool,
    staff: &User,
    id: &str,
    user_id: &str,
    attended: bool,
) -> Result<Signup, ApiError> {
    let shift = load(pool, staff, id).await?;
    let now = clock::now();
    let signed_up: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM shift_signups WHERE shift_id = ? AND user_id = ?")
            .bind(id)
            .bind(user_id)
            .fetch_optional(pool)
            .await?;
    if signed_up.is_none() {
        return Err(ApiError::NotFound);
    }
    if shift.cancelled || now < shift.starts_at {
        return Err(ApiError::InvalidTransition);
    }
    sqlx::query(
        "UPDATE shift_signups SET attended = ?, attendance_by = ?, attendance_at = ?
         WHERE shift_id = ? AND user_id = ?",
    )
    .bind(attended)
    .bind(&staff.id)
    .bind(now)
    .bind(id)
    .bind(user_id)
    .execute(pool)
    .await?;
    let row: Option<SignupRow> = sqlx::query_as(&format!(
        "{SELECT_SIGNUP} WHERE x.shift_id = ? AND x.user_id = ?"
    ))
    .bind(id)
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    row.map(Signup::from).ok_or(ApiError::NotFound)
}
