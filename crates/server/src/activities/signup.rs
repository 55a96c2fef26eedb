//! A resident takes a place on an activity (or a child's, as their guardian), or gives it
//! back. The sign-up's id is the device's, so a resend is the same sign-up; one person
//! coming has one sign-up however many ids ask. Both run in one write transaction
//! (`BEGIN IMMEDIATE`, one writer at a time): of two residents racing for the last place,
//! one gets it and the other the first place in line; a place given back goes to the
//! first in line in the same transaction, and they are told.

use rand::Rng;
use sqlx::{SqliteConnection, SqlitePool};
use yizhan_core::activities::{
    check_in_code, check_signup, may_give_back, moving_up, place_for, room_for_a_child,
    signup_open, Activity, InLine, SignupBody, SignupState,
};

use super::{audience_of, load, row, state_str, told};
use crate::clock;
use crate::error::ApiError;
use crate::reference::put::check_admin_id;
use crate::users::User;

/// A sign-up as stored, as far as taking and giving back need it.
#[derive(sqlx::FromRow)]
struct Held {
    activity_id: String,
    user_id: String,
    child_name: Option<String>,
    state: String,
}

async fn held(conn: &mut SqliteConnection, id: &str) -> Result<Option<Held>, sqlx::Error> {
    sqlx::query_as(
        "SELECT activity_id, user_id, child_name, state FROM activity_signups WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// A check-in code; `ThreadRng` is made and dropped here, never held across an await.
fn fresh_code() -> String {
    let mut rng = rand::rng();
    check_in_code(|| rng.random::<f64>())
}

/// A code no other sign-up of `activity_id` has.
async fn unused_code(conn: &mut SqliteConnection, activity_id: &str) -> Result<String, ApiError> {
    for _ in 0..16 {
        let code = fresh_code();
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM activity_signups WHERE activity_id = ? AND code = ?")
                .bind(activity_id)
                .bind(&code)
                .fetch_optional(&mut *conn)
                .await?;
        if taken.is_none() {
            return Ok(code);
        }
    }
    Err(ApiError::Stored(format!(
        "no free check-in code for activity {activity_id} in 16 draws"
    )))
}

/// Signs `user` (or the child `body` names) up for activity `id` under sign-up
/// `signup_id`: a place while one is left, the waitlist after. A resend answers what the
/// first did; the id used for another activity, person or child is `id_conflict`; once
/// sign-up has closed or the activity is cancelled, `invalid_transition`.
pub async fn take(
    pool: &SqlitePool,
    user: &User,
    id: &str,
    signup_id: &str,
    body: &SignupBody,
) -> Result<Activity, ApiError> {
    check_admin_id(signup_id)?;
    let now_ms = clock::now_ms();
    let mut tx = crate::db::write(pool).await?;
    let activity = row(&mut tx, &user.community_id, id).await?;
    // A resend is answered before it is checked again: the audience may have changed
    // since the sign-up was taken.
    let typed_child = body
        .child_name
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty());
    if let Some(before) = held(&mut tx, signup_id).await? {
        let same = before.activity_id == id
            && before.user_id == user.id
            && before.child_name.as_deref() == typed_child;
        if !same {
            return Err(ApiError::IdConflict);
        }
    } else {
        let child =
            check_signup(audience_of(&activity.audience), body).map_err(ApiError::invalid)?;
        let coming: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM activity_signups
             WHERE activity_id = ? AND user_id = ? AND COALESCE(child_name, '') = ?",
        )
        .bind(id)
        .bind(&user.id)
        .bind(child.as_deref().unwrap_or(""))
        .fetch_optional(&mut *tx)
        .await?;
        if coming.is_none() {
            if child.is_some() {
                let children: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM activity_signups
                     WHERE activity_id = ? AND user_id = ? AND child_name IS NOT NULL",
                )
                .bind(id)
                .bind(&user.id)
                .fetch_one(&mut *tx)
                .await?;
                let children = usize::try_from(children).unwrap_or(usize::MAX);
                ApiError::unless_valid(room_for_a_child(children))?;
            }
            signup_open(
                now_ms.div_euclid(1000),
                activity.signup_closes_at,
                activity.cancelled,
            )
            .map_err(|_| ApiError::InvalidTransition)?;
            let state = place_for(
                super::count(activity.confirmed),
                super::count(activity.capacity),
            );
            let code = unused_code(&mut tx, id).await?;
            sqlx::query(
                "INSERT INTO activity_signups (id, activity_id, user_id, child_name, state, created_ms, code)
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(signup_id)
            .bind(id)
            .bind(&user.id)
            .bind(&child)
            .bind(state_str(state))
            .bind(now_ms)
            .bind(&code)
            .execute(&mut *tx)
            .await?;
        }
    }
    let answer = load(&mut tx, user, id).await?;
    tx.commit().await?;
    Ok(answer)
}

/// Gives `user`'s sign-up `signup_id` for activity `id` back (idempotent: one that is not
/// there, or not theirs, changes nothing), until the activity starts
/// (`invalid_transition` after). A place given back goes to the first in line.
pub async fn give_back(
    pool: &SqlitePool,
    user: &User,
    id: &str,
    signup_id: &str,
) -> Result<Activity, ApiError> {
    let now = clock::now();
    let mut tx = crate::db::write(pool).await?;
    let activity = row(&mut tx, &user.community_id, id).await?;
    let theirs = held(&mut tx, signup_id)
        .await?
        .filter(|h| h.activity_id == id && h.user_id == user.id);
    if let Some(signup) = theirs {
        if !may_give_back(now, activity.starts_at) {
            return Err(ApiError::InvalidTransition);
        }
        sqlx::query("DELETE FROM activity_signups WHERE id = ?")
            .bind(signup_id)
            .execute(&mut *tx)
            .await?;
        if signup.state == state_str(SignupState::Confirmed) {
            move_up(&mut tx, &user.community_id, id).await?;
        }
    }
    let answer = load(&mut tx, user, id).await?;
    tx.commit().await?;
    Ok(answer)
}

/// Gives the places free on activity `id` to the first in line and tells them, inside the
/// caller's write transaction. Nobody moves up once it has started or when it is
/// cancelled. Answers how many did.
pub(super) async fn move_up(
    conn: &mut SqliteConnection,
    community_id: &str,
    id: &str,
) -> Result<usize, ApiError> {
    let activity = row(&mut *conn, community_id, id).await?;
    if activity.cancelled || clock::now() >= activity.starts_at {
        return Ok(0);
    }
    let line: Vec<(String, i64, String)> = sqlx::query_as(
        "SELECT id, created_ms, user_id FROM activity_signups
         WHERE activity_id = ? AND state = 'waitlisted'",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let in_line: Vec<InLine> = line
        .iter()
        .map(|(signup, at, _)| InLine {
            signed_up_at_ms: *at,
            id: signup.clone(),
        })
        .collect();
    let up = moving_up(
        &in_line,
        super::count(activity.confirmed),
        super::count(activity.capacity),
    );
    for signup in &up {
        sqlx::query("UPDATE activity_signups SET state = 'confirmed' WHERE id = ?")
            .bind(&signup.id)
            .execute(&mut *conn)
            .await?;
        if let Some((_, _, person)) = line.iter().find(|(id, _, _)| *id == signup.id) {
            told::place(&mut *conn, &activity, &signup.id, person).await?;
        }
    }
    Ok(up.len())
}
