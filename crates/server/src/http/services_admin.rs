//! Writing the catalogue (admins): `PUT /services/{id}` creates or replaces a service;
//! `DELETE` retires it (`active: false`), because old orders still name it.

use std::collections::HashSet;
use utoipa_axum::{router::OpenApiRouter, routes};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use yizhan_core::model::{Field, FieldType, Role, Service, ServiceKind};
use yizhan_core::validation::{DESCRIPTION_MAX, TITLE_MAX};

use crate::error::ApiError;
use crate::http::checks::{
    check_admin_id, created_or_replaced, exists_here, only, Problems, Table,
};
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::http::services::load;
use crate::stored::to_json;
use crate::{clock, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(replace, retire))
}

const CODE_MAX: usize = 20;
const FIELDS_MAX: usize = 30;
/// A year: longer promises are not service levels.
const SLA_HOURS_MAX: u32 = 24 * 366;

/// A service as GET returns it; `id` and `updated_at` may come back and are ignored.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ServiceBody {
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

#[utoipa::path(
    put,
    path = "/services/{id}",
    tag = "administration",
    description = "Admins: create (201) or replace (200) a service.",
    request_body = ServiceBody,
    params(("id" = String, Path, description = "The resource id")),
    responses(
        (status = 200, body = Service),
        (status = 201, body = Service),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn replace(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ServiceBody>,
) -> Result<(StatusCode, Json<Service>), ApiError> {
    caller.require_any(&[Role::Admin])?;
    check_admin_id(&id)?;
    check(&body)?;
    let community = &caller.user.community_id;
    let pool = state.db.pool();
    let fields = to_json(&body.fields)?;
    let code_taken: Option<String> = sqlx::query_scalar(
        "SELECT id FROM services WHERE community_id = ? AND code = ? AND id <> ?",
    )
    .bind(community)
    .bind(body.code.trim())
    .bind(&id)
    .fetch_optional(pool)
    .await?;
    if code_taken.is_some() {
        return Err(ApiError::field("code", "used by another service"));
    }
    let existed = exists_here(pool, Table::Services, &id, community).await?;
    // Insert-or-update in one statement: a concurrent PUT of the same id cannot fail on
    // the primary key, and `position` keeps a replaced service where it was listed.
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
    .bind(&id)
    .bind(community)
    .bind(community)
    .bind(body.code.trim())
    .bind(body.name.trim())
    .bind(body.category.trim())
    .bind(body.kind.as_str())
    .bind(body.description.trim())
    .bind(body.sla_hours)
    .bind(fields)
    .bind(body.active)
    .bind(clock::now())
    .execute(pool)
    .await?;
    let service = only(load(pool, community, Some(&id)).await?)?;
    Ok((created_or_replaced(existed), Json(service)))
}

#[utoipa::path(
    delete,
    path = "/services/{id}",
    tag = "administration",
    description = "Admins: retire a service (active: false); old orders keep naming it.",
    params(("id" = String, Path, description = "The resource id")),
    responses(
        (status = 200, body = Service),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound
    ),
    security(("bearer" = []))
)]
async fn retire(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Service>, ApiError> {
    caller.require_any(&[Role::Admin])?;
    let community = &caller.user.community_id;
    let pool = state.db.pool();
    let changed = sqlx::query(
        "UPDATE services SET active = 0, updated_at = MAX(?, updated_at + 1)
         WHERE id = ? AND community_id = ?",
    )
    .bind(clock::now())
    .bind(&id)
    .bind(community)
    .execute(pool)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    let service = only(load(pool, community, Some(&id)).await?)?;
    Ok(Json(service))
}
