//! `PUT /stations/{id}` (admins): a station with its opening hours and amenities.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Amenity, OpenHours, Role, Station};
use yizhan_core::opening::check_open_hours;
use yizhan_core::validation::{ADDRESS_MAX, TITLE_MAX};

use crate::error::ApiError;
use crate::http::checks::{
    check_admin_id, created_or_replaced, exists_here, only, Problems, Table,
};
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::http::stations::load;
use crate::stored::to_json;
use crate::{clock, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(replace))
}

const PERIODS_MAX: usize = 21;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct StationBody {
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

#[utoipa::path(
    put,
    path = "/stations/{id}",
    tag = "administration",
    description = "Admins: create (201) or replace (200) a station.",
    request_body = StationBody,
    params(("id" = String, Path, description = "The resource id")),
    responses(
        (status = 200, body = Station),
        (status = 201, body = Station),
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
    JsonBody(mut body): JsonBody<StationBody>,
) -> Result<(StatusCode, Json<Station>), ApiError> {
    caller.require_any(&[Role::Admin])?;
    check_admin_id(&id)?;
    check(&body)?;
    body.amenities.sort_by_key(|amenity| *amenity as u8);
    body.amenities.dedup();
    let community = &caller.user.community_id;
    let pool = state.db.pool();
    let open_hours = to_json(&body.open_hours)?;
    let amenities = to_json(&body.amenities)?;
    let existed = exists_here(pool, Table::Stations, &id, community).await?;
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
    .bind(&id)
    .bind(community)
    .bind(community)
    .bind(body.name.trim())
    .bind(body.address.trim())
    .bind(body.lat)
    .bind(body.lng)
    .bind(body.phone.trim())
    .bind(open_hours)
    .bind(amenities)
    .bind(clock::now())
    .execute(pool)
    .await?;
    let station = only(load(pool, community, Some(&id)).await?)?;
    Ok((created_or_replaced(existed), Json(station)))
}
