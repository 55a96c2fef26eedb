//! The one admin `PUT` of reference data by id (services, grids, stations): only admins
//! may, and it answers 201 with the record when the PUT made it, 200 when it replaced one.
//! The flow itself is [`crate::reference::put`]; [`put_by_id_handler!`] writes the handler
//! and its OpenAPI description, which differ by resource only in names.

use axum::http::StatusCode;
use axum::Json;
use yizhan_core::model::Role;

use crate::error::ApiError;
use crate::http::extract::Caller;
use crate::reference::put::{create_or_replace, Put, Record};
use crate::AppState;

pub(crate) async fn put_by_id<R: Record>(
    state: &AppState,
    caller: &Caller,
    id: &str,
    body: R::Body,
) -> Result<(StatusCode, Json<R::Answer>), ApiError> {
    caller.require_any(&[Role::Admin])?;
    let put = create_or_replace::<R>(state.db.pool(), &caller.user.community_id, id, body).await?;
    Ok(match put {
        Put::Created(record) => (StatusCode::CREATED, Json(record)),
        Put::Replaced(record) => (StatusCode::OK, Json(record)),
    })
}

/// `async fn replace`, the handler of `PUT $path` for the [`Record`] `$record`, which
/// takes a `$body` and answers a `$answer`. (`tt` and `ident` fragments, because utoipa
/// reads the tokens they stand for.)
// Skipped by rustfmt, which indents an attribute inside a macro further on every run.
#[rustfmt::skip]
macro_rules! put_by_id_handler {
    ($path:tt, $description:tt, $record:ident, $body:ident, $answer:ident) => {
        #[utoipa::path(
            put,
            path = $path,
            tag = "administration",
            description = $description,
            request_body = $body,
            params(("id" = String, Path, description = "The resource id")),
            responses(
                (status = 200, body = $answer),
                (status = 201, body = $answer),
                crate::http::openapi::problems::SignInFirst,
                crate::http::openapi::problems::NotYourRole,
                crate::http::openapi::problems::Invalid
            ),
            security(("bearer" = []))
        )]
        async fn replace(
            axum::extract::State(state): axum::extract::State<crate::AppState>,
            caller: crate::http::extract::Caller,
            axum::extract::Path(id): axum::extract::Path<String>,
            crate::http::extract::JsonBody(body): crate::http::extract::JsonBody<$body>,
        ) -> Result<(axum::http::StatusCode, axum::Json<$answer>), crate::error::ApiError> {
            crate::http::put_by_id::put_by_id::<$record>(&state, &caller, &id, body).await
        }
    };
}
pub(crate) use put_by_id_handler;
