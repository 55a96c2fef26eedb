//! When a change to an order happened, as the database orders changes.

use sqlx::SqliteConnection;

use crate::clock;
use crate::error::ApiError;

/// What a write to an order is stamped with, taken inside its write transaction
/// ([`crate::db::write`]): the next number of the change sequence, which list cursors
/// follow, and `updated_at`, never earlier than the community's last change, so that
/// the list's order by sequence is also its order by `updated_at`.
pub struct Stamp {
    pub seq: i64,
    pub at_ms: i64,
}

impl Stamp {
    pub async fn take(conn: &mut SqliteConnection, community_id: &str) -> Result<Stamp, ApiError> {
        let (seq, at_ms): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COALESCE(MAX(seq), 0) + 1 FROM orders),
                    MAX(?1, COALESCE((SELECT MAX(updated_at) FROM orders WHERE community_id = ?2), 0))",
        )
        .bind(clock::now_ms())
        .bind(community_id)
        .fetch_one(conn)
        .await?;
        Ok(Stamp { seq, at_ms })
    }
}
