//! Deleting an order (admins), for a resident's request to erase it or a spam entry: the
//! content is wiped, the row stays as a tombstone so every device that holds the order
//! learns to drop it at its next sync.

use sqlx::SqlitePool;
use yizhan_core::model::Order;

use super::read::as_acted_on;
use super::stamp::Stamp;
use super::Viewer;
use crate::db;
use crate::error::ApiError;

/// Idempotent: deleting a deleted order answers the same tombstone.
pub async fn delete(pool: &SqlitePool, viewer: &Viewer<'_>, id: &str) -> Result<Order, ApiError> {
    let mut tx = db::write(pool).await?;
    let stamp = Stamp::take(&mut tx, &viewer.user.community_id).await?;
    let wiped = sqlx::query(
        "UPDATE orders SET deleted = 1, title = '', description = '', address = NULL,
             contact_phone = NULL, preferred_time = NULL, attributes = '{}',
             version = version + 1, updated_at = ?, seq = ?
         WHERE id = ? AND community_id = ? AND deleted = 0",
    )
    .bind(stamp.at_ms)
    .bind(stamp.seq)
    .bind(id)
    .bind(&viewer.user.community_id)
    .execute(&mut *tx)
    .await?;
    if wiped.rows_affected() > 0 {
        // Notes on the timeline can carry as much as the order did.
        sqlx::query("UPDATE order_events SET note = NULL WHERE order_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        crate::audit::record_in(&mut tx, Some(&viewer.user.id), "order_deleted", id, None).await?;
    }
    let tombstone = as_acted_on(&mut tx, viewer, id).await?;
    tx.commit().await?;
    Ok(tombstone)
}
