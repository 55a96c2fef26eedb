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
        let (seq, at_ms): (i64, i64) = sqlx::query_as(&Stamp::select("?1", "?2"))
            .bind(clock::now_ms())
            .bind(community_id)
            .fetch_one(conn)
            .await?;
        Ok(Stamp { seq, at_ms })
    }

    /// The `SELECT` of a stamp's `seq` and `at_ms`, with the parameters that hold the
    /// clock's milliseconds now (`now`) and the community's id (`community`), for a
    /// statement that takes its stamp itself (a new order's `INSERT`).
    pub fn select(now: &str, community: &str) -> String {
        format!(
            "SELECT (SELECT COALESCE(MAX(seq), 0) + 1 FROM orders) AS seq,
                    MAX({now}, COALESCE((SELECT MAX(updated_at) FROM orders
                                         WHERE community_id = {community}), 0)) AS at_ms"
        )
    }
}
