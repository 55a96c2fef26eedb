//! What people are told (issue 18), kept per person: written in the same transaction as
//! the act it tells of, so there is no act without its telling and no telling of an act
//! that did not happen; read page by page after a cursor, and marked read across the
//! person's devices. Whom to tell is core's rule ([`yizhan_core::inbox::told_of`]).

use sqlx::{SqliteConnection, SqlitePool};
use yizhan_core::inbox::{
    check_read, is_told, told_of, Happening, InboxItem, InboxKind, InboxPage, ReadBody, Recipient,
    Unread,
};
use yizhan_core::model::Role;

use crate::clock;
use crate::error::ApiError;
use crate::paging::page_size;

/// An act on an order, as what is told of it needs it.
pub struct About<'a> {
    /// The timeline entry's id: one telling per person per entry.
    pub event_id: &'a str,
    pub community_id: &'a str,
    pub order_id: &'a str,
    pub title: &'a str,
    /// The reason given with the act.
    pub note: Option<&'a str>,
    pub at_ms: i64,
    pub owner_id: &'a str,
    /// Whom the order is with after the act.
    pub assignee_id: Option<&'a str>,
    /// Who filed it on the owner's behalf, if someone did.
    pub filer_id: Option<&'a str>,
    /// Who acted: never told of it.
    pub actor_id: &'a str,
}

/// Tells whom core says of `happening`, inside the act's own transaction. A person told
/// twice of one entry (a resend, or two roles at once) has one item.
pub async fn tell(
    conn: &mut SqliteConnection,
    happening: Happening,
    about: &About<'_>,
) -> Result<(), sqlx::Error> {
    for (recipient, kind) in told_of(happening) {
        let people: Vec<String> = match recipient {
            Recipient::Owner => vec![about.owner_id.to_string()],
            Recipient::Assignee => about.assignee_id.map(str::to_string).into_iter().collect(),
            Recipient::Filer => about.filer_id.map(str::to_string).into_iter().collect(),
            Recipient::Dispatchers => dispatchers(&mut *conn, about.community_id).await?,
        };
        for person in people.iter().filter(|p| is_told(p, about.actor_id)) {
            sqlx::query(
                "INSERT INTO inbox (id, user_id, kind, order_id, title, note, at, seq)
                 VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM inbox))
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(format!("{}:{person}", about.event_id))
            .bind(person)
            .bind(kind.as_str())
            .bind(about.order_id)
            .bind(about.title)
            .bind(about.note)
            .bind(about.at_ms)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// What an item told outside an act on an order is about.
pub enum Subject<'a> {
    Order(&'a str),
    Shift(&'a str),
    Notice(&'a str),
    Activity(&'a str),
    Booking(&'a str),
}

/// What is told, and under which event: one item per person per `event_id` (a
/// reminder's is its kind and shift, so it is written once however often it is looked
/// for; a change's is new each time).
pub struct News<'a> {
    pub kind: InboxKind,
    pub event_id: &'a str,
    pub subject: Subject<'a>,
    pub title: &'a str,
    pub note: Option<&'a str>,
    pub at_ms: i64,
}

/// Tells each of `people` `news`; answers how many items were new.
pub async fn tell_people(
    conn: &mut SqliteConnection,
    news: &News<'_>,
    people: &[String],
) -> Result<u32, sqlx::Error> {
    let (mut order_id, mut shift_id, mut notice_id) = (None, None, None);
    let (mut activity_id, mut booking_id) = (None, None);
    match news.subject {
        Subject::Order(id) => order_id = Some(id),
        Subject::Shift(id) => shift_id = Some(id),
        Subject::Notice(id) => notice_id = Some(id),
        Subject::Activity(id) => activity_id = Some(id),
        Subject::Booking(id) => booking_id = Some(id),
    }
    let mut told = 0;
    for person in people {
        let done = sqlx::query(
            "INSERT INTO inbox (id, user_id, kind, order_id, shift_id, notice_id, activity_id, booking_id,
                                title, note, at, seq)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM inbox))
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(format!("{}:{person}", news.event_id))
        .bind(person)
        .bind(news.kind.as_str())
        .bind(order_id)
        .bind(shift_id)
        .bind(notice_id)
        .bind(activity_id)
        .bind(booking_id)
        .bind(news.title)
        .bind(news.note)
        .bind(news.at_ms)
        .execute(&mut *conn)
        .await?;
        told += u32::try_from(done.rows_affected()).unwrap_or(0);
    }
    Ok(told)
}

/// The active dispatchers of `community_id`.
pub async fn dispatchers(
    conn: &mut SqliteConnection,
    community_id: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role = ? AND u.community_id = ? AND u.active = 1 ORDER BY u.id",
    )
    .bind(Role::Dispatcher.as_str())
    .bind(community_id)
    .fetch_all(conn)
    .await
}

/// An inbox item as stored.
#[derive(sqlx::FromRow)]
pub struct Stored {
    pub id: String,
    pub user_id: String,
    pub kind: String,
    pub order_id: Option<String>,
    pub shift_id: Option<String>,
    pub notice_id: Option<String>,
    pub activity_id: Option<String>,
    pub booking_id: Option<String>,
    pub title: String,
    pub note: Option<String>,
    /// Unix milliseconds.
    pub at: i64,
    pub read_at: Option<i64>,
    pub seq: i64,
}

/// The columns of [`Stored`], for a `SELECT … FROM inbox`.
pub const STORED: &str =
    "id, user_id, kind, order_id, shift_id, notice_id, activity_id, booking_id, title, note, at, read_at, seq";

/// An item's kind as stored.
pub fn kind_of(id: &str, kind: &str) -> Result<InboxKind, ApiError> {
    serde_json::from_value(serde_json::Value::String(kind.to_string()))
        .map_err(|_| ApiError::Stored(format!("inbox item {id} has kind `{kind}`")))
}

impl Stored {
    /// The item as `GET /inbox` lists it; an unknown kind is a stored-data error.
    pub fn item(self) -> Result<InboxItem, ApiError> {
        let kind = kind_of(&self.id, &self.kind)?;
        Ok(InboxItem {
            id: self.id,
            kind,
            order_id: self.order_id,
            shift_id: self.shift_id,
            notice_id: self.notice_id,
            activity_id: self.activity_id,
            booking_id: self.booking_id,
            title: self.title,
            note: self.note,
            at: clock::rfc3339_ms(self.at),
            read: self.read_at.is_some(),
        })
    }
}

/// What changed in `user_id`'s inbox after `since` (a cursor from an earlier page; from
/// the start without one), oldest first, and how many are unread.
pub async fn page(
    pool: &SqlitePool,
    user_id: &str,
    since: Option<&str>,
    limit: Option<&str>,
) -> Result<InboxPage, ApiError> {
    let since = match since {
        None => 0,
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|seq| *seq >= 0)
            .ok_or_else(|| ApiError::field("since", "not a cursor this server returned"))?,
    };
    let limit = i64::from(page_size(limit)?);
    let mut conn = pool.acquire().await?;
    let mut rows: Vec<Stored> = sqlx::query_as(&format!(
        "SELECT {STORED} FROM inbox WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?"
    ))
    .bind(user_id)
    .bind(since)
    .bind(limit.saturating_add(1))
    .fetch_all(&mut *conn)
    .await?;
    let has_more = rows.len() as i64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    let next = rows.last().map_or(since, |row| row.seq);
    let unread = unread(&mut conn, user_id).await?;
    Ok(InboxPage {
        items: rows
            .into_iter()
            .map(Stored::item)
            .collect::<Result<_, _>>()?,
        next_cursor: next.to_string(),
        has_more,
        unread,
    })
}

/// The inbox's latest change number, all people together.
pub async fn latest(pool: &SqlitePool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM inbox")
        .fetch_one(pool)
        .await
}

async fn unread(conn: &mut SqliteConnection, user_id: &str) -> Result<u32, ApiError> {
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM inbox WHERE user_id = ? AND read_at IS NULL")
            .bind(user_id)
            .fetch_one(conn)
            .await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// Marks `user_id`'s items `body.ids` read. Each takes the next number of the inbox's
/// sequence, so the person's other devices pull it as read; ids that are not theirs, or
/// read already, change nothing.
pub async fn mark_read(
    pool: &SqlitePool,
    user_id: &str,
    body: &ReadBody,
) -> Result<Unread, ApiError> {
    ApiError::unless_valid(check_read(body))?;
    let mut tx = crate::db::write(pool).await?;
    for id in &body.ids {
        sqlx::query(
            "UPDATE inbox SET read_at = ?, seq = (SELECT MAX(seq) + 1 FROM inbox)
             WHERE id = ? AND user_id = ? AND read_at IS NULL",
        )
        .bind(clock::now_ms())
        .bind(id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    }
    let unread = unread(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(Unread { unread })
}
