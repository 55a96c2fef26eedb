//! Writing the catalogue (admins): `PUT /services/{id}` creates or replaces a service;
//! `DELETE` retires it (`active: false`), because old orders still name it; `PUT
//! /service-order` lists it in the order residents see.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Role, Service};

use crate::error::ApiError;
use crate::http::extract::Caller;
use crate::http::openapi::problems;
use crate::http::put_by_id::put_by_id_handler;
use crate::reference::services_admin::{self, ServiceBody, Services};
use crate::AppState;
use yizhan_core::workbench::services::ServiceOrder;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(replace, retire))
        .routes(routes!(reorder))
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

#[utoipa::path(
    put,
    path = "/service-order",
    tag = "administration",
    description = "Extension, admins: the order of the catalogue. The services listed come first, in that order; the others follow as they were. 422 at `ids` for none, more than 500, one twice, or one the community has no service by. Answers 204; GET /services lists them so.",
    request_body = ServiceOrder,
    responses(
        (status = 204, description = "The catalogue is in that order"),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn reorder(
    State(state): State<AppState>,
    caller: Caller,
    crate::http::extract::JsonBody(order): crate::http::extract::JsonBody<ServiceOrder>,
) -> Result<StatusCode, ApiError> {
    caller.require_any(&[Role::Admin])?;
    services_admin::reorder(state.db.pool(), &caller.user.community_id, &order).await?;
    Ok(StatusCode::NO_CONTENT)
}
