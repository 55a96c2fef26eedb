//! `/stations`: the community's service stations, with opening hours and amenities.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use sqlx::SqlitePool;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Items, Station};

use crate::error::ApiError;
use crate::http::etag::json_with_etag;
use crate::http::extract::Caller;
use crate::http::openapi::problems;
use crate::stored::from_json;
use crate::{clock, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(stations))
}

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
            updated_at: clock::rfc3339(row.updated_at),
        })
    }
}

/// The stations of `community_id` (only `only_station` where given), in posted order.
pub(crate) async fn load(
    pool: &SqlitePool,
    community_id: &str,
    only_station: Option<&str>,
) -> Result<Vec<Station>, ApiError> {
    let rows: Vec<StationRow> = sqlx::query_as(
        "SELECT id, name, address, lat, lng, phone, open_hours, amenities, updated_at
         FROM stations WHERE community_id = ? AND (? IS NULL OR id = ?) ORDER BY position, id",
    )
    .bind(community_id)
    .bind(only_station)
    .bind(only_station)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(Station::try_from).collect()
}

#[utoipa::path(
    get,
    path = "/stations",
    tag = "reference data",
    description = "The community's stations with opening hours and amenities, with a strong ETag.",
    responses(
        (status = 200, body = Items<Station>),
        (status = 304, description = "not modified"),
        problems::SignInFirst
    ),
    security(("bearer" = []))
)]
async fn stations(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let items = load(state.db.pool(), &caller.user.community_id, None).await?;
    json_with_etag(&headers, &Items { items })
}
