//! An admin writes the catalogue: a service is created or replaced whole by id
//! ([`super::put`]), and retired (`active: false`) rather than removed, because old orders
//! still name it.

use std::collections::HashSet;

use serde::Deserialize;
use sqlx::SqlitePool;
use yizhan_core::model::{Field, FieldType, Service, ServiceKind};
use yizhan_core::validation::{DESCRIPTION_MAX, TITLE_MAX};

use super::put::{Record, Table};
use crate::checks::Problems;
use crate::clock;
use crate::error::ApiError;
use crate::stored::to_json;

const CODE_MAX: usize = 20;
const FIELDS_MAX: usize = 30;
/// A year: longer promises are not service levels.
const SLA_HOURS_MAX: u32 = 24 * 366;

/// A service as GET returns it; `id` and `updated_at` may come back and are ignored.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceBody {
    #[serde(default, rename = "id")]
    _id: Option<String>,
    #[serde(default, rename = "updated_at")]
    _updated_at: Option<String>,
    code: String,
    name: String,
    category: String,
    kind: ServiceKind,
    #[serde(default)]
    description: String,
    #[serde(default)]
    sla_hours: Option<u32>,
    #[serde(default)]
    fields: Vec<Field>,
    #[serde(default = "active_by_default")]
    active: bool,
}

fn active_by_default() -> bool {
    true
}

fn check(body: &ServiceBody) -> Result<(), ApiError> {
    let mut problems = Problems::default();
    problems.text("code", &body.code, 1, CODE_MAX);
    problems.text("name", &body.name, 1, TITLE_MAX);
    problems.text("category", &body.category, 1, TITLE_MAX);
    problems.text("description", &body.description, 0, DESCRIPTION_MAX);
    if body.sla_hours.is_some_and(|h| h == 0 || h > SLA_HOURS_MAX) {
        problems.add("sla_hours", "1 to 8784 hours, or null for no promise");
    }
    if body.fields.len() > FIELDS_MAX {
        problems.add("fields", "at most 30 fields");
    }
    let mut codes = HashSet::new();
    for (index, field) in body.fields.iter().enumerate() {
        let at = |member: &str| format!("fields[{index}].{member}");
        problems.text(at("code"), &field.code, 1, CODE_MAX);
        if !codes.insert(field.code.trim()) {
            problems.add(at("code"), "used by another field of this service");
        }
        problems.text(at("label"), &field.label, 1, TITLE_MAX);
        let choice = matches!(field.datatype, FieldType::Single | FieldType::Multi);
        if choice && field.options.is_empty() {
            problems.add(at("options"), "a choice needs at least one option");
        }
        if !choice && !field.options.is_empty() {
            problems.add(at("options"), "only single and multi fields have options");
        }
        let mut keys = HashSet::new();
        for (n, option) in field.options.iter().enumerate() {
            problems.text(
                format!("{}[{n}].key", at("options")),
                &option.key,
                1,
                CODE_MAX,
            );
            problems.text(
                format!("{}[{n}].label", at("options")),
                &option.label,
                1,
                TITLE_MAX,
            );
            if !keys.insert(option.key.trim()) {
                problems.add(format!("{}[{n}].key", at("options")), "used twice");
            }
        }
    }
    problems.finish()
}

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
        check(body)?;
        let code_taken: Option<String> = sqlx::query_scalar(
            "SELECT id FROM services WHERE community_id = ? AND code = ? AND id <> ?",
        )
        .bind(community_id)
        .bind(body.code.trim())
        .bind(id)
        .fetch_optional(pool)
        .await?;
        if code_taken.is_some() {
            return Err(ApiError::field("code", "used by another service"));
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
