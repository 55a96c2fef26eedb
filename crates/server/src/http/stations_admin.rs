//! `PUT /stations/{id}` (admins): a station with its opening hours and amenities.

use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::Station;

use crate::http::put_by_id::put_by_id_handler;
use crate::reference::stations_admin::{StationBody, Stations};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(replace))
}

put_by_id_handler!(
    "/stations/{id}",
    "Admins: create (201) or replace (200) a station.",
    Stations,
    StationBody,
    Station
);
