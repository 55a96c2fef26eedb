//! Activities (issue 19): what the service posts run — lectures, free clinics, classes,
//! after-school care. Residents browse them by week (`browse`) and sign up or withdraw
//! (`signup`: a place while one is left, the waitlist after, and the first in line moves
//! up by themselves when a place frees); staff write them (`admin`: create, change,
//! repeat, cancel), check people in at the door by their code (`door`) and count the
//! month (`figures`); residents take theirs into a calendar (`calendar`), and those
//! signed up are told what became of it (`told`). The rules are core's
//! ([`yizhan_core::activities`]); every activity is read the one way this module defines.

pub mod admin;
pub mod browse;
pub mod calendar;
pub mod door;
pub mod figures;
pub mod signup;
mod told;

use sqlx::SqliteConnection;
use yizhan_core::activities::{Activity, Audience, MySignup, SignupState};

use crate::clock;
use crate::error::ApiError;
use crate::users::User;

/// An activity as stored, with its places counted and its station's name.
#[derive(Clone, sqlx::FromRow)]
struct ActivityRow {
    id: String,
    title: String,
    description: String,
    organiser: String,
    station_id: Option<String>,
    station_name: Option<String>,
    address: Option<String>,
    starts_at: i64,
    ends_at: i64,
    signup_closes_at: i64,
    capacity: i64,
    audience: String,
    cancelled: bool,
    series_id: Option<String>,
    updated_at: i64,
    confirmed: i64,
    waitlisted: i64,
}

/// Reads activities; callers add a `WHERE` (on `a.`) and bind from `?1`.
const SELECT_ACTIVITY: &str = "SELECT a.id, a.title, a.description, a.organiser,
        a.station_id, st.name AS station_name, a.address, a.starts_at, a.ends_at,
        a.signup_closes_at, a.capacity, a.audience, a.cancelled != 0 AS cancelled, a.series_id,
        a.updated_at,
        (SELECT COUNT(*) FROM activity_signups x
          WHERE x.activity_id = a.id AND x.state = 'confirmed') AS confirmed,
        (SELECT COUNT(*) FROM activity_signups x
          WHERE x.activity_id = a.id AND x.state = 'waitlisted') AS waitlisted
    FROM activities a LEFT JOIN stations st ON st.id = a.station_id";

/// A sign-up's place in line, from 1 (first come, first served, the smaller id breaking a
/// tie: core's `moving_up` order), for a waitlisted row aliased `x`.
const POSITION: &str = "CASE WHEN x.state = 'waitlisted' THEN 1 + (
        SELECT COUNT(*) FROM activity_signups w
        WHERE w.activity_id = x.activity_id AND w.state = 'waitlisted'
          AND (w.created_ms < x.created_ms OR (w.created_ms = x.created_ms AND w.id < x.id))
    ) END";

/// One of the caller's sign-ups as stored.
#[derive(sqlx::FromRow)]
struct MineRow {
    activity_id: String,
    id: String,
    child_name: Option<String>,
    state: String,
    position: Option<i64>,
    code: String,
    checked_in: bool,
}

fn audience_of(stored: &str) -> Audience {
    serde_json::from_value(serde_json::Value::String(stored.to_string())).unwrap_or_default()
}

fn audience_str(audience: Audience) -> &'static str {
    match audience {
        Audience::Everyone => "everyone",
        Audience::Elders => "elders",
        Audience::ChildrenWithGuardian => "children_with_guardian",
    }
}

fn state_of(stored: &str) -> SignupState {
    if stored == "confirmed" {
        SignupState::Confirmed
    } else {
        SignupState::Waitlisted
    }
}

fn state_str(state: SignupState) -> &'static str {
    match state {
        SignupState::Confirmed => "confirmed",
        SignupState::Waitlisted => "waitlisted",
    }
}

fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(0)
}

fn to_activity(row: ActivityRow, mine: Vec<MySignup>) -> Activity {
    Activity {
        audience: audience_of(&row.audience),
        id: row.id,
        title: row.title,
        description: row.description,
        organiser: row.organiser,
        station_id: row.station_id,
        address: row.address,
        starts_at: clock::rfc3339_local(row.starts_at),
        ends_at: clock::rfc3339_local(row.ends_at),
        signup_closes_at: clock::rfc3339_local(row.signup_closes_at),
        capacity: count(row.capacity),
        confirmed: count(row.confirmed),
        waitlisted: count(row.waitlisted),
        cancelled: row.cancelled,
        series_id: row.series_id,
        updated_at: clock::rfc3339_local(row.updated_at),
        mine,
    }
}

fn to_mine(row: MineRow) -> MySignup {
    MySignup {
        state: state_of(&row.state),
        position: row.position.map(count),
        id: row.id,
        child_name: row.child_name,
        code: row.code,
        checked_in: row.checked_in,
    }
}

/// Activity `id` of `community_id` as stored; 404 when the community has none.
async fn row(
    conn: &mut SqliteConnection,
    community_id: &str,
    id: &str,
) -> Result<ActivityRow, ApiError> {
    let sql = format!("{SELECT_ACTIVITY} WHERE a.id = ?1 AND a.community_id = ?2");
    sqlx::query_as(&sql)
        .bind(id)
        .bind(community_id)
        .fetch_optional(conn)
        .await?
        .ok_or(ApiError::NotFound)
}

/// `user`'s sign-ups for the activities `rows`, each given to its activity.
async fn with_mine(
    conn: &mut SqliteConnection,
    user: &User,
    rows: Vec<ActivityRow>,
) -> Result<Vec<Activity>, ApiError> {
    let sql = format!(
        "SELECT x.activity_id, x.id, x.child_name, x.state, {POSITION} AS position, x.code,
                x.checked_in_at IS NOT NULL AS checked_in
         FROM activity_signups x JOIN activities a ON a.id = x.activity_id
         WHERE x.user_id = ?1 AND a.community_id = ?2 AND a.starts_at >= ?3 AND a.starts_at <= ?4
         ORDER BY x.created_ms, x.id"
    );
    let (first, last) = rows.iter().fold((i64::MAX, i64::MIN), |(lo, hi), row| {
        (lo.min(row.starts_at), hi.max(row.starts_at))
    });
    let mine: Vec<MineRow> = if rows.is_empty() {
        Vec::new()
    } else {
        sqlx::query_as(&sql)
            .bind(&user.id)
            .bind(&user.community_id)
            .bind(first)
            .bind(last)
            .fetch_all(conn)
            .await?
    };
    let mut mine = mine;
    Ok(rows
        .into_iter()
        .map(|row| {
            let (theirs, rest): (Vec<MineRow>, Vec<MineRow>) = std::mem::take(&mut mine)
                .into_iter()
                .partition(|signup| signup.activity_id == row.id);
            mine = rest;
            to_activity(row, theirs.into_iter().map(to_mine).collect())
        })
        .collect())
}

/// Activity `id` of `user`'s community as `user` sees it, with their sign-ups.
async fn load(conn: &mut SqliteConnection, user: &User, id: &str) -> Result<Activity, ApiError> {
    let found = row(&mut *conn, &user.community_id, id).await?;
    let mut answer = with_mine(conn, user, vec![found]).await?;
    answer.pop().ok_or(ApiError::NotFound)
}
