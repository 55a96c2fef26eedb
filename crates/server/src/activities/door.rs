//! At the door: who signed up for an activity, as staff see them (the list, with the
//! codes, which a device at the door keeps to check people in offline), and checking one
//! in by their code. A check-in sent again keeps the first time; one taken offline keeps
//! the time the device took it, where that is believable (core's `checked_in_at`).

use sqlx::SqlitePool;
use yizhan_core::activities::{
    check_in_opens, checked_in_at, typed_code, ActivitySignup, CheckInBody, DoorList,
};
use yizhan_core::validation::FieldProblem;
use yizhan_core::workbench::shifts::parse_time;

use super::{count, row, state_of, with_mine, ActivityRow, POSITION, SELECT_ACTIVITY};
use crate::clock;
use crate::error::ApiError;
use crate::users::User;

#[derive(sqlx::FromRow)]
struct SignupRow {
    id: String,
    user_id: String,
    name: String,
    phone: String,
    child_name: Option<String>,
    state: String,
    position: Option<i64>,
    code: String,
    created_ms: i64,
    checked_in_at: Option<i64>,
}

impl From<SignupRow> for ActivitySignup {
    fn from(row: SignupRow) -> ActivitySignup {
        ActivitySignup {
            state: state_of(&row.state),
            position: row.position.map(count),
            id: row.id,
            user_id: row.user_id,
            name: row.name,
            phone: row.phone,
            child_name: row.child_name,
            code: row.code,
            signed_up_at: clock::rfc3339_ms(row.created_ms),
            checked_in_at: row.checked_in_at.map(clock::rfc3339_local),
        }
    }
}

fn select_signup() -> String {
    format!(
        "SELECT x.id, x.user_id, u.name, u.phone, x.child_name, x.state, {POSITION} AS position,
                x.code, x.created_ms, x.checked_in_at
         FROM activity_signups x JOIN users u ON u.id = x.user_id"
    )
}

/// Everyone signed up for activity `id` of `staff`'s community: those with a place first,
/// then the line, each in the order they signed up; 404 for an activity it does not have.
pub async fn signups(
    pool: &SqlitePool,
    staff: &User,
    id: &str,
) -> Result<Vec<ActivitySignup>, ApiError> {
    let mut conn = pool.acquire().await?;
    row(&mut conn, &staff.community_id, id).await?;
    let rows: Vec<SignupRow> = sqlx::query_as(&format!(
        "{} WHERE x.activity_id = ? ORDER BY x.state, x.created_ms, x.id",
        select_signup()
    ))
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(ActivitySignup::from).collect())
}

/// Today's and tomorrow's activities of `staff`'s community (cancelled ones too, so the
/// door knows), each with everyone signed up: what a device at the door keeps to check
/// people in offline.
pub async fn lists(pool: &SqlitePool, staff: &User) -> Result<Vec<DoorList>, ApiError> {
    let today = clock::today();
    let (from, until) = match today.next_day().and_then(|tomorrow| tomorrow.next_day()) {
        Some(after) => (
            clock::local_unix(today, 0, 0),
            clock::local_unix(after, 0, 0),
        ),
        None => return Ok(Vec::new()),
    };
    let mut conn = pool.acquire().await?;
    let sql = format!(
        "{SELECT_ACTIVITY} WHERE a.community_id = ?1 AND a.starts_at >= ?2 AND a.starts_at < ?3
         ORDER BY a.starts_at, a.id"
    );
    let rows: Vec<ActivityRow> = sqlx::query_as(&sql)
        .bind(&staff.community_id)
        .bind(from)
        .bind(until)
        .fetch_all(&mut *conn)
        .await?;
    let activities = with_mine(&mut conn, staff, rows).await?;
    let mut lists = Vec::with_capacity(activities.len());
    for activity in activities {
        let rows: Vec<SignupRow> = sqlx::query_as(&format!(
            "{} WHERE x.activity_id = ? ORDER BY x.state, x.created_ms, x.id",
            select_signup()
        ))
        .bind(&activity.id)
        .fetch_all(&mut *conn)
        .await?;
        lists.push(DoorList {
            activity,
            signups: rows.into_iter().map(ActivitySignup::from).collect(),
        });
    }
    Ok(lists)
}

/// Checks in whoever holds `code` for activity `id`: 422 for what cannot be a code, 404
/// for a code nobody of it holds (given back meanwhile), `invalid_transition` for someone
/// in line (no place is theirs), a cancelled activity, or outside the door's hours.
pub async fn check_in(
    pool: &SqlitePool,
    staff: &User,
    id: &str,
    code: &str,
    body: &CheckInBody,
) -> Result<ActivitySignup, ApiError> {
    let code = typed_code(code)
        .ok_or_else(|| ApiError::invalid([("code", FieldProblem::NotACheckInCode)]))?;
    let taken_at = match body.at.as_deref() {
        None => None,
        Some(text) => Some(
            parse_time(text).ok_or_else(|| ApiError::invalid([("at", FieldProblem::NotATime)]))?,
        ),
    };
    let now = clock::now();
    let mut tx = crate::db::write(pool).await?;
    let activity = row(&mut tx, &staff.community_id, id).await?;
    let found: Option<(String, String)> =
        sqlx::query_as("SELECT id, state FROM activity_signups WHERE activity_id = ? AND code = ?")
            .bind(id)
            .bind(&code)
            .fetch_optional(&mut *tx)
            .await?;
    let (signup_id, state) = found.ok_or(ApiError::NotFound)?;
    // Judged at the time the device took it, where believable: a door that was offline
    // for a week after the activity still records who came.
    let at = checked_in_at(now, taken_at, activity.starts_at);
    check_in_opens(at, activity.starts_at, activity.ends_at, activity.cancelled)
        .map_err(|_| ApiError::InvalidTransition)?;
    if state != "confirmed" {
        return Err(ApiError::InvalidTransition);
    }
    sqlx::query(
        "UPDATE activity_signups SET checked_in_at = ?, checked_in_by = ?
         WHERE id = ? AND checked_in_at IS NULL",
    )
    .bind(at)
    .bind(&staff.id)
    .bind(&signup_id)
    .execute(&mut *tx)
    .await?;
    let answer: SignupRow = sqlx::query_as(&format!("{} WHERE x.id = ?", select_signup()))
        .bind(&signup_id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(answer.into())
}
