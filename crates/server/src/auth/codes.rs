//! One-time sign-in codes: issued at most five an hour per phone, valid five minutes, used
//! once; five wrong tries in a row lock the phone for fifteen minutes.

use rand::Rng;
use sqlx::SqlitePool;
use yizhan_core::phone::MobileNumber;

use super::digest;
use crate::clock;
use crate::error::ApiError;

pub const CODE_TTL_SECONDS: i64 = 5 * 60;
pub const CODES_PER_HOUR: i64 = 5;
pub const FAILURES_BEFORE_LOCK: i64 = 5;
pub const LOCK_SECONDS: i64 = 15 * 60;

/// Salted with the phone, so a leaked table does not give codes away by a lookup table.
fn code_hash(phone: &MobileNumber, code: &str) -> String {
    digest(&format!("{}:{code}", phone.as_str()))
}

fn retry_after(until: i64, now: i64) -> ApiError {
    ApiError::RateLimited {
        retry_after: u64::try_from(until - now).unwrap_or(0).max(1),
    }
}

async fn refuse_if_locked(
    pool: &SqlitePool,
    phone: &MobileNumber,
    now: i64,
) -> Result<(), ApiError> {
    let locked_until: Option<i64> =
        sqlx::query_scalar("SELECT locked_until FROM sign_in_failures WHERE phone = ?")
            .bind(phone.as_str())
            .fetch_optional(pool)
            .await?
            .flatten();
    match locked_until {
        Some(until) if until > now => Err(retry_after(until, now)),
        _ => Ok(()),
    }
}

/// Makes a new code for `phone` and returns it (to send, never to store).
pub async fn issue(pool: &SqlitePool, phone: &MobileNumber) -> Result<String, ApiError> {
    let now = clock::now();
    refuse_if_locked(pool, phone, now).await?;
    let window_start = now - 3600;
    let (count, oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(created_at) FROM sign_in_codes WHERE phone = ? AND created_at > ?",
    )
    .bind(phone.as_str())
    .bind(window_start)
    .fetch_one(pool)
    .await?;
    if count >= CODES_PER_HOUR {
        return Err(retry_after(oldest.unwrap_or(now) + 3600, now));
    }
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000));
    sqlx::query(
        "INSERT INTO sign_in_codes (phone, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(phone.as_str())
    .bind(code_hash(phone, &code))
    .bind(now)
    .bind(now + CODE_TTL_SECONDS)
    .execute(pool)
    .await?;
    // Codes older than the rate window serve no purpose any more.
    sqlx::query("DELETE FROM sign_in_codes WHERE created_at <= ?")
        .bind(window_start)
        .execute(pool)
        .await?;
    Ok(code)
}

/// Checks `code` for `phone`, using it up. `always_valid` is the demo code, where demo mode
/// allows one for this phone.
pub async fn verify(
    pool: &SqlitePool,
    phone: &MobileNumber,
    code: &str,
    always_valid: Option<&str>,
) -> Result<(), ApiError> {
    let now = clock::now();
    refuse_if_locked(pool, phone, now).await?;
    let accepted = if always_valid == Some(code) {
        true
    } else {
        let used = sqlx::query(
            "UPDATE sign_in_codes SET used_at = ?
             WHERE phone = ? AND code_hash = ? AND used_at IS NULL AND expires_at > ?",
        )
        .bind(now)
        .bind(phone.as_str())
        .bind(code_hash(phone, code))
        .bind(now)
        .execute(pool)
        .await?;
        used.rows_affected() > 0
    };
    if accepted {
        sqlx::query("DELETE FROM sign_in_failures WHERE phone = ?")
            .bind(phone.as_str())
            .execute(pool)
            .await?;
        return Ok(());
    }
    let failures: i64 = sqlx::query_scalar(
        "INSERT INTO sign_in_failures (phone, failures) VALUES (?, 1)
         ON CONFLICT (phone) DO UPDATE SET failures = failures + 1
         RETURNING failures",
    )
    .bind(phone.as_str())
    .fetch_one(pool)
    .await?;
    if failures >= FAILURES_BEFORE_LOCK {
        let until = now + LOCK_SECONDS;
        sqlx::query("UPDATE sign_in_failures SET failures = 0, locked_until = ? WHERE phone = ?")
            .bind(until)
            .bind(phone.as_str())
            .execute(pool)
            .await?;
        return Err(retry_after(until, now));
    }
    Err(ApiError::WrongCode)
}
