//! What staff do with people (issue 17): register a resident who has no account, with
//! their consent (grid workers, dispatchers, admins), and an admin's edit of a user, who
//! may be deactivated: their sessions end and sign-in refuses them. Both audited.

use sqlx::{SqliteConnection, SqlitePool};
use yizhan_core::phone::MobileNumber;
use yizhan_core::validation::FieldProblem;
use yizhan_core::workbench::people::{check_new_resident, check_user_update};
pub use yizhan_core::workbench::people::{NewResident, UserUpdate};

use super::User;
use crate::auth::sessions;
use crate::clock;
use crate::db;
use crate::error::ApiError;

/// Whether a registration made the resident or found them already there.
pub enum Registered {
    New(User),
    Existing(User),
}

/// The grid a new resident joins: `wanted` (which must be the community's: else a 422
/// at `grid_id`), else the grid of whoever records them (`recorder_grid`), else the
/// community's first grid.
pub(crate) async fn place(
    conn: &mut SqliteConnection,
    community_id: &str,
    wanted: Option<&str>,
    recorder_grid: Option<&str>,
) -> Result<Option<String>, ApiError> {
    if let Some(grid) = wanted {
        return match grid_of(conn, community_id, grid).await? {
            Some(grid) => Ok(Some(grid)),
            None => Err(ApiError::invalid([("grid_id", FieldProblem::NotHere)])),
        };
    }
    if let Some(grid) = recorder_grid {
        if let Some(grid) = grid_of(conn, community_id, grid).await? {
            return Ok(Some(grid));
        }
    }
    Ok(sqlx::query_scalar(
        "SELECT id FROM grids WHERE community_id = ? ORDER BY position, id LIMIT 1",
    )
    .bind(community_id)
    .fetch_optional(conn)
    .await?)
}

/// Grid `id`, if it is one of `community_id`'s.
pub(crate) async fn grid_of(
    conn: &mut SqliteConnection,
    community_id: &str,
    id: &str,
) -> Result<Option<String>, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM grids WHERE id = ? AND community_id = ?")
            .bind(id)
            .bind(community_id)
            .fetch_optional(conn)
            .await?,
    )
}

/// A resident someone records for the community, with their consent.
pub(crate) struct Recorded<'a> {
    pub phone: &'a MobileNumber,
    /// Their name; the masked number when not given.
    pub name: Option<&'a str>,
    pub address: Option<&'a str>,
    pub grid_id: Option<String>,
    /// Who recorded them.
    pub recorder: &'a User,
    /// How, for the audit record (`POST /users`, an order filed by phone …).
    pub how: &'a str,
}

/// Makes `resident` an account of `recorder`'s community on `conn` (inside the caller's
/// transaction), recording in the audit log that they consented, who recorded it and
/// when. Answers the account's id; a number that already has an account keeps it (the
/// caller looks first, and a concurrent registration may have been quicker).
pub(crate) async fn record_in(
    conn: &mut SqliteConnection,
    resident: Recorded<'_>,
) -> Result<String, ApiError> {
    let id = uuid::Uuid::now_v7().to_string();
    let name = resident
        .name
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| resident.phone.masked());
    let address = resident
        .address
        .map(str::trim)
        .filter(|address| !address.is_empty());
    let made = sqlx::query(
        "INSERT INTO users (id, phone, name, community_id, grid_id, address, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (phone) DO NOTHING",
    )
    .bind(&id)
    .bind(resident.phone.as_str())
    .bind(&name)
    .bind(&resident.recorder.community_id)
    .bind(&resident.grid_id)
    .bind(address)
    .bind(clock::now())
    .execute(&mut *conn)
    .await?;
    if made.rows_affected() == 0 {
        return sqlx::query_scalar("SELECT id FROM users WHERE phone = ?")
            .bind(resident.phone.as_str())
            .fetch_one(&mut *conn)
            .await
            .map_err(ApiError::from);
    }
    crate::audit::record_in(
        conn,
        Some(&resident.recorder.id),
        "resident_registered",
        &id,
        Some(&format!("consent given; {}", resident.how)),
    )
    .await?;
    Ok(id)
}

/// `POST /users`: registers the resident `body` describes for `recorder`'s community, or
/// finds them (a number with an account is that account: the request is idempotent). A
/// number registered with another community is a 422 at `phone`.
pub async fn register(
    pool: &SqlitePool,
    recorder: &User,
    body: NewResident,
) -> Result<Registered, ApiError> {
    let phone = check_new_resident(&body).map_err(ApiError::invalid)?;
    let mut tx = db::write(pool).await?;
    let existing: Option<(String, String)> =
        sqlx::query_as("SELECT id, community_id FROM users WHERE phone = ?")
            .bind(phone.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((id, community_id)) = existing {
        if community_id != recorder.community_id {
            return Err(ApiError::invalid([("phone", FieldProblem::OtherCommunity)]));
        }
        tx.commit().await?;
        let user = super::by_id(pool, &id).await?.ok_or(ApiError::NotFound)?;
        return Ok(Registered::Existing(user));
    }
    let grid_id = place(
        &mut tx,
        &recorder.community_id,
        body.grid_id.as_deref(),
        recorder.grid_id.as_deref(),
    )
    .await?;
    let id = record_in(
        &mut tx,
        Recorded {
            phone: &phone,
            name: Some(&body.name),
            address: body.address.as_deref(),
            grid_id,
            recorder,
            how: "registered by staff",
        },
    )
    .await?;
    tx.commit().await?;
    let user = super::by_id(pool, &id).await?.ok_or(ApiError::NotFound)?;
    Ok(Registered::New(user))
}

/// `PUT /users/{id}`: an admin replaces a user's name, grid, address, year of birth and
/// whether the account is active. Deactivating ends every session of theirs in the same
/// transaction; no admin deactivates themselves (422 at `active`). Audited.
pub async fn update(
    pool: &SqlitePool,
    admin: &User,
    id: &str,
    body: UserUpdate,
) -> Result<User, ApiError> {
    ApiError::unless_valid(check_user_update(&body, id, &admin.id))?;
    let target = super::by_id(pool, id).await?.ok_or(ApiError::NotFound)?;
    if target.community_id != admin.community_id {
        return Err(ApiError::NotFound);
    }
    let mut tx = db::write(pool).await?;
    if let Some(grid) = body.grid_id.as_deref() {
        if grid_of(&mut tx, &admin.community_id, grid).await?.is_none() {
            return Err(ApiError::invalid([("grid_id", FieldProblem::NotHere)]));
        }
    }
    let name = body.name.trim();
    let address = body
        .address
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    let born_before: Option<i64> = sqlx::query_scalar("SELECT birth_year FROM users WHERE id = ?")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    // Left out, the year of birth stays as it was.
    sqlx::query(
        "UPDATE users SET name = ?, grid_id = ?, address = ?, active = ?,
                birth_year = CASE WHEN ? THEN ? ELSE birth_year END
         WHERE id = ?",
    )
    .bind(name)
    .bind(&body.grid_id)
    .bind(address)
    .bind(body.active)
    .bind(body.birth_year.is_some())
    .bind(body.birth_year.flatten())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let mut changed: Vec<String> = Vec::new();
    if name != target.name {
        changed.push("name".into());
    }
    if body.grid_id != target.grid_id {
        changed.push("grid_id".into());
    }
    if address != target.address.as_deref() {
        changed.push("address".into());
    }
    if body.active != target.active {
        changed.push(format!("active={}", body.active));
    }
    if body
        .birth_year
        .is_some_and(|year| year.map(i64::from) != born_before)
    {
        changed.push("birth_year".into());
    }
    if !body.active {
        let ended = sessions::end_all_in(&mut tx, id).await?;
        if ended > 0 {
            changed.push(format!("sessions_ended={ended}"));
        }
    }
    crate::audit::record_in(
        &mut tx,
        Some(&admin.id),
        "user_updated",
        id,
        Some(&changed.join(",")),
    )
    .await?;
    tx.commit().await?;
    super::by_id(pool, id).await?.ok_or(ApiError::NotFound)
}
