//! An admin writes the catalogue: a service is created or replaced whole by id
//! ([`super::put`]), and retired (`active: false`) rather than removed, because old orders
//! still name it.

use sqlx::SqlitePool;
use yizhan_core::model::Service;
use yizhan_core::validation::FieldProblem;
pub use yizhan_core::workbench::services::ServiceBody;
use yizhan_core::workbench::services::{check_order, ServiceOrder};

use super::put::{Record, Table};
use crate::clock;
use crate::error::ApiError;
use crate::stored::to_json;

/// A service, as an admin puts it by id.
pub struct Services;

impl Record for Services {
    type Body = ServiceBody;
    type Answer = Service;
    const TABLE: Table = Table::Services;

    async fn check(
        pool: &SqlitePool,
        community_id: &str,
        id: &str,
        body: &ServiceBody,
    ) -> Result<(), ApiError> {
        ApiError::unless_valid(yizhan_core::workbench::services::check(body))?;
        let code_taken: Option<String> = sqlx::query_scalar(
            "SELECT id FROM services WHERE community_id = ? AND code = ? AND id <> ?",
        )
        .bind(community_id)
        .bind(body.code.trim())
        .bind(id)
        .fetch_optional(pool)
        .await?;
        if code_taken.is_some() {
            return Err(ApiError::invalid([("code", FieldProblem::Taken)]));
        }
        Ok(())
    }

    async fn write(
        pool: &SqlitePool,
        community_id: &str,
        id: &str,
        body: ServiceBody,
    ) -> Result<(), ApiError> {
        // `position` keeps a replaced service where it was listed; a new one goes last.
        sqlx::query(
            "INSERT INTO services (id, community_id, position, code, name, category, kind, description,
                                   sla_hours, fields, active, updated_at)
             VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM services WHERE community_id = ?),
                     ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name,
                 category = excluded.category, kind = excluded.kind,
                 description = excluded.description, sla_hours = excluded.sla_hours,
                 fields = excluded.fields, active = excluded.active,
                 updated_at = MAX(excluded.updated_at, services.updated_at + 1)",
        )
        .bind(id)
        .bind(community_id)
        .bind(community_id)
        .bind(body.code.trim())
        .bind(body.name.trim())
        .bind(body.category.trim())
        .bind(body.kind.as_str())
        .bind(body.description.trim())
        .bind(body.sla_hours)
        .bind(to_json(&body.fields)?)
        .bind(body.active)
        .bind(clock::now())
        .execute(pool)
        .await?;
        Ok(())
    }

    async fn read(pool: &SqlitePool, community_id: &str, id: &str) -> Result<Service, ApiError> {
        super::services::one(pool, community_id, id).await
    }
}

/// Retires service `id` (`active: false`), and returns it as read now; 404 when the
/// community has no such service.
pub async fn retire(pool: &SqlitePool, community_id: &str, id: &str) -> Result<Service, ApiError> {
    let changed = sqlx::query(
        "UPDATE services SET active = 0, updated_at = MAX(?, updated_at + 1)
         WHERE id = ? AND community_id = ?",
    )
    .bind(clock::now())
    .bind(id)
    .bind(community_id)
    .execute(pool)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    super::services::one(pool, community_id, id).await
}

/// Puts the community's catalogue in `order`: the services listed first, in that order,
/// the rest after them as they were. 422 at `ids` for an id the community has no
/// service by. One write transaction: two admins reordering at once each see a whole
/// order, the later one's.
pub async fn reorder(
    pool: &SqlitePool,
    community_id: &str,
    order: &ServiceOrder,
) -> Result<(), ApiError> {
    ApiError::unless_valid(check_order(order))?;
    let mut tx = crate::db::write(pool).await?;
    let now: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM services WHERE community_id = ? ORDER BY position, code",
    )
    .bind(community_id)
    .fetch_all(&mut *tx)
    .await?;
    if order.ids.iter().any(|id| !now.contains(id)) {
        return Err(ApiError::invalid([("ids", FieldProblem::NotHere)]));
    }
    let rest = now.iter().filter(|id| !order.ids.contains(id));
    for (position, id) in order.ids.iter().chain(rest).enumerate() {
        sqlx::query("UPDATE services SET position = ? WHERE id = ? AND community_id = ?")
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(id)
            .bind(community_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
