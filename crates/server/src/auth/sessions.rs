//! Bearer tokens: random, stored hashed, expiring, revocable.

use rand::Rng;
use sqlx::SqlitePool;

use super::digest;
use crate::clock;
use crate::error::ApiError;

pub const SESSION_SECONDS: i64 = 30 * 24 * 3600;

/// A new session for `user_id`: the token (shown once, to the client) and its expiry.
pub async fn create(pool: &SqlitePool, user_id: &str) -> Result<(String, i64), ApiError> {
    let secret: [u8; 32] = rand::rng().random();
    let token: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    let now = clock::now();
    let expires_at = now + SESSION_SECONDS;
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(digest(&token))
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(pool)
    .await?;
    Ok((token, expires_at))
}

/// The user a live token belongs to.
pub async fn user_of(pool: &SqlitePool, token: &str) -> Result<Option<String>, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT user_id FROM sessions WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?",
    )
    .bind(digest(token))
    .bind(clock::now())
    .fetch_optional(pool)
    .await?)
}

pub async fn revoke(pool: &SqlitePool, token: &str) -> Result<(), ApiError> {
    sqlx::query("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL")
        .bind(clock::now())
        .bind(digest(token))
        .execute(pool)
        .await?;
    Ok(())
}
