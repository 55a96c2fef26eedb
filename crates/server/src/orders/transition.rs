//! `POST /orders/{id}/transitions`: one step of the lifecycle, under optimistic locking
//! (`If-Match`), applied once per transition id.

use sqlx::{SqliteConnection, SqlitePool};
use yizhan_core::lifecycle::{next_status, Action, Actor, TransitionError};
use yizhan_core::model::{Order, Role, TransitionRequest};
use yizhan_core::validation::check_transition_as;

use super::read::{as_acted_on, as_now_seen, saw_once, visible};
use super::stamp::Stamp;
use super::{client_uuid, Viewer};
use crate::db;
use crate::error::ApiError;
use crate::inbox::About;
use yizhan_core::inbox::Happening;

/// Reads `If-Match: "<version>"` (a weak tag is read the same way).
fn expected_version(if_match: Option<&str>) -> Result<i64, ApiError> {
    let value = if_match.ok_or(ApiError::PreconditionRequired)?.trim();
    let value = value.strip_prefix("W/").unwrap_or(value).trim_matches('"');
    value
        .parse()
        .map_err(|_| ApiError::field("If-Match", "the order's version, as its ETag gave it"))
}

/// A dispatch goes to a volunteer of the same community.
async fn check_assignee(
    conn: &mut SqliteConnection,
    community_id: &str,
    assignee_id: &str,
) -> Result<(), ApiError> {
    let is_volunteer: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = ?
         WHERE u.id = ? AND u.community_id = ?",
    )
    .bind(Role::Volunteer.as_str())
    .bind(assignee_id)
    .bind(community_id)
    .fetch_optional(conn)
    .await?;
    match is_volunteer {
        Some(_) => Ok(()),
        None => Err(ApiError::field(
            "assignee_id",
            "not a volunteer of this community",
        )),
    }
}

/// One step, applied once per transition id. Everything from the look for an earlier
/// send of the same step to the write is one write transaction: a resend that overlaps
/// the original, or two copies arriving together, get the stored result, never a 412.
pub async fn transition(
    pool: &SqlitePool,
    viewer: &Viewer<'_>,
    order_id: &str,
    if_match: Option<&str>,
    request: TransitionRequest,
) -> Result<Order, ApiError> {
    let transition_id = client_uuid("id", &request.id)?;
    let mut tx = db::write(pool).await?;
    let seen: Option<(String, String)> =
        sqlx::query_as("SELECT order_id, user_id FROM order_transitions WHERE id = ?")
            .bind(&transition_id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((seen_order, seen_user)) = seen {
        // Applied before: a resend after a lost answer gets the order, not a second step,
        // as the caller may see it now (a resend long after cannot read what came later).
        return if seen_order == order_id && seen_user == viewer.user.id {
            as_now_seen(&mut tx, viewer, order_id).await
        } else {
            Err(ApiError::IdConflict)
        };
    }
    // The server's own timeline entries (an order's creation) have ids of their own; a
    // step may not take one of them.
    let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM order_events WHERE id = ?")
        .bind(&transition_id)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(ApiError::IdConflict);
    }

    let order = match visible(&mut tx, viewer, order_id).await {
        // Someone who saw the order once (a volunteer an open wish, a volunteer the order
        // sent to them) is told who was quicker (412), not "no such order".
        Err(ApiError::NotFound) => {
            let order = as_acted_on(&mut tx, viewer, order_id).await?;
            if !saw_once(&mut tx, viewer, &order).await? {
                return Err(ApiError::NotFound);
            }
            order
        }
        other => other?,
    };
    let expected = expected_version(if_match)?;
    if expected != order.version {
        let current = as_now_seen(&mut tx, viewer, order_id).await?;
        return Err(ApiError::VersionMismatch(Box::new(current)));
    }
    let actor = Actor {
        is_owner: order.owner_id == viewer.user.id,
        is_assignee: order
            .assignee
            .as_ref()
            .is_some_and(|a| a.id == viewer.user.id),
        is_volunteer: viewer.has_role(Role::Volunteer),
        is_dispatcher: viewer.has_role(Role::Dispatcher),
        // Who filed it on the owner's behalf may confirm it for them, while they still
        // hold a role that files for others.
        filed_as: order
            .filed_by
            .as_ref()
            .filter(|filer| filer.id == viewer.user.id)
            .and_then(|_| Role::filing_for_others(&viewer.user.roles)),
    };
    let next =
        next_status(order.kind, order.status, request.action, actor).map_err(
            |error| match error {
                TransitionError::Forbidden => ApiError::Forbidden,
                TransitionError::InvalidTransition => ApiError::InvalidTransition,
            },
        )?;
    ApiError::unless_valid(check_transition_as(&request.step(), actor))?;
    let assignee = match request.action {
        Action::Dispatch => {
            let id = request.assignee_id.clone().unwrap_or_default();
            check_assignee(&mut tx, &viewer.user.community_id, &id).await?;
            Some(id)
        }
        Action::Claim => Some(viewer.user.id.clone()),
        Action::Decline | Action::Reopen => None,
        _ => order.assignee.as_ref().map(|a| a.id.clone()),
    };
    let rating = match request.action {
        Action::Confirm => request.rating,
        _ => order.rating.map(i64::from),
    };
    let note = request
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());

    let stamp = Stamp::take(&mut tx, &viewer.user.community_id).await?;
    let updated = sqlx::query(
        "UPDATE orders SET status = ?, version = version + 1, assignee_id = ?, rating = ?,
             updated_at = ?, seq = ?
         WHERE id = ? AND version = ?",
    )
    .bind(next.as_str())
    .bind(&assignee)
    .bind(rating)
    .bind(stamp.at_ms)
    .bind(stamp.seq)
    .bind(order_id)
    .bind(expected)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        // Cannot happen under the write lock; answered as the race it would be.
        let current = as_now_seen(&mut tx, viewer, order_id).await?;
        return Err(ApiError::VersionMismatch(Box::new(current)));
    }
    sqlx::query(
        "INSERT INTO order_events (id, order_id, at, status, action, by_role, note)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&transition_id)
    .bind(order_id)
    .bind(stamp.at_ms)
    .bind(next.as_str())
    .bind(request.action.as_str())
    .bind(actor.role_for(request.action).as_str())
    .bind(note)
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO order_transitions (id, order_id, user_id, at) VALUES (?, ?, ?, ?)")
        .bind(&transition_id)
        .bind(order_id)
        .bind(&viewer.user.id)
        .bind(stamp.at_ms)
        .execute(&mut *tx)
        .await?;
    // Who filed it for the owner, whatever the actor may see of that.
    let filer: Option<String> = sqlx::query_scalar("SELECT filed_by_id FROM orders WHERE id = ?")
        .bind(order_id)
        .fetch_one(&mut *tx)
        .await?;
    crate::inbox::tell(
        &mut tx,
        Happening::Step(request.action),
        &About {
            event_id: &transition_id,
            community_id: &viewer.user.community_id,
            order_id,
            title: &order.title,
            note,
            at_ms: stamp.at_ms,
            owner_id: &order.owner_id,
            assignee_id: assignee.as_deref(),
            filer_id: filer.as_deref(),
            actor_id: &viewer.user.id,
        },
    )
    .await?;
    if let Some(holder) = &assignee {
        sqlx::query("INSERT OR IGNORE INTO order_holders (order_id, user_id) VALUES (?, ?)")
            .bind(order_id)
            .bind(holder)
            .execute(&mut *tx)
            .await?;
    }
    let answer = as_acted_on(&mut tx, viewer, order_id).await?;
    tx.commit().await?;
    Ok(answer)
}
