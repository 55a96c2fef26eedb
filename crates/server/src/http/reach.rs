//! `/push/…` and `/me/reach` (extensions, issue 18): a device's Web Push subscription, the
//! server's VAPID key to make one with, and what the caller chose about being reached.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::reach::ReachSettings;

use crate::error::ApiError;
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::reach::push::{self, Endpoint, ServerKey, Subscription};
use crate::reach::settings;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(key))
        .routes(routes!(subscribe))
        .routes(routes!(unsubscribe))
        .routes(routes!(get_settings, put_settings))
}

#[utoipa::path(
    get,
    path = "/push/key",
    tag = "reach",
    description = "Extension: the server's VAPID public key (RFC 8292), base64url, for `pushManager.subscribe({ applicationServerKey })`.",
    responses(
        (status = 200, body = ServerKey),
        problems::SignInFirst
    ),
    security(("bearer" = []))
)]
async fn key(State(state): State<AppState>, _caller: Caller) -> Json<ServerKey> {
    Json(state.reach.pusher.public_key())
}

#[utoipa::path(
    put,
    path = "/push/subscription",
    tag = "reach",
    description = "Extension: this device's Web Push subscription (`PushSubscription.toJSON()`), rung with what the caller is told. An endpoint the server does not send to (only the browsers' push services over HTTPS, unless the deployment names another) is 422 at `endpoint`. A device signed in as someone else moves to them.",
    request_body = Subscription,
    responses(
        (status = 204, description = "Kept"),
        problems::SignInFirst,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn subscribe(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(subscription): JsonBody<Subscription>,
) -> Result<StatusCode, ApiError> {
    state.reach.pusher.check(&subscription)?;
    push::subscribe(state.db.pool(), &caller.user.id, &subscription).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = "/push/unsubscribe",
    tag = "reach",
    description = "Extension: this device no longer rings (signing out, or notifications turned off). An endpoint that is not the caller's changes nothing.",
    request_body = Endpoint,
    responses(
        (status = 204, description = "Forgotten"),
        problems::SignInFirst,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn unsubscribe(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<Endpoint>,
) -> Result<StatusCode, ApiError> {
    push::unsubscribe(state.db.pool(), &caller.user.id, &body.endpoint).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = "/me/reach",
    tag = "reach",
    description = "Extension: what the caller chose about being reached: the language of pushes and texts, kinds that do not ring (still in the inbox), quiet hours in the community's time (news of a shift's time rings in them too: reminders, moves, cancellations), and texts. Someone who never chose has the defaults: everything rings, quiet 22:00-07:00, no texts.",
    responses(
        (status = 200, body = ReachSettings),
        problems::SignInFirst
    ),
    security(("bearer" = []))
)]
async fn get_settings(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<ReachSettings>, ApiError> {
    Ok(Json(settings::get(state.db.pool(), &caller.user.id).await?))
}

#[utoipa::path(
    put,
    path = "/me/reach",
    tag = "reach",
    description = "Extension: replaces what the caller chose about being reached. Quiet hours are two different times `HH:MM` (422 at `quiet.from` / `quiet.until`).",
    request_body = ReachSettings,
    responses(
        (status = 200, body = ReachSettings),
        problems::SignInFirst,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn put_settings(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<ReachSettings>,
) -> Result<Json<ReachSettings>, ApiError> {
    Ok(Json(
        settings::put(state.db.pool(), &caller.user.id, &body).await?,
    ))
}
