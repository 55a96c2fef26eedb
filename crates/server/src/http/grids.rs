//! `/grids` and `/grids/{id}`: the community's grids with their posted contacts.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use sqlx::SqlitePool;
use yizhan_core::model::{Contact, Grid, Items};

use crate::error::ApiError;
use crate::http::etag::json_with_etag;
use crate::http::extract::Caller;
use crate::http::stored::parse_enum;
use crate::{clock, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/grids", get(all_grids))
        .route("/grids/{id}", get(one_grid))
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

async fn all_grids(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let items = load(state.db.pool(), &caller.user.community_id, None).await?;
    json_with_etag(&headers, &Items { items })
}

async fn one_grid(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let grid = load(state.db.pool(), &caller.user.community_id, Some(&id))
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?;
    json_with_etag(&headers, &grid)
}
