//! The community's service catalogue as residents read it: every service, retired ones
//! included (old orders still name them), in the order the admin posted them.

use std::sync::Arc;

use sqlx::{SqliteConnection, SqlitePool};
use yizhan_core::model::{Items, Service};

use super::cache::{Cache, Loading, Published, Whole};

use crate::clock;
use crate::error::ApiError;
use crate::stored::{from_json, parse_enum};

#[derive(sqlx::FromRow)]
struct ServiceRow {
    id: String,
    code: String,
    name: String,
    category: String,
    kind: String,
    description: String,
    sla_hours: Option<i64>,
    fields: String,
    active: bool,
    updated_at: i64,
}

impl TryFrom<ServiceRow> for Service {
    type Error = ApiError;

    fn try_from(row: ServiceRow) -> Result<Service, ApiError> {
        Ok(Service {
            id: row.id,
            code: row.code,
            name: row.name,
            category: row.category,
            kind: parse_enum(&row.kind)?,
            description: row.description,
            sla_hours: row.sla_hours.and_then(|h| u32::try_from(h).ok()),
            fields: from_json(&row.fields)?,
            active: row.active,
            updated_at: clock::rfc3339(row.updated_at),
        })
    }
}

/// The whole catalogue of `community_id` as `GET /services` answers it: read, serialised
/// and tagged once, and kept while the catalogue does not change ([`Cache`]).
pub async fn published(
    pool: &SqlitePool,
    cache: &Cache,
    community_id: &str,
) -> Result<Arc<Published>, ApiError> {
    cache
        .get_or_load(pool, Whole::Services, community_id, whole)
        .await
}

/// The catalogue of `community_id` as the answer to read them all.
fn whole<'c>(conn: &'c mut SqliteConnection, community_id: &'c str) -> Loading<'c> {
    Box::pin(async move {
        let items = load(conn, community_id, None).await?;
        Published::of(&Items { items })
    })
}

/// Service `id` of `community_id`; 404 when it has none.
pub async fn one(pool: &SqlitePool, community_id: &str, id: &str) -> Result<Service, ApiError> {
    let mut conn = pool.acquire().await?;
    super::only(load(&mut conn, community_id, Some(id)).await?)
}

/// The catalogue of `community_id` (only `only_service` where given), in posted order.
async fn load(
    conn: &mut SqliteConnection,
    community_id: &str,
    only_service: Option<&str>,
) -> Result<Vec<Service>, ApiError> {
    let rows: Vec<ServiceRow> = sqlx::query_as(
        "SELECT id, code, name, category, kind, description, sla_hours, fields, active, updated_at
         FROM services WHERE community_id = ? AND (? IS NULL OR id = ?) ORDER BY position, code",
    )
    .bind(community_id)
    .bind(only_service)
    .bind(only_service)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(Service::try_from).collect()
}
