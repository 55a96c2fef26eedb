//! An admin writes a station whole by id ([`super::put`]): its address, phone, opening
//! hours and amenities.

use serde::Deserialize;
use sqlx::SqlitePool;
use yizhan_core::model::{Amenity, OpenHours, Station};
use yizhan_core::opening::check_open_hours;
use yizhan_core::validation::{ADDRESS_MAX, TITLE_MAX};

use super::put::{Record, Table};
use crate::checks::Problems;
use crate::clock;
use crate::error::ApiError;
use crate::stored::to_json;

const PERIODS_MAX: usize = 21;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StationBody {
    #[serde(default, rename = "id")]
    _id: Option<String>,
    #[serde(default, rename = "updated_at")]
    _updated_at: Option<String>,
    name: String,
    address: String,
    #[serde(default)]
    lat: Option<f64>,
    #[serde(default)]
    lng: Option<f64>,
    phone: String,
    #[serde(default)]
    open_hours: Vec<OpenHours>,
    #[serde(default)]
    amenities: Vec<Amenity>,
}

fn check(body: &StationBody) -> Result<(), ApiError> {
    let mut problems = Problems::default();
    problems.text("name", &body.name, 1, TITLE_MAX);
    problems.text("address", &body.address, 1, ADDRESS_MAX);
    problems.dialable("phone", &body.phone);
    if body.lat.is_some_and(|lat| !(-90.0..=90.0).contains(&lat)) {
        problems.add("lat", "a latitude from -90 to 90");
    }
    if body.lng.is_some_and(|lng| !(-180.0..=180.0).contains(&lng)) {
        problems.add("lng", "a longitude from -180 to 180");
    }
    if body.lat.is_some() != body.lng.is_some() {
        problems.add("lng", "give both lat and lng, or neither");
    }
    if body.open_hours.len() > PERIODS_MAX {
        problems.add("open_hours", "at most 21 periods");
    }
    for (index, period) in body.open_hours.iter().enumerate() {
        if let Some(message) = check_open_hours(period) {
            problems.add(format!("open_hours[{index}]"), message);
        }
    }
    problems.finish()
}

/// A station, as an admin puts it by id.
pub struct Stations;

impl Record for Stations {
    type Body = StationBody;
    type Answer = Station;
    const TABLE: Table = Table::Stations;

    async fn check(_: &SqlitePool, _: &str, _: &str, body: &StationBody) -> Result<(), ApiError> {
        check(body)
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
                                   open_hours, amenities, updated_at)
             VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM stations WHERE community_id = ?),
                     ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address,
                 lat = excluded.lat, lng = excluded.lng, phone = excluded.phone,
                 open_hours = excluded.open_hours, amenities = excluded.amenities,
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
        .bind(clock::now())
        .execute(pool)
        .await?;
        Ok(())
    }

    async fn read(pool: &SqlitePool, community_id: &str, id: &str) -> Result<Station, ApiError> {
        super::stations::one(pool, community_id, id).await
    }
}
