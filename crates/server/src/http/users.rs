//! `/users` (dispatchers and admins): volunteers with their load, and granting roles.

use axum::extract::{Path, Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::Role;

use crate::error::ApiError;
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::users::{self, User};
use crate::{clock, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(set_roles))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Filter {
    role: Option<String>,
}

/// A user as a dispatcher chooses among them: on shift right now, and how many open orders
/// they already carry.
#[derive(Serialize, utoipa::ToSchema)]
struct UserWithLoad {
    #[serde(flatten)]
    user: User,
    on_shift_now: bool,
    open_orders: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
struct UserList {
    items: Vec<UserWithLoad>,
}

#[utoipa::path(
    get,
    path = "/users",
    tag = "administration",
    description = "Dispatchers and admins: users (optionally of one role) with whether they are on shift now and their open orders.",
    params(Filter),
    responses(
        (status = 200, body = UserList),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(filter): Query<Filter>,
) -> Result<Json<UserList>, ApiError> {
    caller.require_any(&[Role::Dispatcher, Role::Admin])?;
    let role = match filter.role.as_deref() {
        None => None,
        Some(text) => Some(Role::parse(text).ok_or_else(|| {
            ApiError::field("role", "one of resident, volunteer, dispatcher, admin")
        })?),
    };
    // Every user is a resident: asking for residents is asking for everyone.
    let granted = role.filter(|role| *role != Role::Resident);
    let pool = state.db.pool();
    let now = clock::now();
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
    .bind(&caller.user.community_id)
    .bind(now)
    .bind(granted.map(Role::as_str))
    .fetch_all(pool)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for (id, on_shift_now, open_orders) in rows {
        if let Some(user) = users::by_id(pool, &id).await? {
            items.push(UserWithLoad {
                user,
                on_shift_now,
                open_orders,
            });
        }
    }
    Ok(Json(UserList { items }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Roles {
    roles: Vec<String>,
}

#[utoipa::path(
    put,
    path = "/users/{id}/roles",
    tag = "administration",
    description = "Admins: set a user's roles.",
    request_body = Roles,
    params(("id" = String, Path, description = "The resource id")),
    responses(
        (status = 200, body = User),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn set_roles(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Roles>,
) -> Result<Json<User>, ApiError> {
    caller.require_any(&[Role::Admin])?;
    let roles = body
        .roles
        .iter()
        .map(|text| {
            Role::parse(text)
                .ok_or_else(|| ApiError::field("roles", format!("unknown role `{text}`")))
        })
        .collect::<Result<Vec<Role>, ApiError>>()?;
    if id == caller.user.id && !roles.contains(&Role::Admin) {
        // The community must not lose its last way to manage itself by a slip of the finger.
        return Err(ApiError::field(
            "roles",
            "you cannot remove your own admin role",
        ));
    }
    let pool = state.db.pool();
    let target = users::by_id(pool, &id).await?.ok_or(ApiError::NotFound)?;
    if target.community_id != caller.user.community_id {
        return Err(ApiError::NotFound);
    }
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM user_roles WHERE user_id = ?")
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    for role in roles.iter().filter(|role| **role != Role::Resident) {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING")
            .bind(&id)
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
        Some(&caller.user.id),
        "roles_set",
        &id,
        Some(&granted.join(",")),
    )
    .await?;
    tx.commit().await?;
    users::by_id(pool, &id)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
}
