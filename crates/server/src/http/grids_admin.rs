//! `PUT /grids/{id}` (admins): a grid with its posted contacts, replaced whole in one
//! transaction so residents never see half a contact list.

use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::Grid;

use crate::http::put_by_id::put_by_id_handler;
use crate::reference::grids_admin::{GridBody, Grids};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(replace))
}

put_by_id_handler!(
    "/grids/{id}",
    "Admins: create (201) or replace (200) a grid, contacts inline and replaced whole.",
    Grids,
    GridBody,
    Grid
);
