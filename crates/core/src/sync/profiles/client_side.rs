//! What the profiles for backends without the contract's guarantees (json-server, a
//! mapped backend) do on the client instead: write the whole order as created, recognise
//! it when a resend meets it, and keep time as text that sorts.
// Each of those profiles uses part of this, and the connection check reads times here:
// a build without all of them leaves some of it unused.
#![cfg_attr(
    not(all(feature = "json-server", feature = "mapped", feature = "open311")),
    allow(dead_code)
)]

use time::macros::format_description;
use time::OffsetDateTime;

use crate::lifecycle::{next_status, Action, Actor};
use crate::model::{NewOrder, Order, OrderStatus, Role, TimelineEntry, TransitionRequest};
use crate::sync::error::SyncError;

/// What the sign-in form is handed instead of a code sent by text message, where the
/// backend has no accounts and only looks the number up.
pub const NO_CODE: &str = "000000";

/// A new order as the backend stores it: submitted, version 1, with its first step.
pub fn submitted(id: &str, order: &NewOrder, owner_id: &str, now: &str) -> Order {
    Order {
        id: id.to_string(),
        kind: order.kind,
        service_id: order.service_id.clone(),
        title: order.title.clone(),
        description: order.description.clone(),
        address: order.address.clone(),
        contact_phone: order.contact_phone.clone(),
        preferred_time: order.preferred_time.clone(),
        attributes: order.attributes.clone(),
        status: OrderStatus::Submitted,
        version: 1,
        owner_id: owner_id.to_string(),
        assignee: None,
        rating: None,
        created_at: now.to_string(),
        updated_at: now.to_string(),
        deleted: false,
        filed_by: None,
        timeline: vec![TimelineEntry {
            id: format!("{id}:create"),
            at: now.to_string(),
            status: OrderStatus::Submitted,
            action: "create".into(),
            by_role: Role::Resident.to_string(),
            note: None,
        }],
    }
}

/// Whether a stored order is the one this device submitted under its id.
pub fn same_order(stored: &Order, submitted: &NewOrder) -> bool {
    stored.kind == submitted.kind
        && stored.service_id == submitted.service_id
        && stored.title == submitted.title
        && stored.description == submitted.description
        && stored.address == submitted.address
        && stored.contact_phone == submitted.contact_phone
        && stored.preferred_time == submitted.preferred_time
        && stored.attributes == submitted.attributes
}

/// A moment as these profiles write it: UTC, always with milliseconds, so that sorting
/// the text is sorting in time.
pub fn stamp(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
            ))
            .ok()
        })
        .unwrap_or_default()
}

/// A moment written by anyone (any offset), in milliseconds.
pub fn instant_ms(text: &str) -> Option<i64> {
    let time = OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?;
    i64::try_from(time.unix_timestamp_nanos() / 1_000_000).ok()
}

/// A step checked as the contract's server would before writing it: `None` when the order
/// is gone or the step is on its timeline already (answer with the order as it is), a
/// 412 with the order from another version, a 422 where the lifecycle has no such step.
/// No roles here: these backends know none, and the app offers only the user's steps.
pub fn check_step(
    current: &Order,
    version: i64,
    request: &TransitionRequest,
) -> Result<Option<OrderStatus>, SyncError> {
    if current.deleted || current.timeline.iter().any(|entry| entry.id == request.id) {
        return Ok(None);
    }
    // A backend that keeps no timeline: the step went through and only its answer was
    // lost when the order stands one version on, where the step leads.
    if current.timeline.is_empty()
        && current.version == version.saturating_add(1)
        && leads_to(current, request.action)
    {
        return Ok(None);
    }
    if current.version != version {
        return Err(SyncError::Conflict {
            current: Some(Box::new(current.clone())),
        });
    }
    let anyone = Actor {
        is_owner: true,
        is_assignee: true,
        is_volunteer: true,
        is_dispatcher: true,
        filed_as: None,
    };
    next_status(current.kind, current.status, request.action, anyone)
        .map(Some)
        .map_err(|_| refused(422, "invalid_transition", "not possible from here"))
}

/// Whether `action` leads to the order's status from some status before it.
fn leads_to(current: &Order, action: Action) -> bool {
    let anyone = Actor {
        is_owner: true,
        is_assignee: true,
        is_volunteer: true,
        is_dispatcher: true,
        filed_as: None,
    };
    OrderStatus::ALL
        .into_iter()
        .filter(|from| *from != current.status)
        .any(|from| {
            next_status(current.kind, from, action, anyone).is_ok_and(|to| to == current.status)
        })
}

/// A refusal in the engine's terms, for what these profiles refuse themselves.
pub fn refused(status: u16, kind: &str, message: &str) -> SyncError {
    SyncError::Rejected {
        status,
        kind: kind.to_string(),
        message: message.to_string(),
        fields: Default::default(),
    }
}

/// What a create that failed means once the order under its id was read back: the same
/// order is this device's, sent before and answered into the void; another is a
/// conflict; none leaves the create's own failure.
pub fn recognise_resend(
    stored: Result<Order, SyncError>,
    submitted: &NewOrder,
    failure: SyncError,
) -> Result<Order, SyncError> {
    match stored {
        Ok(stored) if same_order(&stored, submitted) => Ok(stored),
        Ok(_) => Err(refused(409, "id_conflict", "another order has this id")),
        Err(_) => Err(failure),
    }
}

/// Who takes a step, as the timeline records it (these backends know no roles).
fn role_of(action: Action) -> Role {
    match action {
        Action::Dispatch | Action::Reject => Role::Dispatcher,
        Action::Claim | Action::Accept | Action::Decline | Action::Start | Action::Complete => {
            Role::Volunteer
        }
        Action::Confirm | Action::Reopen | Action::Cancel => Role::Resident,
    }
}

/// The order after a step checked by `check_step`: its new status, version and timeline
/// entry, who handles it and its rating. Stamped never before the order's last change,
/// whatever this device's clock says: pulls go by `updated_at`, and a step stamped in
/// the past would never be pulled.
pub fn after_step(
    current: &Order,
    next: OrderStatus,
    request: &TransitionRequest,
    now_ms: i64,
) -> Order {
    let at = stamp(instant_ms(&current.updated_at).map_or(now_ms, |last| now_ms.max(last + 1)));
    let mut after = current.clone();
    after.timeline.push(TimelineEntry {
        id: request.id.clone(),
        at: at.clone(),
        status: next,
        action: request.action.as_str().into(),
        by_role: role_of(request.action).to_string(),
        note: request.note.clone(),
    });
    after.status = next;
    after.version = current.version + 1;
    after.updated_at = at;
    if matches!(request.action, Action::Decline | Action::Reopen) {
        after.assignee = None;
    }
    if request.action == Action::Confirm {
        after.rating = request.rating.and_then(|r| u8::try_from(r).ok());
    }
    after
}
