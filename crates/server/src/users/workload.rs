//! The people a dispatcher chooses among: each user with whether they are on a shift
//! right now and how many open orders they already carry.

use serde::Serialize;
use sqlx::SqlitePool;
use yizhan_core::model::Role;

use super::User;
use crate::clock;
use crate::error::ApiError;

/// A user as a dispatcher chooses among them: on shift right now, and how many open orders
/// they already carry.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UserWithLoad {
    #[serde(flatten)]
    user: User,
    on_shift_now: bool,
    open_orders: i64,
}

/// The users of `community_id` (only those holding `role`, where given: one of the
/// contract's roles), by name.
pub async fn list(
    pool: &SqlitePool,
    community_id: &str,
    role: Option<&str>,
) -> Result<Vec<UserWithLoad>, ApiError> {
    let role = match role {
        None => None,
        Some(text) => Some(Role::parse(text).ok_or_else(|| {
            ApiError::field("role", "one of resident, volunteer, dispatcher, admin")
        })?),
    };
    // Every user is a resident: asking for residents is asking for everyone.
    let granted = role.filter(|role| *role != Role::Resident);
    let rows: Vec<(String, bool, i64)> = sqlx::query_as(
        "SELECT u.id,
            EXISTS (SELECT 1 FROM shift_signups x JOIN shifts s ON s.id = x.shift_id
                    WHERE x.user_id = u.id AND s.cancelled = 0 AND s.starts_at <= ?2 AND s.ends_at > ?2),
            (SELECT COUNT(*) FROM orders o WHERE o.assignee_id = u.id
                    AND o.status IN ('dispatched', 'accepted', 'in_progress'))
         FROM users u
         WHERE u.community_id = ?1
           AND (?3 IS NULL OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ?3))
         ORDER BY u.name, u.id",
    )
    .bind(community_id)
    .bind(clock::now())
    .bind(granted.map(Role::as_str))
    .fetch_all(pool)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for (id, on_shift_now, open_orders) in rows {
        if let Some(user) = super::by_id(pool, &id).await? {
            items.push(UserWithLoad {
                user,
                on_shift_now,
                open_orders,
            });
        }
    }
    Ok(items)
}
