//! `/auth/code` and `/auth/session`: sign-in by phone and one-time code.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Extension;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{sessions, sign_in};
use crate::error::{ApiError, Problem};
use crate::http::extract::{Caller, JsonBody};
use crate::http::middleware::client_address::ClientAddr;
use crate::http::openapi::problems;
use crate::users::User;
use crate::{clock, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_code))
        .routes(routes!(sign_in, sign_out))
        .routes(routes!(sign_out_everywhere))
}

/// The client's address where the connection gave one (always, over TCP).
fn address(client: Option<Extension<ClientAddr>>) -> Option<std::net::IpAddr> {
    client.map(|Extension(ClientAddr(address))| address)
}

#[derive(Deserialize, utoipa::ToSchema)]
struct CodeRequest {
    phone: String,
}

#[derive(Serialize, utoipa::ToSchema)]
struct CodeSent {
    sent: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    dev_code: Option<String>,
}

#[utoipa::path(
    post,
    path = "/auth/code",
    tag = "auth",
    description = "Send a 6-digit one-time code to a mainland mobile number (valid 5 minutes, at most 5 an hour).",
    request_body = CodeRequest,
    responses(
        (status = 202, body = CodeSent),
        (status = 401, description = "unknown_phone: registration is closed and the number is not known", body = Problem, content_type = "application/problem+json"),
        problems::Invalid,
        problems::RateLimited,
        problems::Unavailable
    )
)]
async fn request_code(
    State(state): State<AppState>,
    client: Option<Extension<ClientAddr>>,
    JsonBody(request): JsonBody<CodeRequest>,
) -> Result<(StatusCode, Json<CodeSent>), ApiError> {
    let dev_code = sign_in::send_code(&state, &request.phone, address(client)).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(CodeSent {
            sent: true,
            dev_code,
        }),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct SessionRequest {
    phone: String,
    code: String,
}

#[derive(Serialize, utoipa::ToSchema)]
struct Session {
    token: String,
    expires_at: String,
    user: User,
}

#[utoipa::path(
    post,
    path = "/auth/session",
    tag = "auth",
    description = "Exchange the phone and code for a bearer token (30 days, or 14 days unused). The same code sent again while valid (its first answer lost) signs in again, ending the session the first send made.",
    request_body = SessionRequest,
    responses(
        (status = 200, body = Session),
        (status = 401, description = "the code is wrong or expired, or the number is unknown", body = Problem, content_type = "application/problem+json"),
        problems::Invalid,
        problems::RateLimited
    )
)]
async fn sign_in(
    State(state): State<AppState>,
    client: Option<Extension<ClientAddr>>,
    JsonBody(request): JsonBody<SessionRequest>,
) -> Result<Json<Session>, ApiError> {
    let signed_in =
        sign_in::sign_in(&state, &request.phone, &request.code, address(client)).await?;
    Ok(Json(Session {
        token: signed_in.token,
        expires_at: clock::rfc3339(signed_in.expires_at),
        user: signed_in.user,
    }))
}

#[utoipa::path(
    delete,
    path = "/auth/session",
    tag = "auth",
    description = "Revoke this token.",
    responses(
        (status = 204, description = "signed out"),
        problems::SignInFirst
    ),
    security(("bearer" = []))
)]
async fn sign_out(State(state): State<AppState>, caller: Caller) -> Result<StatusCode, ApiError> {
    sessions::revoke(state.db.pool(), &caller.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    delete,
    path = "/auth/sessions",
    tag = "auth",
    description = "Extension: sign out everywhere. Revokes every token of the caller (a phone lost, a token leaked), this one too.",
    responses(
        (status = 204, description = "every session ended"),
        problems::SignInFirst
    ),
    security(("bearer" = []))
)]
async fn sign_out_everywhere(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<StatusCode, ApiError> {
    sessions::revoke_all(state.db.pool(), &caller.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
