//! `/orders`: create by the client's UUID, read one, list by cursor; admins delete (an
//! extension of the contract that leaves a tombstone).

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use yizhan_core::model::{NewOrder, Order, Page, TransitionRequest};

use crate::error::ApiError;
use crate::http::extract::{Caller, JsonBody};
use crate::orders::{self, create::Created, read, Viewer};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/orders", get(list))
        .route("/orders/{id}", get(one).put(create).delete(delete))
        .route("/orders/{id}/transitions", post(transition))
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

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(order): JsonBody<NewOrder>,
) -> Result<Response, ApiError> {
    let viewer = Viewer { user: &caller.user };
    Ok(
        match orders::create(state.db.pool(), &viewer, &id, order).await? {
            Created::New(order) => with_version(StatusCode::CREATED, order),
            Created::Existing(order) => with_version(StatusCode::OK, order),
        },
    )
}

async fn one(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let viewer = Viewer { user: &caller.user };
    let order = orders::visible(state.db.pool(), &viewer, &id).await?;
    Ok(with_version(StatusCode::OK, order))
}

async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    caller.require_any(&["admin"])?;
    let viewer = Viewer { user: &caller.user };
    let tombstone = orders::delete(state.db.pool(), &viewer, &id).await?;
    Ok(with_version(StatusCode::OK, tombstone))
}

#[derive(Deserialize)]
struct ListQuery {
    since: Option<String>,
    limit: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ListQuery>,
) -> Result<Json<Page<Order>>, ApiError> {
    let limit = match query.limit.as_deref() {
        None => read::DEFAULT_LIMIT,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=read::MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                ApiError::field(
                    "limit",
                    format!("a whole number from 1 to {}", read::MAX_LIMIT),
                )
            })?,
    };
    let viewer = Viewer { user: &caller.user };
    let page = orders::list(state.db.pool(), &viewer, query.since.as_deref(), limit).await?;
    Ok(Json(page))
}

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
