//! `/services`: the community's whole catalogue, retired services included (old orders
//! still name them).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use sqlx::SqlitePool;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Items, Service};

use crate::error::ApiError;
use crate::http::etag::json_with_etag;
use crate::http::extract::Caller;
use crate::http::openapi::problems;
use crate::stored::{from_json, parse_enum};
use crate::{clock, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(catalogue))
}

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

/// The catalogue of `community_id` (only `only_service` where given), in posted order.
pub(crate) async fn load(
    pool: &SqlitePool,
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
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(Service::try_from).collect()
}

#[utoipa::path(
    get,
    path = "/services",
    tag = "reference data",
    description = "The whole catalogue, retired services included, with a strong ETag.",
    responses(
        (status = 200, body = Items<Service>),
        (status = 304, description = "not modified"),
        problems::SignInFirst
    ),
    security(("bearer" = []))
)]
async fn catalogue(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let items = load(state.db.pool(), &caller.user.community_id, None).await?;
    json_with_etag(&headers, &Items { items })
}
