//! Signing in by phone: a one-time code sent to the number, then exchanged for a session.
//! Who may ask for a code (a number the community knows, or anyone while registration is
//! open), and what a first sign-in of an unknown number makes (a resident).

use std::net::IpAddr;

use yizhan_core::phone::MobileNumber;

use super::{codes, sessions};
use crate::config::Registration;
use crate::demo;
use crate::error::ApiError;
use crate::users::{self, User};
use crate::AppState;

/// A session just begun: the token, shown to the client this once.
pub struct SignedIn {
    pub token: String,
    /// Unix seconds.
    pub expires_at: i64,
    pub user: User,
}

fn parse_phone(input: &str) -> Result<MobileNumber, ApiError> {
    MobileNumber::parse(input).map_err(|error| ApiError::field("phone", error.to_string()))
}

/// Sends a new code to `phone`. Answers the code itself in demo mode only, where there is
/// no phone to receive it.
pub async fn send_code(
    state: &AppState,
    phone: &str,
    client: Option<IpAddr>,
) -> Result<Option<String>, ApiError> {
    let phone = parse_phone(phone)?;
    let pool = state.db.pool();
    let known = users::id_by_phone(pool, &phone).await?.is_some();
    if !known && state.registration == Registration::Closed {
        return Err(ApiError::UnknownPhone);
    }
    if users::is_inactive(pool, &phone).await? {
        return Err(ApiError::AccountInactive);
    }
    let code = codes::issue(pool, &phone, client, state.codes_per_hour).await?;
    state
        .code_sender
        .send(&phone, &code)
        .await
        .map_err(|error| ApiError::Unavailable(error.to_string()))?;
    Ok(state.demo.then_some(code))
}

/// Exchanges `phone` and `code` for a new session, registering the number as a resident
/// first where registration is open and the community does not know it yet.
pub async fn sign_in(
    state: &AppState,
    phone: &str,
    code: &str,
    client: Option<IpAddr>,
) -> Result<SignedIn, ApiError> {
    let phone = parse_phone(phone)?;
    let pool = state.db.pool();
    if users::is_inactive(pool, &phone).await? {
        return Err(ApiError::AccountInactive);
    }
    let demo_code = (state.demo && demo::is_demo_account(&phone)).then_some(demo::DEMO_CODE);
    let accepted = codes::verify(pool, &phone, code.trim(), demo_code, client).await?;
    let user_id = match users::id_by_phone(pool, &phone).await? {
        Some(id) => id,
        None if state.registration == Registration::Open => {
            users::register_resident(pool, &phone).await?
        }
        None => return Err(ApiError::UnknownPhone),
    };
    let user = users::by_id(pool, &user_id)
        .await?
        .ok_or(ApiError::UnknownPhone)?;
    let (token, token_hash, expires_at) = sessions::create(pool, &user.id).await?;
    codes::bind_session(pool, &accepted, &token_hash).await?;
    Ok(SignedIn {
        token,
        expires_at,
        user,
    })
}
