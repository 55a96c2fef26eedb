//! `/notices` (extension, issue 17): the notices showing today, for everyone signed in;
//! every notice and their writes, for admins.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Items, Notice, Role};

use crate::error::ApiError;
use crate::http::etag::{json_with_etag, published};
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::reference::notices;
use crate::reference::notices_admin::{self, NoticeBody};
use crate::reference::put::Put;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(board))
        .routes(routes!(replace, remove))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Board {
    /// `true` (admins only): every notice, past and future ones too, for editing.
    all: Option<String>,
}

#[utoipa::path(
    get,
    path = "/notices",
    tag = "reference data",
    description = "Extension: the notices showing today in the community's time zone, pinned first, then the newest (starts_on, else updated_at), with a strong ETag (If-None-Match answers 304). `?all=true` (admins): every notice, past and future ones too.",
    params(Board),
    responses(
        (status = 200, body = Items<Notice>),
        (status = 304, description = "not modified"),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn board(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<Board>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let pool = state.db.pool();
    let community_id = &caller.user.community_id;
    match query.all.as_deref() {
        None | Some("false") => {
            let board = notices::published(pool, &state.reference, community_id).await?;
            published(&headers, &board)
        }
        Some("true") => {
            caller.require_any(&[Role::Admin])?;
            json_with_etag(&headers, &notices::all(pool, community_id).await?)
        }
        Some(_) => Err(ApiError::field("all", "true or false")),
    }
}

#[utoipa::path(
    put,
    path = "/notices/{id}",
    tag = "administration",
    description = "Extension, admins: create (201) or replace (200) a notice. Title 1-60 characters, body at most 2000, dates YYYY-MM-DD (community dates, both included) with ends_on not before starts_on.",
    request_body = NoticeBody,
    params(("id" = String, Path, description = "The notice id: 1 to 64 letters, digits, - or _")),
    responses(
        (status = 200, body = Notice),
        (status = 201, body = Notice),
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
    JsonBody(body): JsonBody<NoticeBody>,
) -> Result<(StatusCode, Json<Notice>), ApiError> {
    caller.require_any(&[Role::Admin])?;
    let pool = state.db.pool();
    Ok(
        match notices_admin::put(pool, &caller.user.community_id, &id, body).await? {
            Put::Created(notice) => (StatusCode::CREATED, Json(notice)),
            Put::Replaced(notice) => (StatusCode::OK, Json(notice)),
        },
    )
}

#[utoipa::path(
    delete,
    path = "/notices/{id}",
    tag = "administration",
    description = "Extension, admins: remove a notice.",
    params(("id" = String, Path, description = "The notice id")),
    responses(
        (status = 204, description = "removed"),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound
    ),
    security(("bearer" = []))
)]
async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    caller.require_any(&[Role::Admin])?;
    notices_admin::remove(state.db.pool(), &caller.user.community_id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
