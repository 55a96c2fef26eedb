//! Writing the catalogue (admins): `PUT /services/{id}` creates or replaces a service;
//! `DELETE` retires it (`active: false`), because old orders still name it.

use axum::extract::{Path, State};
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Role, Service};

use crate::error::ApiError;
use crate::http::extract::Caller;
use crate::http::openapi::problems;
use crate::http::put_by_id::put_by_id_handler;
use crate::reference::services_admin::{self, ServiceBody, Services};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(replace, retire))
}

put_by_id_handler!(
    "/services/{id}",
    "Admins: create (201) or replace (200) a service.",
    Services,
    ServiceBody,
    Service
);

#[utoipa::path(
    delete,
    path = "/services/{id}",
    tag = "administration",
    description = "Admins: retire a service (active: false); old orders keep naming it.",
    params(("id" = String, Path, description = "The resource id")),
    responses(
        (status = 200, body = Service),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound
    ),
    security(("bearer" = []))
)]
async fn retire(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Service>, ApiError> {
    caller.require_any(&[Role::Admin])?;
    let pool = state.db.pool();
    let service = services_admin::retire(pool, &caller.user.community_id, &id).await?;
    Ok(Json(service))
}
