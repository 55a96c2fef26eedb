//! `/orders`: create by the client's UUID, read one, list by cursor; admins delete (an
//! extension of the contract that leaves a tombstone).

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use crate::http::canonical;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{NewOrder, Order, Page, Role, TransitionRequest};

use crate::error::ApiError;
use crate::http::extract::{AfterCursor, Caller, JsonBody};
use crate::http::openapi::problems;
use crate::orders::{self, create::Created, Viewer};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(one, create, delete))
        .routes(routes!(transition))
}

/// An order with its version as the ETag, for `If-Match` on transitions.
fn with_version(status: StatusCode, order: Order) -> Response {
    let etag = HeaderValue::from_str(&format!("\"{}\"", order.version));
    let mut response = (status, Json(order)).into_response();
    if let Ok(etag) = etag {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response
}

#[utoipa::path(
    put,
    path = "/orders/{id}",
    tag = "orders",
    description = "Create an order with the client's UUID: 201 the first time, 200 with the stored order for the same body again, 409 for another body. Extension (issue 17): grid workers, dispatchers and admins file for a resident with `on_behalf_of` {phone, name?, consent} and `channel` (phone, visit, counter), both or neither (403 for anyone else): the order is the resident's (an account made with their consent when the number has none, else 422 at `on_behalf_of.consent`), `filed_by` names the filer, who sees it as the owner does and may confirm it with a note.",
    request_body = NewOrder,
    params(("id" = String, Path, description = "The resource id")),
    responses(
        (status = 201, body = Order),
        (status = 200, body = Order),
        problems::SignInFirst,
        problems::Conflict,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> Result<Response, ApiError> {
    let fingerprint = canonical::fingerprint(&body);
    let order = NewOrder::deserialize(&body).map_err(|e| ApiError::field("body", e.to_string()))?;
    Ok(
        match state
            .creates
            .create(&caller.user, &id, &fingerprint, order)
            .await?
        {
            Created::New(order) => with_version(StatusCode::CREATED, order),
            Created::Existing(order) => with_version(StatusCode::OK, order),
        },
    )
}

#[utoipa::path(
    get,
    path = "/orders/{id}",
    tag = "orders",
    description = "One order with its timeline; its version is the ETag.",
    params(("id" = String, Path, description = "The resource id")),
    responses(
        (status = 200, body = Order),
        problems::SignInFirst,
        problems::NotFound
    ),
    security(("bearer" = []))
)]
async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let viewer = Viewer { user: &caller.user };
    let order = orders::one(state.db.pool(), &viewer, &id).await?;
    Ok(with_version(StatusCode::OK, order))
}

#[utoipa::path(
    delete,
    path = "/orders/{id}",
    tag = "orders",
    description = "Admins (extension): delete an order; its content is wiped and a tombstone stays for devices.",
    params(("id" = String, Path, description = "The resource id")),
    responses(
        (status = 200, body = Order),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound
    ),
    security(("bearer" = []))
)]
async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    caller.require_any(&[Role::Admin])?;
    let viewer = Viewer { user: &caller.user };
    let tombstone = orders::delete(state.db.pool(), &viewer, &id).await?;
    Ok(with_version(StatusCode::OK, tombstone))
}

#[utoipa::path(
    get,
    path = "/orders",
    tag = "orders",
    description = "The orders the caller sees, in the order their changes were committed (updated_at never goes down along it); `since` resumes exactly after the last item. `deleted:true` items are tombstones to drop.",
    params(AfterCursor),
    responses(
        (status = 200, body = Page<Order>),
        problems::SignInFirst,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<AfterCursor>,
) -> Result<Json<Page<Order>>, ApiError> {
    let viewer = Viewer { user: &caller.user };
    let (since, limit) = (query.since.as_deref(), query.limit.as_deref());
    Ok(Json(
        orders::list(state.db.pool(), &viewer, since, limit).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/orders/{id}/transitions",
    tag = "orders",
    description = "One step of the lifecycle, with If-Match: \"<version>\"; a transition id seen before answers the stored result.",
    request_body = TransitionRequest,
    params(("id" = String, Path, description = "The order id"), ("If-Match" = String, Header, description = "The version the client saw, quoted")),
    responses(
        (status = 200, body = Order),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound,
        problems::Conflict,
        problems::VersionMismatch,
        problems::Invalid,
        problems::IfMatchMissing
    ),
    security(("bearer" = []))
)]
async fn transition(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<TransitionRequest>,
) -> Result<Response, ApiError> {
    let viewer = Viewer { user: &caller.user };
    let if_match = headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok());
    let order = orders::transition(state.db.pool(), &viewer, &id, if_match, request).await?;
    Ok(with_version(StatusCode::OK, order))
}
