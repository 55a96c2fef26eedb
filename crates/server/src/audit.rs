//! The audit record: who granted which roles, who deleted what, which phones were
//! locked out, who signed out everywhere. Written in the same transaction as the act, so
//! there is no act without its record. Read it with any SQLite client
//! (`SELECT * FROM audit_log ORDER BY id`).

use sqlx::SqliteConnection;

use crate::clock;
use crate::error::ApiError;

/// Records `action` on `subject` by `actor` (`None`: the server itself).
pub async fn record_in(
    conn: &mut SqliteConnection,
    actor: Option<&str>,
    action: &str,
    subject: &str,
    detail: Option<&str>,
) -> Result<(), ApiError> {
    Ok(write(conn, actor, action, subject, detail).await?)
}

/// [`record_in`] for what runs outside a request (`yizhan-server setup`), in the
/// database's own error.
pub async fn write(
    conn: &mut SqliteConnection,
    actor: Option<&str>,
    action: &str,
    subject: &str,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(clock::now())
    .bind(actor)
    .bind(action)
    .bind(subject)
    .bind(detail)
    .execute(conn)
    .await?;
    Ok(())
}
