//! A resident's own profile (`PUT /me`): their name and address, and their grid where
//! the community lets residents choose it.

use sqlx::SqlitePool;
use yizhan_core::validation::FieldProblem;
use yizhan_core::workbench::people::check_profile;
pub use yizhan_core::workbench::people::ProfileUpdate;

use super::people::grid_of;
use super::User;
use crate::db;
use crate::error::ApiError;

/// Replaces `user`'s name and address (and grid, where allowed and given) with `body`.
pub async fn update(pool: &SqlitePool, user: &User, body: ProfileUpdate) -> Result<User, ApiError> {
    let mut tx = db::write(pool).await?;
    let choose: Option<bool> =
        sqlx::query_scalar("SELECT residents_choose_grid FROM communities WHERE id = ?")
            .bind(&user.community_id)
            .fetch_optional(&mut *tx)
            .await?;
    let choose = choose.unwrap_or(false);
    ApiError::unless_valid(check_profile(&body, user.grid_id.as_deref(), choose))?;
    if let Some(grid) = body.grid_id.as_deref() {
        if grid_of(&mut tx, &user.community_id, grid).await?.is_none() {
            return Err(ApiError::invalid([("grid_id", FieldProblem::NotHere)]));
        }
    }
    let address = body
        .address
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    sqlx::query(
        "UPDATE users SET name = ?, address = ?, grid_id = COALESCE(?, grid_id) WHERE id = ?",
    )
    .bind(body.name.trim())
    .bind(address)
    .bind(&body.grid_id)
    .bind(&user.id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    super::by_id(pool, &user.id)
        .await?
        .ok_or(ApiError::NotFound)
}
