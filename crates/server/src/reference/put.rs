//! `PUT /services/{id}`, `/grids/{id}`, `/stations/{id}`: an admin creates or replaces a
//! record under an id of their choosing. The flow is one for all three (check the id and
//! the body, note whether the id is new here, write, read back); each resource says only
//! how to check, write and read its own rows, as a [`Record`].

use sqlx::SqlitePool;

use crate::error::ApiError;

/// What a PUT did: made the record (201) or replaced it (200). Either way, the record as
/// a read now returns it.
pub enum Put<T> {
    Created(T),
    Replaced(T),
}

/// Reference tables an admin writes by id.
#[derive(Clone, Copy)]
pub enum Table {
    Services,
    Grids,
    Stations,
}

/// A kind of reference record an admin writes whole by id.
pub(crate) trait Record {
    /// What the admin sends.
    type Body;
    /// What a read returns, and so the PUT too.
    type Answer;
    const TABLE: Table;

    /// Everything wrong with `body`, answered as one 422 (some checks read the database,
    /// such as a code another record already uses).
    async fn check(
        pool: &SqlitePool,
        community_id: &str,
        id: &str,
        body: &Self::Body,
    ) -> Result<(), ApiError>;

    /// Inserts or updates in one statement (or one transaction), so that two admins
    /// putting the same new id at once cannot fail on the primary key.
    async fn write(
        pool: &SqlitePool,
        community_id: &str,
        id: &str,
        body: Self::Body,
    ) -> Result<(), ApiError>;

    /// The record as a read returns it; 404 when there is none.
    async fn read(
        pool: &SqlitePool,
        community_id: &str,
        id: &str,
    ) -> Result<Self::Answer, ApiError>;
}

/// Creates or replaces record `id` of kind `R` in the caller's community.
pub(crate) async fn create_or_replace<R: Record>(
    pool: &SqlitePool,
    community_id: &str,
    id: &str,
    body: R::Body,
) -> Result<Put<R::Answer>, ApiError> {
    check_admin_id(id)?;
    R::check(pool, community_id, id, &body).await?;
    let existed = exists_here(pool, R::TABLE, id, community_id).await?;
    R::write(pool, community_id, id, body).await?;
    let record = R::read(pool, community_id, id).await?;
    Ok(if existed {
        Put::Replaced(record)
    } else {
        Put::Created(record)
    })
}

/// The id in the path of an admin's `PUT`: one an admin may choose
/// ([`yizhan_core::workbench::check_admin_id`]).
pub fn check_admin_id(id: &str) -> Result<(), ApiError> {
    ApiError::unless_valid(
        yizhan_core::workbench::check_admin_id(id).map(|problem| ("id", problem)),
    )
}

/// Whether `id` already exists in the caller's community (a replace) or not (a create).
/// An id another community uses is refused rather than taken over.
async fn exists_here(
    pool: &SqlitePool,
    table: Table,
    id: &str,
    community_id: &str,
) -> Result<bool, ApiError> {
    let sql = match table {
        Table::Services => "SELECT community_id FROM services WHERE id = ?",
        Table::Grids => "SELECT community_id FROM grids WHERE id = ?",
        Table::Stations => "SELECT community_id FROM stations WHERE id = ?",
    };
    let owner: Option<String> = sqlx::query_scalar(sql)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    match owner {
        None => Ok(false),
        Some(owner) if owner == community_id => Ok(true),
        Some(_) => Err(ApiError::Forbidden),
    }
}
