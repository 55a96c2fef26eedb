//! An admin writes the notices: `PUT /notices/{id}` creates or replaces one, `DELETE`
//! removes it. And the notice `announcement`, which `PUT /community` writes for admin
//! tools made before notices.

use sqlx::{SqliteConnection, SqlitePool};
use yizhan_core::inbox::InboxKind;
use yizhan_core::model::Notice;
use yizhan_core::workbench::notices::check;
pub use yizhan_core::workbench::notices::NoticeBody;
use yizhan_core::workbench::parse_date;

use super::put::{check_admin_id, Put};
use crate::clock;
use crate::db;
use crate::error::ApiError;
use crate::inbox::{tell_people, News, Subject};

/// The id of the notice that stands for the community's one announcement.
pub const ANNOUNCEMENT: &str = "announcement";
/// Its title, as the migration gave it.
const ANNOUNCEMENT_TITLE: &str = "社区公告";

/// A date as stored: `YYYY-MM-DD`, whatever padding it came with.
fn stored_date(text: Option<&str>) -> Option<String> {
    text.and_then(parse_date).map(|date| date.to_string())
}

/// Writes notice `id` of `community_id` as given, on `conn` (inside the caller's
/// transaction); `updated_at` moves even within one second.
async fn write(
    conn: &mut SqliteConnection,
    community_id: &str,
    id: &str,
    body: &NoticeBody,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO notices (community_id, id, title, body, starts_on, ends_on, pinned, updated_at, announced)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT (community_id, id) DO UPDATE SET title = excluded.title,
             body = excluded.body, starts_on = excluded.starts_on, ends_on = excluded.ends_on,
             pinned = excluded.pinned,
             updated_at = MAX(excluded.updated_at, notices.updated_at + 1)",
    )
    .bind(community_id)
    .bind(id)
    .bind(body.title.trim())
    .bind(body.body.trim())
    .bind(stored_date(body.starts_on.as_deref()))
    .bind(stored_date(body.ends_on.as_deref()))
    .bind(body.pinned)
    .bind(clock::now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// Creates or replaces notice `id` of `community_id` with `body`.
pub async fn put(
    pool: &SqlitePool,
    community_id: &str,
    id: &str,
    body: NoticeBody,
) -> Result<Put<Notice>, ApiError> {
    check_admin_id(id)?;
    ApiError::unless_valid(check(&body))?;
    let mut tx = db::write(pool).await?;
    let existed: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM notices WHERE community_id = ? AND id = ?")
            .bind(community_id)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    write(&mut tx, community_id, id, &body).await?;
    tx.commit().await?;
    let notice = super::notices::one(pool, community_id, id).await?;
    Ok(match existed {
        Some(_) => Put::Replaced(notice),
        None => Put::Created(notice),
    })
}

/// Tells everyone of its community of each new notice whose first day has come
/// (`today`, the community's), once (issue 18); answers how many items were written. A
/// notice whose last day passed before it was told is left untold.
pub async fn announce_due(pool: &SqlitePool, today: time::Date) -> Result<u32, ApiError> {
    let today = today.to_string();
    let due: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT community_id, id, title, updated_at FROM notices
         WHERE announced = 0 AND (starts_on IS NULL OR starts_on <= ?)
           AND (ends_on IS NULL OR ends_on >= ?)",
    )
    .bind(&today)
    .bind(&today)
    .fetch_all(pool)
    .await?;
    let mut told = 0;
    for (community_id, id, title, updated_at) in due {
        let mut tx = db::write(pool).await?;
        // Taken for this look first: two looks at once (two instances) tell once.
        let taken = sqlx::query(
            "UPDATE notices SET announced = 1 WHERE community_id = ? AND id = ? AND announced = 0",
        )
        .bind(&community_id)
        .bind(&id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if taken == 1 {
            let people: Vec<String> = sqlx::query_scalar(
                "SELECT id FROM users WHERE community_id = ? AND active = 1 ORDER BY id",
            )
            .bind(&community_id)
            .fetch_all(&mut *tx)
            .await?;
            let news = News {
                kind: InboxKind::NewNotice,
                event_id: &format!("notice:{community_id}:{id}:{updated_at}"),
                subject: Subject::Notice(&id),
                title: &title,
                note: None,
                at_ms: clock::now_ms(),
            };
            told += tell_people(&mut tx, &news, &people).await?;
        }
        tx.commit().await?;
    }
    Ok(told)
}

/// Removes notice `id` of `community_id`; 404 when there is none.
pub async fn remove(pool: &SqlitePool, community_id: &str, id: &str) -> Result<(), ApiError> {
    let removed = sqlx::query("DELETE FROM notices WHERE community_id = ? AND id = ?")
        .bind(community_id)
        .bind(id)
        .execute(pool)
        .await?;
    if removed.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(())
}

/// What an admin tool made before notices means by `PUT /community` with an
/// `announcement`: the notice `announcement` (pinned, no dates) says `text`, or is
/// removed when `text` is blank. The caller checks first that `text` is not simply what
/// `GET /community` answered (sent back unchanged, it changes nothing).
pub async fn write_announcement(
    conn: &mut SqliteConnection,
    community_id: &str,
    text: &str,
) -> Result<(), ApiError> {
    if text.trim().is_empty() {
        sqlx::query("DELETE FROM notices WHERE community_id = ? AND id = ?")
            .bind(community_id)
            .bind(ANNOUNCEMENT)
            .execute(conn)
            .await?;
        return Ok(());
    }
    let body = NoticeBody {
        title: ANNOUNCEMENT_TITLE.to_string(),
        body: text.to_string(),
        pinned: true,
        ..NoticeBody::default()
    };
    write(conn, community_id, ANNOUNCEMENT, &body).await
}
