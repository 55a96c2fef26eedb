//! `POST /orders/{id}/transitions`: one step of the lifecycle, under optimistic locking
//! (`If-Match`), applied once per transition id.

use sqlx::SqlitePool;
use yizhan_core::lifecycle::{next_status, Action, Actor, TransitionError};
use yizhan_core::model::{Order, TransitionRequest};
use yizhan_core::validation::{char_len, NOTE_MAX};

use super::read::{as_acted_on, visible};
use super::Viewer;
use crate::clock;
use crate::error::ApiError;

/// Reads `If-Match: "<version>"` (a weak tag is read the same way).
fn expected_version(if_match: Option<&str>) -> Result<i64, ApiError> {
    let value = if_match.ok_or(ApiError::PreconditionRequired)?.trim();
    let value = value.strip_prefix("W/").unwrap_or(value).trim_matches('"');
    value
        .parse()
        .map_err(|_| ApiError::field("If-Match", "the order's version, as its ETag gave it"))
}

fn check_fields(request: &TransitionRequest) -> Result<(), ApiError> {
    let note = request.note.as_deref().unwrap_or("");
    if request.action.needs_note() && char_len(note) == 0 {
        return Err(ApiError::field("note", "say why: required for this action"));
    }
    if char_len(note) > NOTE_MAX {
        return Err(ApiError::field(
            "note",
            format!("at most {NOTE_MAX} characters"),
        ));
    }
    if request.action == Action::Confirm && !matches!(request.rating, Some(1..=5)) {
        return Err(ApiError::field("rating", "a rating from 1 to 5 stars"));
    }
    if request.action == Action::Dispatch && request.assignee_id.is_none() {
        return Err(ApiError::field(
            "assignee_id",
            "required: the volunteer to dispatch to",
        ));
    }
    Ok(())
}

/// A dispatch goes to a volunteer of the same community.
async fn check_assignee(
    pool: &SqlitePool,
    community_id: &str,
    assignee_id: &str,
) -> Result<(), ApiError> {
    let is_volunteer: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'volunteer'
         WHERE u.id = ? AND u.community_id = ?",
    )
    .bind(assignee_id)
    .bind(community_id)
    .fetch_optional(pool)
    .await?;
    match is_volunteer {
        Some(_) => Ok(()),
        None => Err(ApiError::field(
            "assignee_id",
            "not a volunteer of this community",
        )),
    }
}

pub async fn transition(
    pool: &SqlitePool,
    viewer: &Viewer<'_>,
    order_id: &str,
    if_match: Option<&str>,
    request: TransitionRequest,
) -> Result<Order, ApiError> {
    let transition_id = uuid::Uuid::parse_str(&request.id)
        .map_err(|_| ApiError::field("id", "the transition id must be a UUID made by the client"))?
        .hyphenated()
        .to_string();
    let seen: Option<(String, String)> =
        sqlx::query_as("SELECT order_id, user_id FROM order_transitions WHERE id = ?")
            .bind(&transition_id)
            .fetch_optional(pool)
            .await?;
    if let Some((seen_order, seen_user)) = seen {
        // Applied before: a resend after a lost answer gets the order, not a second step.
        return if seen_order == order_id && seen_user == viewer.user.id {
            as_acted_on(pool, viewer, order_id).await
        } else {
            Err(ApiError::IdConflict)
        };
    }

    let order = match visible(pool, viewer, order_id).await {
        // A wish another volunteer just claimed is no longer open, but a volunteer who saw
        // it open is told who was quicker (412 with the current order), not "no such order".
        Err(ApiError::NotFound) if viewer.has_role("volunteer") => {
            let order = as_acted_on(pool, viewer, order_id).await?;
            if order.kind != yizhan_core::model::OrderKind::Wish || order.deleted {
                return Err(ApiError::NotFound);
            }
            order
        }
        other => other?,
    };
    let expected = expected_version(if_match)?;
    if expected != order.version {
        return Err(ApiError::VersionMismatch(Box::new(order)));
    }
    let actor = Actor {
        is_owner: order.owner_id == viewer.user.id,
        is_assignee: order
            .assignee
            .as_ref()
            .is_some_and(|a| a.id == viewer.user.id),
        is_volunteer: viewer.has_role("volunteer"),
        is_dispatcher: viewer.has_role("dispatcher"),
    };
    let next =
        next_status(order.kind, order.status, request.action, actor).map_err(
            |error| match error {
                TransitionError::Forbidden => ApiError::Forbidden,
                TransitionError::InvalidTransition => ApiError::InvalidTransition,
            },
        )?;
    check_fields(&request)?;
    let assignee = match request.action {
        Action::Dispatch => {
            let id = request.assignee_id.clone().unwrap_or_default();
            check_assignee(pool, &viewer.user.community_id, &id).await?;
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

    let now = clock::now_ms();
    let mut tx = pool.begin().await?;
    let updated = sqlx::query(
        "UPDATE orders SET status = ?, version = version + 1, assignee_id = ?, rating = ?, updated_at = ?
         WHERE id = ? AND version = ?",
    )
    .bind(next.as_str())
    .bind(&assignee)
    .bind(rating)
    .bind(now)
    .bind(order_id)
    .bind(expected)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        // Someone else's step landed between our read and our write.
        tx.rollback().await?;
        let current = as_acted_on(pool, viewer, order_id).await?;
        return Err(ApiError::VersionMismatch(Box::new(current)));
    }
    sqlx::query(
        "INSERT INTO order_events (id, order_id, at, status, action, by_role, note)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&transition_id)
    .bind(order_id)
    .bind(now)
    .bind(next.as_str())
    .bind(request.action.as_str())
    .bind(actor.role_for(request.action))
    .bind(note)
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO order_transitions (id, order_id, user_id, at) VALUES (?, ?, ?, ?)")
        .bind(&transition_id)
        .bind(order_id)
        .bind(&viewer.user.id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    as_acted_on(pool, viewer, order_id).await
}
