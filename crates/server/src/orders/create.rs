use sqlx::SqliteConnection;
use yizhan_core::model::{Channel, NewOrder, OnBehalfOf, Order, OrderKind, Role};
use yizhan_core::order_form::answer_field;
use yizhan_core::phone::MobileNumber;
use yizhan_core::service_form::check_answers;
use yizhan_core::validation::{check_new_order, FieldProblem};

use super::insert::{self, Stored};
use super::read::as_acted_on;
use super::{client_uuid, Viewer};
use crate::auth::digest;
use crate::error::ApiError;
use crate::stored::from_json;
use crate::users::people::{self, Recorded};

/// Whether the order was made now or was already there (a retry).
pub enum Created {
    New(Order),
    Existing(Order),
}

/// The service must be the community's, active, and its required questions answered.
async fn check_service(
    conn: &mut SqliteConnection,
    community_id: &str,
    order: &NewOrder,
) -> Result<(), ApiError> {
    let Some(service_id) = order.service_id.as_deref() else {
        return Ok(());
    };
    let row: Option<(bool, String)> =
        sqlx::query_as("SELECT active, fields FROM services WHERE id = ? AND community_id = ?")
            .bind(service_id)
            .bind(community_id)
            .fetch_optional(conn)
            .await?;
    let Some((active, fields)) = row else {
        return Err(ApiError::invalid([("service_id", FieldProblem::NotHere)]));
    };
    if !active {
        return Err(ApiError::field(
            "service_id",
            "this service is no longer offered",
        ));
    }
    let fields: Vec<yizhan_core::model::Field> = from_json(&fields)?;
    ApiError::unless_valid(
        check_answers(&fields, &order.attributes)
            .into_iter()
            .map(|(code, problem)| (answer_field(&code), problem)),
    )
}

/// The order as it is stored: trimmed as the contract counts; a phone in its normalised
/// form; a wish has no service.
fn normalised(mut order: NewOrder) -> NewOrder {
    if order.kind == OrderKind::Wish {
        order.service_id = None;
    }
    order.title = order.title.trim().to_string();
    order.description = order.description.trim().to_string();
    order.address = order
        .address
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty());
    order.contact_phone = order
        .contact_phone
        .and_then(|p| MobileNumber::parse(&p).ok())
        .map(|n| n.as_str().to_string());
    if let Some(resident) = &mut order.on_behalf_of {
        if let Ok(number) = MobileNumber::parse(&resident.phone) {
            resident.phone = number.as_str().to_string();
        }
        resident.name = resident
            .name
            .as_deref()
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_string);
        // Filed for a resident without a contact phone of its own: theirs.
        if order.contact_phone.is_none() {
            order.contact_phone = Some(resident.phone.clone());
        }
    }
    order
}

/// The resident an order filed by `viewer` is for: the account of their number, or a new
/// one (a resident of the filer's grid, else the community's first grid) made only with
/// their consent (422 at `on_behalf_of.consent`), recorded in the audit log.
async fn owner_for(
    conn: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    resident: &OnBehalfOf,
    channel: Channel,
    address: Option<&str>,
) -> Result<String, ApiError> {
    let phone = MobileNumber::parse(&resident.phone)
        .map_err(|_| ApiError::invalid([("on_behalf_of.phone", FieldProblem::NotAMobileNumber)]))?;
    let found: Option<(String, String)> =
        sqlx::query_as("SELECT id, community_id FROM users WHERE phone = ?")
            .bind(phone.as_str())
            .fetch_optional(&mut *conn)
            .await?;
    match found {
        Some((id, community_id)) if community_id == viewer.user.community_id => Ok(id),
        Some(_) => Err(ApiError::invalid([(
            "on_behalf_of.phone",
            FieldProblem::OtherCommunity,
        )])),
        None if !resident.consent => Err(ApiError::invalid([(
            "on_behalf_of.consent",
            FieldProblem::ConsentRequired,
        )])),
        None => {
            let community_id = &viewer.user.community_id;
            let grid_id =
                people::place(conn, community_id, None, viewer.user.grid_id.as_deref()).await?;
            let how = format!("an order filed on their behalf ({})", channel.as_str());
            people::record_in(
                conn,
                Recorded {
                    phone: &phone,
                    name: resident.name.as_deref(),
                    address,
                    grid_id,
                    recorder: viewer.user,
                    how: &how,
                },
            )
            .await
        }
    }
}

/// What servers before the request fingerprint stored to recognise a resend: a hash of
/// the order as this server normalises it. Only orders made before then are compared by it.
fn legacy_hash(order: &NewOrder) -> String {
    digest(&serde_json::to_string(order).unwrap_or_default())
}

/// `PUT /orders/{id}`: the first time makes the order; the same request again returns it;
/// another request under the same id is a conflict, never a second order.
///
/// `fingerprint` identifies the request as the client sent it
/// ([`crate::http::canonical::fingerprint`]), so a resend is recognised whatever a later
/// server version adds to what it stores.
///
/// Runs inside a write transaction ([`crate::db::write`]) that the caller commits: the
/// order's checks, its change number and its rows are taken in it, and it is on disk
/// once that commit returns ([`super::group_commit`] commits several at once). An
/// [`ApiError::NotCommitted`] says the transaction itself is lost.
pub async fn create_in(
    tx: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    id: &str,
    fingerprint: &str,
    order: NewOrder,
) -> Result<Created, ApiError> {
    // A resend is answered before anything else is checked: the order was taken once,
    // and rules or spellings a later server refuses must not park it on the phone.
    let canonical = uuid::Uuid::parse_str(id)
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| ApiError::field("id", "a UUID made by the client"))?;
    let existing: Option<(String, Option<String>, String, Option<String>)> = sqlx::query_as(
        "SELECT owner_id, request_fingerprint, request_hash, filed_by_id FROM orders WHERE id = ?",
    )
    .bind(&canonical)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((owner_id, stored_fingerprint, stored_hash, filed_by)) = existing {
        let same_request = match stored_fingerprint {
            Some(stored) => stored == fingerprint,
            None => stored_hash == legacy_hash(&normalised(order.clone())),
        };
        // Whoever sent it: the owner, or the one who filed it for them.
        let sender = owner_id == viewer.user.id || filed_by.as_deref() == Some(&viewer.user.id);
        return if sender && same_request {
            // A deleted order answers with its tombstone: the retry is acknowledged and
            // the device drops it.
            Ok(Created::Existing(
                as_acted_on(tx, viewer, &canonical).await?,
            ))
        } else {
            Err(ApiError::IdConflict)
        };
    }
    let id = client_uuid("id", id)?;
    // Filing for someone else (事务代办) is for grid workers, dispatchers and admins.
    let filed_as = if order.on_behalf_of.is_some() || order.channel.is_some() {
        Some(Role::filing_for_others(&viewer.user.roles).ok_or(ApiError::Forbidden)?)
    } else {
        None
    };
    ApiError::unless_valid(check_new_order(&order))?;
    let order = normalised(order);
    let legacy = legacy_hash(&order);
    let mut order = order;
    order.preferred_time = order
        .preferred_time
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    check_service(tx, &viewer.user.community_id, &order).await?;
    let (owner_id, filed) = match (&order.on_behalf_of, order.channel, filed_as) {
        (Some(resident), Some(channel), Some(role)) => {
            let address = order.address.as_deref();
            let owner = owner_for(tx, viewer, resident, channel, address).await?;
            (owner, Some((role, channel)))
        }
        _ => (viewer.user.id.clone(), None),
    };

    let stored = Stored {
        id: &id,
        attributes: serde_json::to_string(&order.attributes).unwrap_or_else(|_| "{}".into()),
        legacy_hash: &legacy,
        fingerprint,
        owner_id: &owner_id,
        filed,
    };
    Ok(Created::New(
        insert::new_order(tx, viewer, &order, stored).await?,
    ))
}
