//! What each person chose about being reached (`GET`/`PUT /me/reach`), kept as core's
//! [`ReachSettings`]; someone who never chose has the defaults.

use sqlx::{SqliteConnection, SqlitePool};
use yizhan_core::reach::{check_settings, ReachSettings};

use crate::error::ApiError;

/// `user_id`'s settings, or the defaults.
pub async fn of(conn: &mut SqliteConnection, user_id: &str) -> Result<ReachSettings, ApiError> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT settings FROM reach_settings WHERE user_id = ?")
            .bind(user_id)
            .fetch_optional(conn)
            .await?;
    match stored {
        None => Ok(ReachSettings::default()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| ApiError::Stored(format!("reach settings of {user_id}: {e}"))),
    }
}

pub async fn get(pool: &SqlitePool, user_id: &str) -> Result<ReachSettings, ApiError> {
    let mut conn = pool.acquire().await?;
    of(&mut conn, user_id).await
}

/// Replaces `user_id`'s settings with `settings`, once core finds nothing wrong in them.
pub async fn put(
    pool: &SqlitePool,
    user_id: &str,
    settings: &ReachSettings,
) -> Result<ReachSettings, ApiError> {
    ApiError::unless_valid(check_settings(settings))?;
    let json = serde_json::to_string(settings)
        .map_err(|e| ApiError::Stored(format!("reach settings: {e}")))?;
    let mut tx = crate::db::write(pool).await?;
    sqlx::query(
        "INSERT INTO reach_settings (user_id, settings) VALUES (?, ?)
         ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings",
    )
    .bind(user_id)
    .bind(json)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(settings.clone())
}
