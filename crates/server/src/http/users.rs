//! `/users` (staff): people with their load, found by phone or name; roles and edits
//! (admins); residents registered by staff who have no account (extension, issue 17).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::Role;

use crate::error::ApiError;
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::users::people::{self, NewResident, Registered, UserUpdate};
use crate::users::workload::{self, UserWithLoad};
use crate::users::{roles, User};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, register))
        .routes(routes!(set_roles))
        .routes(routes!(update))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Filter {
    /// Only users holding this role (resident: everyone).
    role: Option<String>,
    /// Extension: digits of a phone number (matched on the normalised number, `+86`,
    /// spaces and hyphens dropped), or part of a name.
    q: Option<String>,
    /// Extension: at most this many (1 to 200, default 50), by name.
    limit: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct UserList {
    items: Vec<UserWithLoad>,
    /// Extension: more matched than `limit`.
    has_more: bool,
}

#[utoipa::path(
    get,
    path = "/users",
    tag = "administration",
    description = "Dispatchers and admins: users (optionally of one role) with whether they are on shift now and their open orders. Extensions: `q` finds by phone digits or part of a name, `limit` (default 50, at most 200), `has_more`; each user's `active`, `service_minutes` for volunteers (null otherwise), and for admins `phone` whole.",
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
    let found = workload::list(
        pool,
        &caller.user,
        filter.role.as_deref(),
        filter.q.as_deref(),
        filter.limit.as_deref(),
    )
    .await?;
    Ok(Json(UserList {
        items: found.items,
        has_more: found.has_more,
    }))
}

#[utoipa::path(
    post,
    path = "/users",
    tag = "administration",
    description = "Extension, grid workers, dispatchers and admins: register a resident who has no account, with their consent (`consent: true`, else 422 at `consent`; recorded in the audit log with who recorded it and when). 201 with the new user; 200 with the existing one when the number already has an account. Phone normalised as sign-in does; grid: as given, else the recorder's, else the community's first.",
    request_body = NewResident,
    responses(
        (status = 201, body = User),
        (status = 200, body = User),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn register(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<NewResident>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    caller.require_any(&[Role::GridWorker, Role::Dispatcher, Role::Admin])?;
    Ok(
        match people::register(state.db.pool(), &caller.user, body).await? {
            Registered::New(user) => (StatusCode::CREATED, Json(user)),
            Registered::Existing(user) => (StatusCode::OK, Json(user)),
        },
    )
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
    description = "Admins: set a user's roles (resident, volunteer, grid_worker, dispatcher, admin).",
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

#[utoipa::path(
    put,
    path = "/users/{id}",
    tag = "administration",
    description = "Extension, admins: replace a user's name (1-30 characters), grid, address (at most 120) and whether the account is active. Deactivating ends their sessions and refuses their sign-in (401 account_inactive); an admin cannot deactivate themselves (422 at `active`). Audited.",
    request_body = UserUpdate,
    params(("id" = String, Path, description = "The user id")),
    responses(
        (status = 200, body = User),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::NotFound,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<UserUpdate>,
) -> Result<Json<User>, ApiError> {
    caller.require_any(&[Role::Admin])?;
    let user = people::update(state.db.pool(), &caller.user, &id, body).await?;
    Ok(Json(user))
}
