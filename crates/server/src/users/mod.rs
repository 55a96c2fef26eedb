//! The people who use Yizhan, as the API shows them: looked up by id or phone, and made
//! a resident by a first sign-in where registration is open, or by staff who register
//! them (`people`). What admins and dispatchers do with them is in `roles`, `people` and
//! `workload`; a user's own profile in `profile`, their record of service in `record`.

pub mod people;
pub mod profile;
pub mod record;
pub mod roles;
pub mod workload;

use serde::Serialize;
use sqlx::SqlitePool;
use yizhan_core::model::Role;
use yizhan_core::phone::MobileNumber;

use crate::clock;
use crate::error::ApiError;

/// The contract's `User`.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct User {
    pub id: String,
    pub name: String,
    pub phone_masked: String,
    pub roles: Vec<String>,
    pub community_id: String,
    pub grid_id: Option<String>,
    pub address: Option<String>,
    /// Extension (issue 17): false once an admin deactivated the account (it cannot sign
    /// in; its sessions ended).
    pub active: bool,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: String,
    name: String,
    phone: String,
    community_id: String,
    grid_id: Option<String>,
    address: Option<String>,
    active: bool,
}

async fn with_roles(pool: &SqlitePool, row: UserRow) -> Result<User, ApiError> {
    let granted: Vec<String> = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = ?")
        .bind(&row.id)
        .fetch_all(pool)
        .await?;
    Ok(assemble(row, &granted))
}

/// The user of `row`, who holds the roles `granted` (their stored names).
fn assemble(row: UserRow, granted: &[String]) -> User {
    // Everyone is a resident; the roles follow in the contract's order, so answers are
    // stable whatever order they were granted in.
    let roles = Role::ALL
        .into_iter()
        .filter(|role| *role == Role::Resident || role.held_in(granted))
        .map(|role| role.as_str().to_string())
        .collect();
    let phone_masked = MobileNumber::parse(&row.phone)
        .map(|n| n.masked())
        .unwrap_or_else(|_| "***".to_string());
    User {
        id: row.id,
        name: row.name,
        phone_masked,
        roles,
        community_id: row.community_id,
        grid_id: row.grid_id,
        address: row.address,
        active: row.active,
    }
}

/// A user and their roles read by one statement, for a lookup made on every request
/// (the caller behind a token): the columns of [`WITH_ROLES`], from `users` as `u`.
#[derive(sqlx::FromRow)]
pub struct UserWithRoles {
    #[sqlx(flatten)]
    row: UserRow,
    /// The granted roles' stored names joined by commas (`group_concat`); role names
    /// have no commas.
    roles: Option<String>,
}

/// The columns [`UserWithRoles`] reads, for a statement that joins `users u`.
pub const WITH_ROLES: &str =
    "u.id, u.name, u.phone, u.community_id, u.grid_id, u.address, u.active,
    (SELECT group_concat(r.role) FROM user_roles r WHERE r.user_id = u.id) AS roles";

impl From<UserWithRoles> for User {
    fn from(found: UserWithRoles) -> User {
        let granted: Vec<String> = found
            .roles
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .filter(|role| !role.is_empty())
            .map(str::to_string)
            .collect();
        assemble(found.row, &granted)
    }
}

const SELECT_USER: &str =
    "SELECT id, name, phone, community_id, grid_id, address, active FROM users";

pub async fn by_id(pool: &SqlitePool, id: &str) -> Result<Option<User>, ApiError> {
    let row: Option<UserRow> = sqlx::query_as(&format!("{SELECT_USER} WHERE id = ?"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    match row {
        Some(row) => Ok(Some(with_roles(pool, row).await?)),
        None => Ok(None),
    }
}

pub async fn id_by_phone(
    pool: &SqlitePool,
    phone: &MobileNumber,
) -> Result<Option<String>, ApiError> {
    Ok(sqlx::query_scalar("SELECT id FROM users WHERE phone = ?")
        .bind(phone.as_str())
        .fetch_optional(pool)
        .await?)
}

/// Whether the account of `phone` (if there is one) was deactivated: it may not sign in.
pub async fn is_inactive(pool: &SqlitePool, phone: &MobileNumber) -> Result<bool, ApiError> {
    let active: Option<bool> = sqlx::query_scalar("SELECT active FROM users WHERE phone = ?")
        .bind(phone.as_str())
        .fetch_optional(pool)
        .await?;
    Ok(active == Some(false))
}

/// Registers a number the community did not know as a resident of its first grid, named
/// after the masked number until they say otherwise.
pub async fn register_resident(
    pool: &SqlitePool,
    phone: &MobileNumber,
) -> Result<String, ApiError> {
    let id = uuid::Uuid::now_v7().to_string();
    let placement: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT c.id, (SELECT g.id FROM grids g WHERE g.community_id = c.id ORDER BY g.position LIMIT 1)
         FROM communities c ORDER BY c.rowid LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    let Some((community_id, grid_id)) = placement else {
        // No community configured: nobody can join one.
        return Err(ApiError::UnknownPhone);
    };
    sqlx::query(
        "INSERT INTO users (id, phone, name, community_id, grid_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (phone) DO NOTHING",
    )
    .bind(&id)
    .bind(phone.as_str())
    .bind(phone.masked())
    .bind(&community_id)
    .bind(&grid_id)
    .bind(clock::now())
    .execute(pool)
    .await?;
    // A concurrent first sign-in may have won the insert: whoever did, the number has one user.
    id_by_phone(pool, phone)
        .await?
        .ok_or(ApiError::UnknownPhone)
}
