//! The community's notices as everyone reads them: those showing today (in the
//! community's time zone), pinned first ([`yizhan_core::workbench::notices`] decides
//! which and in what order); and every notice, for the admins who edit them.

use std::sync::Arc;

use sqlx::{SqliteConnection, SqlitePool};
use yizhan_core::model::{Items, Notice};
use yizhan_core::workbench::notices::{showing, sort};

use super::cache::{Cache, Loading, Published, Whole};
use crate::clock;
use crate::error::ApiError;

#[derive(sqlx::FromRow)]
struct NoticeRow {
    id: String,
    title: String,
    body: String,
    starts_on: Option<String>,
    ends_on: Option<String>,
    pinned: bool,
    updated_at: i64,
}

impl From<NoticeRow> for Notice {
    fn from(row: NoticeRow) -> Notice {
        Notice {
            id: row.id,
            title: row.title,
            body: row.body,
            starts_on: row.starts_on,
            ends_on: row.ends_on,
            pinned: row.pinned,
            updated_at: clock::rfc3339_ms(row.updated_at),
        }
    }
}

/// Every notice of `community_id` (only `only` where given), in the board's order.
async fn load(
    conn: &mut SqliteConnection,
    community_id: &str,
    only: Option<&str>,
) -> Result<Vec<Notice>, ApiError> {
    let rows: Vec<NoticeRow> = sqlx::query_as(
        "SELECT id, title, body, starts_on, ends_on, pinned, updated_at FROM notices
         WHERE community_id = ? AND (? IS NULL OR id = ?)",
    )
    .bind(community_id)
    .bind(only)
    .bind(only)
    .fetch_all(conn)
    .await?;
    let mut notices: Vec<Notice> = rows.into_iter().map(Notice::from).collect();
    sort(&mut notices);
    Ok(notices)
}

/// Every notice of `community_id`, past and future ones too, in the board's order.
pub async fn all_of(
    conn: &mut SqliteConnection,
    community_id: &str,
) -> Result<Vec<Notice>, ApiError> {
    load(conn, community_id, None).await
}

/// Every notice, for `GET /notices?all=true`.
pub async fn all(pool: &SqlitePool, community_id: &str) -> Result<Items<Notice>, ApiError> {
    let items = all_of(&mut *pool.acquire().await?, community_id).await?;
    Ok(Items { items })
}

/// Notice `id` of `community_id`, whatever its dates; 404 when there is none.
pub async fn one(pool: &SqlitePool, community_id: &str, id: &str) -> Result<Notice, ApiError> {
    let mut conn = pool.acquire().await?;
    super::only(load(&mut conn, community_id, Some(id)).await?)
}

/// The notices showing today as `GET /notices` answers them, kept while no notice
/// changes and the day does not ([`Cache`]).
pub async fn published(
    pool: &SqlitePool,
    cache: &Cache,
    community_id: &str,
) -> Result<Arc<Published>, ApiError> {
    cache
        .get_or_load(pool, Whole::Notices, community_id, whole)
        .await
}

fn whole<'c>(conn: &'c mut SqliteConnection, community_id: &'c str) -> Loading<'c> {
    Box::pin(async move {
        let items = showing(&all_of(conn, community_id).await?, clock::today());
        Published::of(&Items { items })
    })
}
