//! One-time sign-in codes: issued at most five an hour per phone, valid five minutes;
//! five wrong tries in a row lock the phone for fifteen minutes. Beyond one phone, each
//! client address and the whole server have budgets of codes sent and wrong codes.
//!
//! Every check and the act it guards are one write transaction ([`db::write`]), so
//! requests arriving together are counted one after another: 25 parallel requests for
//! one phone get five codes, never more.

use std::net::IpAddr;

use rand::Rng;
use sqlx::{SqliteConnection, SqlitePool};
use yizhan_core::phone::MobileNumber;

use super::digest;
use crate::clock;
use crate::db;
use crate::error::ApiError;

pub const CODE_TTL_SECONDS: i64 = 5 * 60;
pub const CODES_PER_HOUR: i64 = 5;
pub const FAILURES_BEFORE_LOCK: i64 = 5;
pub const LOCK_SECONDS: i64 = 15 * 60;
/// Codes one client address may have sent in an hour, to all phones together: a
/// station's shared network signs many residents in, a script asking for every number
/// in a block is stopped.
pub const CODES_PER_ADDRESS_HOUR: i64 = 30;
/// Wrong codes one client address may send in an hour, to all phones together.
pub const FAILURES_PER_ADDRESS_HOUR: i64 = 50;
/// Wrong codes the whole server takes in an hour: guessing spread over many addresses
/// and phones still meets a ceiling.
pub const FAILURES_PER_HOUR: i64 = 2000;

const HOUR: i64 = 3600;

/// Salted with the phone, so a leaked table does not give codes away by a lookup table.
fn code_hash(phone: &MobileNumber, code: &str) -> String {
    digest(&format!("{}:{code}", phone.as_str()))
}

fn retry_after(until: i64, now: i64) -> ApiError {
    ApiError::RateLimited {
        retry_after: u64::try_from(until.saturating_sub(now)).unwrap_or(0).max(1),
    }
}

async fn refuse_if_locked(
    conn: &mut SqliteConnection,
    phone: &MobileNumber,
    now: i64,
) -> Result<(), ApiError> {
    let locked_until: Option<i64> =
        sqlx::query_scalar("SELECT locked_until FROM sign_in_failures WHERE phone = ?")
            .bind(phone.as_str())
            .fetch_optional(conn)
            .await?
            .flatten();
    match locked_until {
        Some(until) if until > now => Err(retry_after(until, now)),
        _ => Ok(()),
    }
}

/// The network an address stands for: itself for IPv4; its /64 for IPv6, where one
/// subscriber holds a whole /64 and could otherwise take a fresh address per request.
fn network_of(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
    }
}

/// How long after its first use a code still signs in again: long enough for a phone to
/// send it once more after a lost answer, short enough that a code seen on a lock screen
/// later is no key.
pub const RESEND_WINDOW_SECONDS: i64 = 60;

/// A budget of attempts of one `kind` in the last hour for `scope`.
struct Budget<'a> {
    scope: String,
    kind: &'a str,
    per_hour: i64,
}

impl Budget<'_> {
    /// Loopback has no budget of its own: it is the server's own machine, or a proxy
    /// that does not pass the client's address on, where it would be every resident's
    /// budget at once. The server's overall budget still counts them.
    fn for_address(address: Option<IpAddr>, kind: &str, per_hour: i64) -> Option<Budget<'_>> {
        address.filter(|a| !a.is_loopback()).map(|a| Budget {
            scope: format!("addr:{}", network_of(a)),
            kind,
            per_hour,
        })
    }

    fn overall(kind: &str, per_hour: i64) -> Budget<'_> {
        Budget {
            scope: "all".to_string(),
            kind,
            per_hour,
        }
    }

    /// 429 when the budget is spent, with how long until the oldest attempt ages out.
    async fn check(&self, conn: &mut SqliteConnection, now: i64) -> Result<(), ApiError> {
        let (count, oldest): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(at) FROM sign_in_attempts WHERE scope = ? AND kind = ? AND at > ?",
        )
        .bind(&self.scope)
        .bind(self.kind)
        .bind(now - HOUR)
        .fetch_one(conn)
        .await?;
        if count >= self.per_hour {
            return Err(retry_after(oldest.unwrap_or(now) + HOUR, now));
        }
        Ok(())
    }

    async fn spend(&self, conn: &mut SqliteConnection, now: i64) -> Result<(), ApiError> {
        sqlx::query("INSERT INTO sign_in_attempts (scope, kind, at) VALUES (?, ?, ?)")
            .bind(&self.scope)
            .bind(self.kind)
            .bind(now)
            .execute(conn)
            .await?;
        Ok(())
    }
}

/// Makes a new code for `phone` and returns it (to send, never to store). `address` is
/// the client's; `codes_per_hour` the server's budget for all phones together.
pub async fn issue(
    pool: &SqlitePool,
    phone: &MobileNumber,
    address: Option<IpAddr>,
    codes_per_hour: u32,
) -> Result<String, ApiError> {
    let now = clock::now();
    let mut tx = db::write(pool).await?;
    refuse_if_locked(&mut tx, phone, now).await?;
    let (count, oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(created_at) FROM sign_in_codes WHERE phone = ? AND created_at > ?",
    )
    .bind(phone.as_str())
    .bind(now - HOUR)
    .fetch_one(&mut *tx)
    .await?;
    if count >= CODES_PER_HOUR {
        return Err(retry_after(oldest.unwrap_or(now) + HOUR, now));
    }
    let budgets = [
        Budget::for_address(address, "code", CODES_PER_ADDRESS_HOUR),
        Some(Budget::overall("code", i64::from(codes_per_hour))),
    ];
    for budget in budgets.iter().flatten() {
        budget.check(&mut tx, now).await?;
    }
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000));
    sqlx::query(
        "INSERT INTO sign_in_codes (phone, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(phone.as_str())
    .bind(code_hash(phone, &code))
    .bind(now)
    .bind(now + CODE_TTL_SECONDS)
    .execute(&mut *tx)
    .await?;
    for budget in budgets.iter().flatten() {
        budget.spend(&mut tx, now).await?;
    }
    // What is older than the windows serves no purpose any more.
    sqlx::query("DELETE FROM sign_in_codes WHERE created_at <= ?")
        .bind(now - HOUR)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sign_in_attempts WHERE at <= ?")
        .bind(now - HOUR)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(code)
}

/// A code that was accepted: its row (none for the demo code), to tie the session to.
pub struct Accepted {
    pub code_id: Option<i64>,
}

/// Checks `code` for `phone`. `always_valid` is the demo code, where demo mode allows one
/// for this phone.
///
/// A code signs in once; the same code again within a minute of its first use signs in
/// again in place of the first (see [`bind_session`]): the answer to the first may have
/// been lost on the way, and the resident or their phone can only send the same code
/// again.
pub async fn verify(
    pool: &SqlitePool,
    phone: &MobileNumber,
    code: &str,
    always_valid: Option<&str>,
    address: Option<IpAddr>,
) -> Result<Accepted, ApiError> {
    let now = clock::now();
    let mut tx = db::write(pool).await?;
    refuse_if_locked(&mut tx, phone, now).await?;
    let accepted = if always_valid == Some(code) {
        Some(Accepted { code_id: None })
    } else {
        // Unused, or used within the last minute (its answer may have been lost).
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM sign_in_codes
             WHERE phone = ? AND code_hash = ? AND expires_at > ?
               AND (used_at IS NULL OR used_at > ?)
             ORDER BY id DESC LIMIT 1",
        )
        .bind(phone.as_str())
        .bind(code_hash(phone, code))
        .bind(now)
        .bind(now - RESEND_WINDOW_SECONDS)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(id) = found {
            sqlx::query("UPDATE sign_in_codes SET used_at = COALESCE(used_at, ?) WHERE id = ?")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        found.map(|id| Accepted { code_id: Some(id) })
    };
    if let Some(accepted) = accepted {
        sqlx::query("DELETE FROM sign_in_failures WHERE phone = ?")
            .bind(phone.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        return Ok(accepted);
    }
    // Only wrong codes count against the budgets, and a spent budget never refuses a
    // right code: flooding wrong guesses cannot lock residents out.
    let budgets = [
        Budget::for_address(address, "failure", FAILURES_PER_ADDRESS_HOUR),
        Some(Budget::overall("failure", FAILURES_PER_HOUR)),
    ];
    for budget in budgets.iter().flatten() {
        if let Err(limited) = budget.check(&mut tx, now).await {
            tx.commit().await?;
            return Err(limited);
        }
    }
    for budget in budgets.iter().flatten() {
        budget.spend(&mut tx, now).await?;
    }
    let failures: i64 = sqlx::query_scalar(
        "INSERT INTO sign_in_failures (phone, failures) VALUES (?, 1)
         ON CONFLICT (phone) DO UPDATE SET failures = failures + 1
         RETURNING failures",
    )
    .bind(phone.as_str())
    .fetch_one(&mut *tx)
    .await?;
    if failures >= FAILURES_BEFORE_LOCK {
        let until = now + LOCK_SECONDS;
        sqlx::query("UPDATE sign_in_failures SET failures = 0, locked_until = ? WHERE phone = ?")
            .bind(until)
            .bind(phone.as_str())
            .execute(&mut *tx)
            .await?;
        crate::audit::record_in(&mut tx, None, "phone_locked", &phone.masked(), None).await?;
        tx.commit().await?;
        return Err(retry_after(until, now));
    }
    tx.commit().await?;
    Err(ApiError::WrongCode)
}

/// Ties the session just made to the code that made it, revoking the session an earlier
/// send of the same code made: one code, one live session.
pub async fn bind_session(
    pool: &SqlitePool,
    accepted: &Accepted,
    token_hash: &str,
) -> Result<(), ApiError> {
    let Some(code_id) = accepted.code_id else {
        return Ok(());
    };
    let mut tx = db::write(pool).await?;
    let earlier: Option<String> =
        sqlx::query_scalar("SELECT session_hash FROM sign_in_codes WHERE id = ?")
            .bind(code_id)
            .fetch_optional(&mut *tx)
            .await?
            .flatten();
    if let Some(earlier) = earlier.filter(|e| e != token_hash) {
        sqlx::query(
            "UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
        )
        .bind(clock::now())
        .bind(earlier)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE sign_in_codes SET session_hash = ? WHERE id = ?")
        .bind(token_hash)
        .bind(code_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
