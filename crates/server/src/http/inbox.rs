//! `/inbox` (extension, issue 18): what the caller was told, pulled after a cursor with
//! the sync, and marked read on all of their devices.

use axum::extract::{Query, State};
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::inbox::{InboxPage, ReadBody, Unread};

use crate::error::ApiError;
use crate::http::extract::{AfterCursor, Caller, JsonBody};
use crate::http::openapi::problems;
use crate::inbox;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(read))
}

#[utoipa::path(
    get,
    path = "/inbox",
    tag = "inbox",
    description = "Extension: what the caller was told, oldest first, after `since`: new items, and items read since on any of their devices. Residents are told when their order is dispatched, accepted, done (please confirm) or rejected (with the reason); volunteers when an order is sent to them; dispatchers of a new service order and of a decline (with the reason). Nobody is told of their own act, or of an order they may not see; one event tells a person once, however often it was sent.",
    params(AfterCursor),
    responses(
        (status = 200, body = InboxPage),
        problems::SignInFirst,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(after): Query<AfterCursor>,
) -> Result<Json<InboxPage>, ApiError> {
    let page = inbox::page(
        state.db.pool(),
        &caller.user.id,
        after.since.as_deref(),
        after.limit.as_deref(),
    )
    .await?;
    Ok(Json(page))
}

#[utoipa::path(
    post,
    path = "/inbox/read",
    tag = "inbox",
    description = "Extension: the caller's items `ids` (1 to 200) read; their other devices pull them as read. Ids that are not the caller's, or read already, change nothing. Answers how many are still unread.",
    request_body = ReadBody,
    responses(
        (status = 200, body = Unread),
        problems::SignInFirst,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn read(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<ReadBody>,
) -> Result<Json<Unread>, ApiError> {
    Ok(Json(
        inbox::mark_read(state.db.pool(), &caller.user.id, &body).await?,
    ))
}
