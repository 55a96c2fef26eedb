//! `/inbox` (extension, issue 18): what the caller was told, pulled after a cursor with
//! the sync, and marked read on all of their devices.

use axum::extract::{Query, State};
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::inbox::{InboxPage, ReadBody, Unread};

use crate::error::ApiError;
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::inbox;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(read))
}

/// `?since=&limit=&wait=` of `GET /inbox`.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// The `next_cursor` of the page before; from the start without it.
    pub since: Option<String>,
    /// At most this many (1 to 200, default 50).
    pub limit: Option<String>,
    /// Seconds (1 to 25) to wait for something new when there is nothing after `since`
    /// yet: an open app hears at once instead of at its next sync (long polling). Held
    /// at most two seconds less than the server's request timeout.
    pub wait: Option<String>,
}

/// The most seconds a `GET /inbox?wait=` may ask for: under the server's request timeout
/// (30 s by default) and a proxy's usual minute.
const WAIT_MAX: u64 = 25;

#[utoipa::path(
    get,
    path = "/inbox",
    tag = "inbox",
    description = "Extension: what the caller was told, oldest first, after `since`: new items, and items read since on any of their devices. With `wait`, an empty answer is held up to that many seconds (at most 25) until something arrives: an open app hears within seconds. Residents are told when their order is dispatched, accepted, done (please confirm) or rejected (with the reason); volunteers when an order is sent to them; dispatchers of a new service order and of a decline (with the reason). Nobody is told of their own act, or of an order they may not see; one event tells a person once, however often it was sent.",
    params(InboxQuery),
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
    Query(query): Query<InboxQuery>,
) -> Result<Json<InboxPage>, ApiError> {
    let wait = match query.wait.as_deref() {
        None => 0,
        Some(text) => text
            .parse::<u64>()
            .ok()
            .filter(|seconds| (1..=WAIT_MAX).contains(seconds))
            .ok_or_else(|| ApiError::field("wait", "seconds from 1 to 25"))?,
    };
    let wait = wait.min(state.reach.wait_max);
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(wait);
    let mut latest = state.reach.latest.clone();
    loop {
        latest.borrow_and_update();
        let page = inbox::page(
            state.db.pool(),
            &caller.user.id,
            query.since.as_deref(),
            query.limit.as_deref(),
        )
        .await?;
        if !page.items.is_empty() || tokio::time::Instant::now() >= deadline {
            return Ok(Json(page));
        }
        match tokio::time::timeout_at(deadline, latest.changed()).await {
            // Something changed in someone's inbox, or time is up: look again.
            Ok(Ok(())) | Err(_) => {}
            // The loop that watches is gone (shutting down): the time is waited out.
            Ok(Err(_)) => tokio::time::sleep_until(deadline).await,
        }
    }
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
