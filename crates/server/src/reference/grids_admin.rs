//! An admin writes a grid whole by id ([`super::put`]), its posted contacts with it,
//! replaced in one transaction so residents never see half a contact list.

use std::collections::HashSet;

use serde::Deserialize;
use sqlx::SqlitePool;
use yizhan_core::model::{ContactRole, Grid};
use yizhan_core::validation::{NOTE_MAX, TITLE_MAX};

use super::put::{Record, Table};
use crate::checks::{check_admin_id, Problems};
use crate::clock;
use crate::error::ApiError;

const CONTACTS_MAX: usize = 50;
const WECHAT_MAX: usize = 40;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GridBody {
    #[serde(default, rename = "id")]
    _id: Option<String>,
    #[serde(default, rename = "updated_at")]
    _updated_at: Option<String>,
    name: String,
    #[serde(default)]
    area: String,
    #[serde(default)]
    contacts: Vec<ContactBody>,
}

/// A contact as GET returns it; without `id` the server names it.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactBody {
    #[serde(default)]
    id: Option<String>,
    name: String,
    role: ContactRole,
    #[serde(default)]
    title: String,
    phone: String,
    #[serde(default)]
    wechat: Option<String>,
    #[serde(default)]
    duty_hours: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

fn check(body: &GridBody) -> Result<(), ApiError> {
    let mut problems = Problems::default();
    problems.text("name", &body.name, 1, TITLE_MAX);
    problems.text("area", &body.area, 0, NOTE_MAX);
    if body.contacts.len() > CONTACTS_MAX {
        problems.add("contacts", "at most 50 contacts");
    }
    let mut ids = HashSet::new();
    for (index, contact) in body.contacts.iter().enumerate() {
        let at = |member: &str| format!("contacts[{index}].{member}");
        if let Some(id) = &contact.id {
            if check_admin_id(id).is_err() {
                problems.add(at("id"), "1 to 64 letters, digits, - or _");
            }
            if !ids.insert(id.as_str()) {
                problems.add(at("id"), "used by another contact in this grid");
            }
        }
        problems.text(at("name"), &contact.name, 1, TITLE_MAX);
        problems.text(at("title"), &contact.title, 0, TITLE_MAX);
        problems.dialable(at("phone"), &contact.phone);
        problems.optional_text(at("wechat"), contact.wechat.as_deref(), WECHAT_MAX);
        problems.optional_text(at("duty_hours"), contact.duty_hours.as_deref(), TITLE_MAX);
        problems.optional_text(at("note"), contact.note.as_deref(), NOTE_MAX);
    }
    problems.finish()
}

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
        check(body)
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
                return Err(ApiError::field(
                    &format!("contacts[{position}].id"),
                    "used by a contact of another grid",
                ));
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn read(pool: &SqlitePool, community_id: &str, id: &str) -> Result<Grid, ApiError> {
        super::grids::one(pool, community_id, id).await
    }
}
