//! Bearer tokens: random, stored hashed, revocable; they end 30 days after sign-in, or
//! after 14 days unused, whichever comes first.

use rand::Rng;
use sqlx::SqlitePool;

use super::digest;
use crate::clock;
use crate::error::ApiError;
use crate::users::{User, UserWithRoles, WITH_ROLES};

/// The longest a session lives, used or not.
pub const SESSION_SECONDS: i64 = 30 * 24 * 3600;
/// A session not used for this long ends: a phone lost in a drawer stops being a key.
pub const IDLE_SECONDS: i64 = 14 * 24 * 3600;
/// `last_seen_at` is written at most this often, not on every request.
const SEEN_EVERY_SECONDS: i64 = 3600;

/// A new session for `user_id`: the token (shown once, to the client), the hash it is
/// stored under, and its expiry.
pub async fn create(pool: &SqlitePool, user_id: &str) -> Result<(String, String, i64), ApiError> {
    let secret: [u8; 32] = rand::rng().random();
    let token: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    let token_hash = digest(&token);
    let now = clock::now();
    let expires_at = now + SESSION_SECONDS;
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&token_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .bind(now)
    .execute(pool)
    .await?;
    Ok((token, token_hash, expires_at))
}

/// The user a live token belongs to, with their roles; notes that it was used. One
/// statement: it runs before every request a signed-in user makes.
pub async fn user_of(pool: &SqlitePool, token: &str) -> Result<Option<User>, ApiError> {
    let now = clock::now();
    let token_hash = digest(token);
    let sql = format!(
        "SELECT {WITH_ROLES}, COALESCE(s.last_seen_at, s.created_at) AS last_seen
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.active = 1"
    );
    let found: Option<Found> = sqlx::query_as(&sql)
        .bind(&token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await?;
    let Some(Found { user, last_seen }) = found else {
        return Ok(None);
    };
    if now - last_seen > IDLE_SECONDS {
        return Ok(None);
    }
    if now - last_seen > SEEN_EVERY_SECONDS {
        sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
            .bind(now)
            .bind(&token_hash)
            .execute(pool)
            .await?;
    }
    Ok(Some(user.into()))
}

/// What [`user_of`] reads.
#[derive(sqlx::FromRow)]
struct Found {
    #[sqlx(flatten)]
    user: UserWithRoles,
    last_seen: i64,
}

pub async fn revoke(pool: &SqlitePool, token: &str) -> Result<(), ApiError> {
    sqlx::query("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL")
        .bind(clock::now())
        .bind(digest(token))
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends every session of `user_id`, on `conn` (inside the caller's transaction); how
/// many there were.
pub async fn end_all_in(conn: &mut sqlx::SqliteConnection, user_id: &str) -> Result<u64, ApiError> {
    let ended =
        sqlx::query("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
            .bind(clock::now())
            .bind(user_id)
            .execute(conn)
            .await?;
    Ok(ended.rows_affected())
}

/// Ends every session of `user_id` (a phone lost, a token leaked), and records it.
pub async fn revoke_all(pool: &SqlitePool, user_id: &str) -> Result<u64, ApiError> {
    let mut tx = crate::db::write(pool).await?;
    let ended = end_all_in(&mut tx, user_id).await?;
    crate::audit::record_in(
        &mut tx,
        Some(user_id),
        "signed_out_everywhere",
        user_id,
        Some(&ended.to_string()),
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}
