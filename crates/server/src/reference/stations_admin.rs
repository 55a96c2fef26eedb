//! An admin writes a station whole by id ([`super::put`]): its address, phone, opening
//! hours, the dates whose hours differ, and amenities.

use sqlx::SqlitePool;
use yizhan_core::model::{DatedHours, Station};
pub use yizhan_core::workbench::stations::StationBody;

use super::put::{Record, Table};
use crate::clock;
use crate::error::ApiError;
use crate::stored::to_json;

/// Dated exceptions as stored: dates, times and notes without the spaces around them.
fn trimmed(exceptions: Vec<DatedHours>) -> Vec<DatedHours> {
    exceptions
        .into_iter()
        .map(|e| DatedHours {
            from: e.from.trim().to_string(),
            until: e.until.map(|u| u.trim().to_string()),
            hours: e.hours,
            note: e.note.trim().to_string(),
        })
        .collect()
}

/// A station, as an admin puts it by id.
pub struct Stations;

impl Record for Stations {
    type Body = StationBody;
    type Answer = Station;
    const TABLE: Table = Table::Stations;

    async fn check(_: &SqlitePool, _: &str, _: &str, body: &StationBody) -> Result<(), ApiError> {
        ApiError::unless_valid(yizhan_core::workbench::stations::check(body))
    }

    async fn write(
        pool: &SqlitePool,
        community_id: &str,
        id: &str,
        mut body: StationBody,
    ) -> Result<(), ApiError> {
        // Amenities are a set: stored once each, in one order, whatever order they came in.
        body.amenities.sort_by_key(|amenity| *amenity as u8);
        body.amenities.dedup();
        sqlx::query(
            "INSERT INTO stations (id, community_id, position, name, address, lat, lng, phone,
                                   open_hours, amenities, exceptions, updated_at)
             VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM stations WHERE community_id = ?),
                     ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address,
                 lat = excluded.lat, lng = excluded.lng, phone = excluded.phone,
                 open_hours = excluded.open_hours, amenities = excluded.amenities,
                 exceptions = excluded.exceptions,
                 updated_at = MAX(excluded.updated_at, stations.updated_at + 1)",
        )
        .bind(id)
        .bind(community_id)
        .bind(community_id)
        .bind(body.name.trim())
        .bind(body.address.trim())
        .bind(body.lat)
        .bind(body.lng)
        .bind(body.phone.trim())
        .bind(to_json(&body.open_hours)?)
        .bind(to_json(&body.amenities)?)
        .bind(to_json(&trimmed(body.exceptions))?)
        .bind(clock::now())
        .execute(pool)
        .await?;
        Ok(())
    }

    async fn read(pool: &SqlitePool, community_id: &str, id: &str) -> Result<Station, ApiError> {
        super::stations::one(pool, community_id, id).await
    }
}
