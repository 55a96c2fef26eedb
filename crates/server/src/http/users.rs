//! `/users` (dispatchers and admins): volunteers with their load, and granting roles.

use axum::extract::{Path, Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::Role;

use crate::error::ApiError;
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::users::workload::{self, UserWithLoad};
use crate::users::{roles, User};
use crate::AppState;

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
    let pool = state.db.pool();
    let role = filter.role.as_deref();
    let items = workload::list(pool, &caller.user.community_id, role).await?;
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
    let user = roles::set(state.db.pool(), &caller.user, &id, &body.roles).await?;
    Ok(Json(user))
}
