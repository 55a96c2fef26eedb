//! The community's grids as residents read them, each with its posted contacts in the
//! order the admin listed them.

use std::sync::Arc;

use sqlx::{SqliteConnection, SqlitePool};
use yizhan_core::model::{Contact, Grid, Items};

use super::cache::{Cache, Loading, Published, Whole};

use crate::clock;
use crate::error::ApiError;
use crate::stored::parse_enum;

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
async fn load(
    conn: &mut SqliteConnection,
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
    .fetch_all(&mut *conn)
    .await?;
    let contacts: Vec<ContactRow> = sqlx::query_as(
        "SELECT c.grid_id, c.id, c.name, c.role, c.title, c.phone, c.wechat, c.duty_hours, c.note
         FROM contacts c JOIN grids g ON g.id = c.grid_id
         WHERE g.community_id = ? AND (? IS NULL OR g.id = ?) ORDER BY c.grid_id, c.position",
    )
    .bind(community_id)
    .bind(only_grid)
    .bind(only_grid)
    .fetch_all(&mut *conn)
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

/// Every grid of `community_id` with its contacts as `GET /grids` answers it: read,
/// serialised and tagged once, and kept while no grid or contact changes ([`Cache`]).
pub async fn published(
    pool: &SqlitePool,
    cache: &Cache,
    community_id: &str,
) -> Result<Arc<Published>, ApiError> {
    cache
        .get_or_load(pool, Whole::Grids, community_id, whole)
        .await
}

/// Every grid with its contacts of `community_id` as the answer to read them all.
fn whole<'c>(conn: &'c mut SqliteConnection, community_id: &'c str) -> Loading<'c> {
    Box::pin(async move {
        let items = load(conn, community_id, None).await?;
        Published::of(&Items { items })
    })
}

/// Grid `id` of `community_id`; 404 when it has none.
pub async fn one(pool: &SqlitePool, community_id: &str, id: &str) -> Result<Grid, ApiError> {
    let mut conn = pool.acquire().await?;
    super::only(load(&mut conn, community_id, Some(id)).await?)
}
