//! An admin writes a grid whole by id ([`super::put`]), its posted contacts with it,
//! replaced in one transaction so residents never see half a contact list.

use sqlx::SqlitePool;
use yizhan_core::model::Grid;
use yizhan_core::validation::FieldProblem;
pub use yizhan_core::workbench::grids::{ContactBody, GridBody};

use super::put::{Record, Table};
use crate::clock;
use crate::error::ApiError;

/// Blank optional text is stored as absent, so the app shows nothing rather than "".
fn present(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// A grid, as an admin puts it by id.
pub struct Grids;

impl Record for Grids {
    type Body = GridBody;
    type Answer = Grid;
    const TABLE: Table = Table::Grids;

    async fn check(_: &SqlitePool, _: &str, _: &str, body: &GridBody) -> Result<(), ApiError> {
        ApiError::unless_valid(yizhan_core::workbench::grids::check(body))
    }

    async fn write(
        pool: &SqlitePool,
        community_id: &str,
        id: &str,
        body: GridBody,
    ) -> Result<(), ApiError> {
        let mut tx = pool.begin().await?;
        sqlx::query(
        "INSERT INTO grids (id, community_id, name, area, position, updated_at)
         VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM grids WHERE community_id = ?), ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, area = excluded.area,
             updated_at = MAX(excluded.updated_at, grids.updated_at + 1)",
    )
    .bind(id)
    .bind(community_id)
    .bind(body.name.trim())
    .bind(body.area.trim())
    .bind(community_id)
    .bind(clock::now())
    .execute(&mut *tx)
    .await?;
        sqlx::query("DELETE FROM contacts WHERE grid_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for (position, contact) in body.contacts.iter().enumerate() {
            let contact_id = contact
                .id
                .clone()
                .unwrap_or_else(|| format!("ct-{}", uuid::Uuid::now_v7()));
            let inserted = sqlx::query(
            "INSERT INTO contacts (id, grid_id, position, name, role, title, phone, wechat, duty_hours, note)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&contact_id)
        .bind(id)
        .bind(position as i64)
        .bind(contact.name.trim())
        .bind(contact.role.as_str())
        .bind(contact.title.trim())
        .bind(contact.phone.trim())
        .bind(present(&contact.wechat))
        .bind(present(&contact.duty_hours))
        .bind(present(&contact.note))
        .execute(&mut *tx)
        .await?;
            if inserted.rows_affected() == 0 {
                // The transaction rolls back on drop: the grid stays as it was.
                return Err(ApiError::invalid([(
                    format!("contacts[{position}].id"),
                    FieldProblem::Taken,
                )]));
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn read(pool: &SqlitePool, community_id: &str, id: &str) -> Result<Grid, ApiError> {
        super::grids::one(pool, community_id, id).await
    }
}
