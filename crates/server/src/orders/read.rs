use std::collections::HashMap;

use sqlx::SqlitePool;
use yizhan_core::model::{Assignee, Order, Page, TimelineEntry};
use yizhan_core::phone::MobileNumber;

use super::Viewer;
use crate::clock;
use crate::error::ApiError;
use crate::http::stored::{from_json, parse_enum};

#[derive(sqlx::FromRow)]
struct OrderRow {
    id: String,
    owner_id: String,
    kind: String,
    service_id: Option<String>,
    title: String,
    description: String,
    address: Option<String>,
    contact_phone: Option<String>,
    preferred_time: Option<String>,
    attributes: String,
    status: String,
    version: i64,
    assignee_id: Option<String>,
    assignee_name: Option<String>,
    rating: Option<i64>,
    created_at: i64,
    updated_at: i64,
    deleted: bool,
    /// Only lists compute it: false for a row the caller saw once and may no longer see.
    #[sqlx(default)]
    in_scope: Option<bool>,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    order_id: String,
    id: String,
    at: i64,
    status: String,
    action: String,
    by_role: String,
    note: Option<String>,
}

const SELECT_ORDER: &str = "SELECT o.id, o.owner_id, o.kind, o.service_id, o.title, o.description,
        o.address, o.contact_phone, o.preferred_time, o.attributes, o.status, o.version,
        o.assignee_id, a.name AS assignee_name, o.rating, o.created_at, o.updated_at, o.deleted
    FROM orders o LEFT JOIN users a ON a.id = o.assignee_id";

/// Who sees an order (api-contract.md, "Orders"): its owner; a volunteer also open wishes
/// and what is assigned to them; a dispatcher every order of the community.
const IN_SCOPE: &str = "(o.owner_id = ?2
        OR (?3 AND ((o.kind = 'wish' AND o.status = 'submitted') OR o.assignee_id = ?2))
        OR ?4)";

fn visible_to() -> String {
    format!("o.community_id = ?1 AND o.deleted = 0 AND {IN_SCOPE}")
}

/// What is left of an order the caller must drop: deleted, or out of their sight (a wish
/// another volunteer claimed). Nothing personal stays in it.
fn tombstone(mut order: Order) -> Order {
    order.deleted = true;
    order.title = String::new();
    order.description = String::new();
    order.address = None;
    order.contact_phone = None;
    order.preferred_time = None;
    order.attributes = Default::default();
    order.assignee = None;
    order.rating = None;
    order.timeline = Vec::new();
    order
}

fn order_from(
    row: OrderRow,
    viewer: &Viewer<'_>,
    timeline: Vec<TimelineEntry>,
) -> Result<Order, ApiError> {
    let may_contact = row.owner_id == viewer.user.id
        || row.assignee_id.as_deref() == Some(viewer.user.id.as_str())
        || viewer.has_role("dispatcher");
    let ghost = row.deleted || row.in_scope == Some(false);
    let (address, contact_phone) = if may_contact {
        (row.address, row.contact_phone)
    } else {
        let masked = row
            .contact_phone
            .as_deref()
            .and_then(|p| MobileNumber::parse(p).ok())
            .map(|n| n.masked());
        (None, masked)
    };
    let order = Order {
        id: row.id,
        kind: parse_enum(&row.kind)?,
        service_id: row.service_id,
        title: row.title,
        description: row.description,
        address,
        contact_phone,
        preferred_time: row.preferred_time,
        attributes: from_json(&row.attributes)?,
        status: parse_enum(&row.status)?,
        version: row.version,
        owner_id: row.owner_id,
        assignee: match (row.assignee_id, row.assignee_name) {
            (Some(id), Some(name)) => Some(Assignee { id, name }),
            _ => None,
        },
        rating: row.rating.and_then(|r| u8::try_from(r).ok()),
        created_at: clock::rfc3339_ms(row.created_at),
        updated_at: clock::rfc3339_ms(row.updated_at),
        deleted: row.deleted,
        timeline,
    };
    Ok(if ghost { tombstone(order) } else { order })
}

async fn timelines(
    pool: &SqlitePool,
    order_ids: &[String],
) -> Result<HashMap<String, Vec<TimelineEntry>>, ApiError> {
    let mut by_order: HashMap<String, Vec<TimelineEntry>> = HashMap::new();
    if order_ids.is_empty() {
        return Ok(by_order);
    }
    let placeholders = vec!["?"; order_ids.len()].join(", ");
    let sql = format!(
        "SELECT order_id, id, at, status, action, by_role, note FROM order_events
         WHERE order_id IN ({placeholders}) ORDER BY seq"
    );
    let mut query = sqlx::query_as::<_, EventRow>(&sql);
    for id in order_ids {
        query = query.bind(id);
    }
    for event in query.fetch_all(pool).await? {
        let entry = TimelineEntry {
            id: event.id,
            at: clock::rfc3339_ms(event.at),
            status: parse_enum(&event.status)?,
            action: event.action,
            by_role: event.by_role,
            note: event.note,
        };
        by_order.entry(event.order_id).or_default().push(entry);
    }
    Ok(by_order)
}

async fn assemble(
    pool: &SqlitePool,
    viewer: &Viewer<'_>,
    rows: Vec<OrderRow>,
) -> Result<Vec<Order>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut timelines = timelines(pool, &ids).await?;
    rows.into_iter()
        .map(|row| {
            let timeline = timelines.remove(&row.id).unwrap_or_default();
            order_from(row, viewer, timeline)
        })
        .collect()
}

/// The order if the viewer may see it; otherwise 404, exactly as if it did not exist.
pub async fn visible(pool: &SqlitePool, viewer: &Viewer<'_>, id: &str) -> Result<Order, ApiError> {
    let sql = format!("{SELECT_ORDER} WHERE {} AND o.id = ?5", visible_to());
    let row: Option<OrderRow> = sqlx::query_as(&sql)
        .bind(&viewer.user.community_id)
        .bind(&viewer.user.id)
        .bind(viewer.has_role("volunteer"))
        .bind(viewer.has_role("dispatcher"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let row = row.ok_or(ApiError::NotFound)?;
    assemble(pool, viewer, vec![row])
        .await?
        .pop()
        .ok_or(ApiError::NotFound)
}

/// The order as `viewer` may now see it (masked as for them), whether or not it is still
/// theirs to see: for answering someone who just acted on it, such as a volunteer who
/// declined it and so no longer holds it. A deleted order comes back as its tombstone.
pub async fn as_acted_on(
    pool: &SqlitePool,
    viewer: &Viewer<'_>,
    id: &str,
) -> Result<Order, ApiError> {
    let sql = format!("{SELECT_ORDER} WHERE o.community_id = ? AND o.id = ?");
    let row: Option<OrderRow> = sqlx::query_as(&sql)
        .bind(&viewer.user.community_id)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    let row = row.ok_or(ApiError::NotFound)?;
    assemble(pool, viewer, vec![row])
        .await?
        .pop()
        .ok_or(ApiError::NotFound)
}

/// The list cursor: the (updated_at, id) of the last item sent. Opaque to clients.
fn encode_cursor(updated_at: i64, id: &str) -> String {
    format!("{updated_at}.{id}")
}

fn decode_cursor(cursor: &str) -> Result<(i64, String), ApiError> {
    let bad = || ApiError::field("since", "not a cursor this server returned");
    let (at, id) = cursor.split_once('.').ok_or_else(bad)?;
    Ok((at.parse().map_err(|_| bad())?, id.to_string()))
}

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;

/// One page of the orders the viewer sees, by (updated_at, id), resuming exactly after
/// `since`: rows sharing an `updated_at` are neither skipped nor repeated.
///
/// A device that already synced (it sends `since`) also gets tombstones: for deleted
/// orders it saw, and for wishes that left a volunteer's sight (claimed by another,
/// cancelled), so that no stale open wish stays on their phone. A first sync has nothing
/// to drop and gets none.
pub async fn list(
    pool: &SqlitePool,
    viewer: &Viewer<'_>,
    since: Option<&str>,
    limit: u32,
) -> Result<Page<Order>, ApiError> {
    let (after_at, after_id) = match since {
        Some(cursor) => decode_cursor(cursor)?,
        None => (i64::MIN, String::new()),
    };
    let select = SELECT_ORDER.replacen(
        " FROM orders o",
        &format!(", {IN_SCOPE} AS in_scope FROM orders o"),
        1,
    );
    let sql = format!(
        "{select} WHERE o.community_id = ?1
           AND ({IN_SCOPE} OR (?8 AND ?3 AND o.kind = 'wish'))
           AND (?8 OR (o.deleted = 0 AND {IN_SCOPE}))
           AND (o.updated_at > ?5 OR (o.updated_at = ?5 AND o.id > ?6))
         ORDER BY o.updated_at, o.id LIMIT ?7"
    );
    let mut rows: Vec<OrderRow> = sqlx::query_as(&sql)
        .bind(&viewer.user.community_id)
        .bind(&viewer.user.id)
        .bind(viewer.has_role("volunteer"))
        .bind(viewer.has_role("dispatcher"))
        .bind(after_at)
        .bind(after_id)
        .bind(i64::from(limit) + 1)
        .bind(since.is_some())
        .fetch_all(pool)
        .await?;
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = rows.last().map(|r| encode_cursor(r.updated_at, &r.id));
    let items = assemble(pool, viewer, rows).await?;
    Ok(Page {
        items,
        // With nothing new, the client keeps the cursor it sent.
        next_cursor: next_cursor.or_else(|| since.map(str::to_string)),
        has_more,
    })
}
