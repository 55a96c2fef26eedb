//! An admin sets a user's roles. Every user is a resident whatever the list says; the
//! other roles are rows in `user_roles`, replaced together in one transaction and audited.

use sqlx::SqlitePool;
use yizhan_core::model::Role;
use yizhan_core::workbench::people::check_roles;

use super::User;
use crate::error::ApiError;

/// Gives user `id` (of `admin`'s community) exactly `roles`, as the contract spells
/// them, and returns the user as they are now.
pub async fn set(
    pool: &SqlitePool,
    admin: &User,
    id: &str,
    roles: &[String],
) -> Result<User, ApiError> {
    let roles = roles
        .iter()
        .map(|text| {
            Role::parse(text)
                .ok_or_else(|| ApiError::field("roles", format!("unknown role `{text}`")))
        })
        .collect::<Result<Vec<Role>, ApiError>>()?;
    // The community must not lose its last way to manage itself by a slip of the finger.
    ApiError::unless_valid(check_roles(&roles, id, &admin.id))?;
    let target = super::by_id(pool, id).await?.ok_or(ApiError::NotFound)?;
    if target.community_id != admin.community_id {
        return Err(ApiError::NotFound);
    }
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM user_roles WHERE user_id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for role in roles.iter().filter(|role| **role != Role::Resident) {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(role.as_str())
            .execute(&mut *tx)
            .await?;
    }
    // The audit names the roles as sent, once each, in alphabetical order.
    let mut granted: Vec<&str> = roles.iter().map(|role| role.as_str()).collect();
    granted.sort_unstable();
    granted.dedup();
    crate::audit::record_in(
        &mut tx,
        Some(&admin.id),
        "roles_set",
        id,
        Some(&granted.join(",")),
    )
    .await?;
    tx.commit().await?;
    super::by_id(pool, id).await?.ok_or(ApiError::NotFound)
}
