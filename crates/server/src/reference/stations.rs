//! The community's service stations as residents read them, with opening hours (and the
//! dates whose hours differ) and amenities, in the order the admin posted them.

use std::sync::Arc;

use sqlx::{SqliteConnection, SqlitePool};
use yizhan_core::model::{Items, Station};

use super::cache::{Cache, Loading, Published, Whole};

use crate::clock;
use crate::error::ApiError;
use crate::stored::from_json;

#[derive(sqlx::FromRow)]
struct StationRow {
    id: String,
    name: String,
    address: String,
    lat: Option<f64>,
    lng: Option<f64>,
    phone: String,
    open_hours: String,
    amenities: String,
    exceptions: String,
    updated_at: i64,
}

impl TryFrom<StationRow> for Station {
    type Error = ApiError;

    fn try_from(row: StationRow) -> Result<Station, ApiError> {
        Ok(Station {
            id: row.id,
            name: row.name,
            address: row.address,
            lat: row.lat,
            lng: row.lng,
            phone: row.phone,
            open_hours: from_json(&row.open_hours)?,
            amenities: from_json(&row.amenities)?,
            exceptions: from_json(&row.exceptions)?,
            updated_at: clock::rfc3339(row.updated_at),
        })
    }
}

/// Every station of `community_id` as `GET /stations` answers it: read, serialised and
/// tagged once, and kept while no station changes ([`Cache`]).
pub async fn published(
    pool: &SqlitePool,
    cache: &Cache,
    community_id: &str,
) -> Result<Arc<Published>, ApiError> {
    cache
        .get_or_load(pool, Whole::Stations, community_id, whole)
        .await
}

/// Every station of `community_id` as the answer to read them all.
fn whole<'c>(conn: &'c mut SqliteConnection, community_id: &'c str) -> Loading<'c> {
    Box::pin(async move {
        let items = load(conn, community_id, None).await?;
        Published::of(&Items { items })
    })
}

/// Station `id` of `community_id`; 404 when it has none.
pub async fn one(pool: &SqlitePool, community_id: &str, id: &str) -> Result<Station, ApiError> {
    let mut conn = pool.acquire().await?;
    super::only(load(&mut conn, community_id, Some(id)).await?)
}

/// The stations of `community_id` (only `only_station` where given), in posted order.
async fn load(
    conn: &mut SqliteConnection,
    community_id: &str,
    only_station: Option<&str>,
) -> Result<Vec<Station>, ApiError> {
    let rows: Vec<StationRow> = sqlx::query_as(
        "SELECT id, name, address, lat, lng, phone, open_hours, amenities, exceptions, updated_at
         FROM stations WHERE community_id = ? AND (? IS NULL OR id = ?) ORDER BY position, id",
    )
    .bind(community_id)
    .bind(only_station)
    .bind(only_station)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(Station::try_from).collect()
}
