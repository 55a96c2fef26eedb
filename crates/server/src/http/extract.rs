//! Request extractors that answer the contract's problem+json when they refuse.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;
use yizhan_core::model::Role;

use crate::auth::sessions;
use crate::error::ApiError;
use crate::users::User;
use crate::AppState;

/// The signed-in caller, from `Authorization: Bearer <token>`.
pub struct Caller {
    pub user: User,
    pub token: String,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or(ApiError::Unauthorized)?
            .to_string();
        let user = sessions::user_of(state.db.pool(), &token)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(Caller { user, token })
    }
}

impl Caller {
    pub fn has_role(&self, role: Role) -> bool {
        role.held_in(&self.user.roles)
    }

    /// 403 unless the caller holds one of `roles`.
    pub fn require_any(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.iter().any(|role| self.has_role(*role)) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

/// A JSON body whose every failure (wrong content type, malformed JSON, wrong types,
/// missing fields, unknown enum values) is a 422 `validation` problem saying what is wrong.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<JsonBody<T>, ApiError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(JsonBody(value)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::PayloadTooLarge)
            }
            Err(rejection) => Err(ApiError::field("body", rejection.body_text())),
        }
    }
}

/// `?since=&limit=` of a list read after a cursor (orders, the inbox).
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AfterCursor {
    /// The `next_cursor` of the page before; from the start without it.
    pub since: Option<String>,
    /// At most this many (1 to 200, default 50).
    pub limit: Option<String>,
}

/// A range of the community's days in a query, as [`crate::days::span`] reads it.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayRange {
    /// The first day, YYYY-MM-DD (default today).
    pub from: Option<String>,
    /// The last day, included (default 13 days after `from`; at most 62 days after).
    pub to: Option<String>,
}
