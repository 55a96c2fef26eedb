use sqlx::SqlitePool;
use yizhan_core::model::{NewOrder, Order, OrderKind, OrderStatus};
use yizhan_core::phone::MobileNumber;
use yizhan_core::service_form::check_answers;
use yizhan_core::validation::{check_new_order, FieldProblem};

use super::read::{as_acted_on, visible};
use super::Viewer;
use crate::auth::digest;
use crate::clock;
use crate::error::{ApiError, FieldErrors};
use crate::http::stored::from_json;

/// Whether the order was made now or was already there (a retry).
pub enum Created {
    New(Order),
    Existing(Order),
}

fn validation(problems: Vec<(&'static str, FieldProblem)>) -> ApiError {
    let mut errors = FieldErrors::new();
    for (field, problem) in problems {
        errors
            .entry(field.to_string())
            .or_default()
            .push(problem.message());
    }
    ApiError::Validation(errors)
}

/// The service must be the community's, active, and its required questions answered.
async fn check_service(
    pool: &SqlitePool,
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
            .fetch_optional(pool)
            .await?;
    let Some((active, fields)) = row else {
        return Err(ApiError::field(
            "service_id",
            "no such service in this community",
        ));
    };
    if !active {
        return Err(ApiError::field(
            "service_id",
            "this service is no longer offered",
        ));
    }
    let fields: Vec<yizhan_core::model::Field> = from_json(&fields)?;
    let mut errors = FieldErrors::new();
    for (code, problem) in check_answers(&fields, &order.attributes) {
        errors
            .entry(format!("attributes.{code}"))
            .or_default()
            .push(problem.message());
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// `PUT /orders/{id}`: the first time makes the order; the same body again returns it;
/// another body under the same id is a conflict, never a second order.
pub async fn create(
    pool: &SqlitePool,
    viewer: &Viewer<'_>,
    id: &str,
    mut order: NewOrder,
) -> Result<Created, ApiError> {
    let id = uuid::Uuid::parse_str(id)
        .map_err(|_| ApiError::field("id", "the order id must be a UUID made by the client"))?
        .hyphenated()
        .to_string();
    let problems = check_new_order(&order);
    if !problems.is_empty() {
        return Err(validation(problems));
    }
    if order.kind == OrderKind::Wish {
        order.service_id = None;
    }
    // Stored as the contract counts it: trimmed; a phone in its normalised form.
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
    let request_hash = digest(&serde_json::to_string(&order).unwrap_or_default());

    let existing: Option<(String, String)> =
        sqlx::query_as("SELECT owner_id, request_hash FROM orders WHERE id = ?")
            .bind(&id)
            .fetch_optional(pool)
            .await?;
    if let Some((owner_id, hash)) = existing {
        return if owner_id == viewer.user.id && hash == request_hash {
            // A deleted order answers with its tombstone: the retry is acknowledged and
            // the device drops it.
            Ok(Created::Existing(as_acted_on(pool, viewer, &id).await?))
        } else {
            Err(ApiError::IdConflict)
        };
    }
    check_service(pool, &viewer.user.community_id, &order).await?;

    let now = clock::now_ms();
    let attributes = serde_json::to_string(&order.attributes).unwrap_or_else(|_| "{}".into());
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO orders (id, community_id, owner_id, kind, service_id, title, description,
             address, contact_phone, preferred_time, attributes, status, version, request_hash,
             created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&id)
    .bind(&viewer.user.community_id)
    .bind(&viewer.user.id)
    .bind(order.kind.as_str())
    .bind(&order.service_id)
    .bind(&order.title)
    .bind(&order.description)
    .bind(&order.address)
    .bind(&order.contact_phone)
    .bind(&order.preferred_time)
    .bind(attributes)
    .bind(OrderStatus::Submitted.as_str())
    .bind(&request_hash)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        // A concurrent retry of the same request won the race: answer as a retry.
        tx.rollback().await?;
        return Box::pin(create(pool, viewer, &id, order)).await;
    }
    sqlx::query(
        "INSERT INTO order_events (id, order_id, at, status, action, by_role, note)
         VALUES (?, ?, ?, 'submitted', 'create', 'resident', NULL)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(&id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Created::New(visible(pool, viewer, &id).await?))
}
