//! `/grids` and `/grids/{id}`: the community's grids with their posted contacts.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use sqlx::SqlitePool;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Contact, Grid, Items};

use crate::error::{ApiError, Problem};
use crate::http::checks::only;
use crate::http::etag::json_with_etag;
use crate::http::extract::Caller;
use crate::stored::parse_enum;
use crate::{clock, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(all_grids))
        .routes(routes!(one_grid))
}

#[derive(sqlx::FromRow)]
struct ContactRow {
    grid_id: String,
    id: String,
    name: String,
    role: String,
    title: String,
    phone: String,
    wechat: Option<String>,
    duty_hours: Option<String>,
    note: Option<String>,
}

/// The grids of `community_id` (only `only_grid` where given), contacts in posted order.
pub(crate) async fn load(
    pool: &SqlitePool,
    community_id: &str,
    only_grid: Option<&str>,
) -> Result<Vec<Grid>, ApiError> {
    let grids: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT id, name, area, updated_at FROM grids
         WHERE community_id = ? AND (? IS NULL OR id = ?) ORDER BY position, id",
    )
    .bind(community_id)
    .bind(only_grid)
    .bind(only_grid)
    .fetch_all(pool)
    .await?;
    let contacts: Vec<ContactRow> = sqlx::query_as(
        "SELECT c.grid_id, c.id, c.name, c.role, c.title, c.phone, c.wechat, c.duty_hours, c.note
         FROM contacts c JOIN grids g ON g.id = c.grid_id
         WHERE g.community_id = ? AND (? IS NULL OR g.id = ?) ORDER BY c.grid_id, c.position",
    )
    .bind(community_id)
    .bind(only_grid)
    .bind(only_grid)
    .fetch_all(pool)
    .await?;
    grids
        .into_iter()
        .map(|(id, name, area, updated_at)| {
            let contacts = contacts
                .iter()
                .filter(|c| c.grid_id == id)
                .map(|c| {
                    Ok(Contact {
                        id: c.id.clone(),
                        name: c.name.clone(),
                        role: parse_enum(&c.role)?,
                        title: c.title.clone(),
                        phone: c.phone.clone(),
                        wechat: c.wechat.clone(),
                        duty_hours: c.duty_hours.clone(),
                        note: c.note.clone(),
                    })
                })
                .collect::<Result<_, ApiError>>()?;
            Ok(Grid {
                id,
                name,
                area,
                contacts,
                updated_at: clock::rfc3339(updated_at),
            })
        })
        .collect()
}

#[utoipa::path(
    get,
    path = "/grids",
    tag = "reference data",
    description = "Every grid of the community with its posted contacts, with a strong ETag.",
    responses(
        (status = 200, body = Items<Grid>),
        (status = 304, description = "not modified"),
        (status = 401, description = "sign in first", body = Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
async fn all_grids(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let items = load(state.db.pool(), &caller.user.community_id, None).await?;
    json_with_etag(&headers, &Items { items })
}

#[utoipa::path(
    get,
    path = "/grids/{id}",
    tag = "reference data",
    description = "One grid with its contacts, with a strong ETag.",
    params(("id" = String, Path, description = "The resource id")),
    responses(
        (status = 200, body = Grid),
        (status = 304, description = "not modified"),
        (status = 401, description = "sign in first", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such resource", body = Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
async fn one_grid(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let grid = only(load(state.db.pool(), &caller.user.community_id, Some(&id)).await?)?;
    json_with_etag(&headers, &grid)
}
