use std::collections::HashMap;

use sqlx::{SqliteConnection, SqlitePool};
use yizhan_core::model::{Assignee, FiledBy, Order, OrderKind, Page, Role, TimelineEntry};
use yizhan_core::phone::MobileNumber;

use super::Viewer;
use crate::clock;
use crate::error::ApiError;
use crate::paging::page_size;
use crate::stored::{from_json, parse_enum};

#[derive(sqlx::FromRow)]
pub(super) struct OrderRow {
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
    seq: i64,
    deleted: bool,
    /// Who filed it on the owner's behalf (issue 17), their name and how it came.
    pub(super) filed_by_id: Option<String>,
    pub(super) filed_by_name: Option<String>,
    filed_channel: Option<String>,
    /// Only lists compute it: false for a row the caller saw once and may no longer see.
    #[sqlx(default)]
    in_scope: Option<bool>,
}

#[derive(sqlx::FromRow)]
pub(super) struct EventRow {
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
        o.assignee_id, a.name AS assignee_name, o.rating, o.created_at, o.updated_at,
        COALESCE(o.seq, 0) AS seq, o.deleted,
        o.filed_by_id, f.name AS filed_by_name, o.filed_channel
    FROM orders o LEFT JOIN users a ON a.id = o.assignee_id LEFT JOIN users f ON f.id = o.filed_by_id";

/// The columns of an [`OrderRow`] as an `INSERT … RETURNING` of `orders` gives them: a
/// new order has no assignee, so no name to join; its filer is the caller, whose name
/// the writer fills in.
pub(super) const RETURNING_ORDER: &str = "id, owner_id, kind, service_id, title, description,
    address, contact_phone, preferred_time, attributes, status, version, assignee_id,
    NULL AS assignee_name, rating, created_at, updated_at, COALESCE(seq, 0) AS seq, deleted,
    filed_by_id, NULL AS filed_by_name, filed_channel";

/// The columns of an [`EventRow`], as a `SELECT` or a `RETURNING` of `order_events`.
pub(super) const EVENT_COLUMNS: &str = "order_id, id, at, status, action, by_role, note";

/// Who sees an order (api-contract.md, "Orders"): its owner, and whoever filed it on
/// their behalf (issue 17); a volunteer also open wishes and what is assigned to them; a
/// dispatcher every order of the community.
const IN_SCOPE: &str = "(o.owner_id = ?2 OR o.filed_by_id = ?2
        OR (?3 AND ((o.kind = 'wish' AND o.status = 'submitted') OR o.assignee_id = ?2))
        OR ?4)";

fn visible_to() -> String {
    format!("o.community_id = ?1 AND o.deleted = 0 AND {IN_SCOPE}")
}

/// Someone the order was sent to once, or who claimed it: told when it leaves their sight.
const HELD_ONCE: &str =
    "EXISTS (SELECT 1 FROM order_holders h WHERE h.order_id = o.id AND h.user_id = ?2)";

/// [`SELECT_ORDER`] with `in_scope` computed for the caller (`?2`, `?3`, `?4` as in
/// [`IN_SCOPE`]). `COALESCE`: with no assignee, SQL's three-valued logic makes the scope
/// of a wish that is no longer open NULL rather than false, and such a wish would reach
/// a volunteer's phone as if still open instead of as its tombstone.
fn select_with_scope() -> String {
    SELECT_ORDER.replacen(
        " FROM orders o",
        &format!(", COALESCE({IN_SCOPE}, 0) AS in_scope FROM orders o"),
        1,
    )
}

/// An order as a volunteer who is no longer in on it may see it, when told that someone
/// else was quicker: what they saw while it was open to them (its title, what was asked,
/// the phone masked) and who took it, none of what came after (notes, the rating).
fn as_outsider(mut order: Order) -> Order {
    order.address = None;
    order.rating = None;
    for entry in &mut order.timeline {
        entry.note = None;
    }
    order
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
    order.filed_by = None;
    order
}

/// The order of `row` as `viewer` may see it, with its `timeline`.
pub(super) fn order_from(
    row: OrderRow,
    viewer: &Viewer<'_>,
    timeline: Vec<TimelineEntry>,
) -> Result<Order, ApiError> {
    let may_contact = row.owner_id == viewer.user.id
        || row.assignee_id.as_deref() == Some(viewer.user.id.as_str())
        || row.filed_by_id.as_deref() == Some(viewer.user.id.as_str())
        || viewer.has_role(Role::Dispatcher);
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
        filed_by: match (row.filed_by_id, row.filed_by_name, row.filed_channel) {
            (Some(id), Some(name), Some(channel)) => Some(FiledBy {
                id,
                name,
                channel: parse_enum(&channel)?,
            }),
            _ => None,
        },
        timeline,
    };
    Ok(if ghost { tombstone(order) } else { order })
}

async fn timelines(
    conn: &mut SqliteConnection,
    order_ids: &[String],
) -> Result<HashMap<String, Vec<TimelineEntry>>, ApiError> {
    let mut by_order: HashMap<String, Vec<TimelineEntry>> = HashMap::new();
    if order_ids.is_empty() {
        return Ok(by_order);
    }
    let placeholders = vec!["?"; order_ids.len()].join(", ");
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM order_events
         WHERE order_id IN ({placeholders}) ORDER BY seq"
    );
    let mut query = sqlx::query_as::<_, EventRow>(&sql);
    for id in order_ids {
        query = query.bind(id);
    }
    for event in query.fetch_all(conn).await? {
        let order_id = event.order_id.clone();
        by_order
            .entry(order_id)
            .or_default()
            .push(entry_from(event)?);
    }
    Ok(by_order)
}

/// An event of an order's timeline as the contract shows it.
pub(super) fn entry_from(event: EventRow) -> Result<TimelineEntry, ApiError> {
    Ok(TimelineEntry {
        id: event.id,
        at: clock::rfc3339_ms(event.at),
        status: parse_enum(&event.status)?,
        action: event.action,
        by_role: event.by_role,
        note: event.note,
    })
}

async fn assemble(
    conn: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    rows: Vec<OrderRow>,
) -> Result<Vec<Order>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut timelines = timelines(conn, &ids).await?;
    rows.into_iter()
        .map(|row| {
            let timeline = timelines.remove(&row.id).unwrap_or_default();
            order_from(row, viewer, timeline)
        })
        .collect()
}

/// The one row `sql` finds for order `id` (`?5`), with the viewer's community, id and
/// roles bound as `?1` to `?4` ([`IN_SCOPE`]); 404 when there is none.
async fn one_row(
    conn: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    sql: &str,
    id: &str,
) -> Result<OrderRow, ApiError> {
    let row: Option<OrderRow> = sqlx::query_as(sql)
        .bind(&viewer.user.community_id)
        .bind(&viewer.user.id)
        .bind(viewer.has_role(Role::Volunteer))
        .bind(viewer.has_role(Role::Dispatcher))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.ok_or(ApiError::NotFound)
}

/// The order if the viewer may see it, read in one transaction so that the order and its
/// timeline are from the same moment; otherwise 404, exactly as if it did not exist.
pub async fn one(pool: &SqlitePool, viewer: &Viewer<'_>, id: &str) -> Result<Order, ApiError> {
    let mut tx = pool.begin().await?;
    let order = visible(&mut tx, viewer, id).await?;
    tx.commit().await?;
    Ok(order)
}

/// The order if the viewer may see it; otherwise 404, exactly as if it did not exist.
pub async fn visible(
    conn: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    id: &str,
) -> Result<Order, ApiError> {
    let sql = format!("{SELECT_ORDER} WHERE {} AND o.id = ?5", visible_to());
    let row = one_row(conn, viewer, &sql, id).await?;
    assemble(conn, viewer, vec![row])
        .await?
        .pop()
        .ok_or(ApiError::NotFound)
}

/// The order as it now is, for telling `viewer` that their step came too late (the
/// `current` of a 412): whole where they still see it, else only what they saw of it
/// while it was open to them ([`as_outsider`]). A deleted order is its tombstone.
pub async fn as_now_seen(
    conn: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    id: &str,
) -> Result<Order, ApiError> {
    let sql = format!(
        "{} WHERE o.community_id = ?1 AND o.id = ?5",
        select_with_scope()
    );
    let mut row = one_row(conn, viewer, &sql, id).await?;
    let outsider = row.in_scope == Some(false) && !row.deleted;
    // Out of sight is not gone: the caller is told how it ended, not to drop it.
    row.in_scope = None;
    let order = assemble(conn, viewer, vec![row])
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?;
    Ok(if outsider { as_outsider(order) } else { order })
}

/// Whether a 412 may tell `viewer` about an order they cannot see now: a volunteer who
/// saw a wish open, or anyone who held the order once.
pub async fn saw_once(
    conn: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    order: &Order,
) -> Result<bool, ApiError> {
    if order.deleted {
        return Ok(false);
    }
    if order.kind == OrderKind::Wish && viewer.has_role(Role::Volunteer) {
        return Ok(true);
    }
    let held: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM order_holders WHERE order_id = ? AND user_id = ?")
            .bind(&order.id)
            .bind(&viewer.user.id)
            .fetch_optional(conn)
            .await?;
    Ok(held.is_some())
}

/// The order as `viewer` may now see it (masked as for them), whether or not it is still
/// theirs to see: for answering someone who just acted on it, such as a volunteer who
/// declined it and so no longer holds it. A deleted order comes back as its tombstone.
pub async fn as_acted_on(
    conn: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    id: &str,
) -> Result<Order, ApiError> {
    let sql = format!("{SELECT_ORDER} WHERE o.community_id = ? AND o.id = ?");
    let row: Option<OrderRow> = sqlx::query_as(&sql)
        .bind(&viewer.user.community_id)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let row = row.ok_or(ApiError::NotFound)?;
    assemble(conn, viewer, vec![row])
        .await?
        .pop()
        .ok_or(ApiError::NotFound)
}

/// The list cursor: the change sequence number of the last item sent, as `c<seq>`.
/// Opaque to clients.
fn encode_cursor(seq: i64) -> String {
    format!("c{seq}")
}

/// Where a cursor resumes. A cursor of the servers before the change sequence
/// (`<updated_at>.<id>`) resumes from the start: the device reads everything once more,
/// which also brings it whatever such a cursor had skipped.
fn decode_cursor(cursor: &str) -> Result<i64, ApiError> {
    let bad = || ApiError::field("since", "not a cursor this server returned");
    if let Some(seq) = cursor.strip_prefix('c') {
        return seq.parse::<i64>().ok().filter(|s| *s >= 0).ok_or_else(bad);
    }
    match cursor.split_once('.') {
        Some((at, id)) if at.parse::<i64>().is_ok() && uuid::Uuid::parse_str(id).is_ok() => Ok(0),
        _ => Err(bad()),
    }
}

/// One page of the orders the viewer sees, in the order their changes were committed
/// (the change sequence; `updated_at` never goes down along it), resuming exactly after
/// `since`: a change committed after a cursor was handed out always comes after it.
///
/// A device that already synced (it sends `since`) also gets tombstones: for deleted
/// orders it saw, for wishes that left a volunteer's sight (claimed by another,
/// cancelled), and for orders that left the sight of someone who held them (declined,
/// reopened, sent to another volunteer), so that nothing stale, and no resident's
/// address, stays on their phone. A first sync has nothing to drop and gets none.
///
/// `limit` is the client's page size (1 to 200, 50 when absent). The page is read in one
/// transaction, so that every order and its timeline are from the same moment.
pub async fn list(
    pool: &SqlitePool,
    viewer: &Viewer<'_>,
    since: Option<&str>,
    limit: Option<&str>,
) -> Result<Page<Order>, ApiError> {
    let limit = page_size(limit)?;
    let mut tx = pool.begin().await?;
    let page = page_after(&mut tx, viewer, since, limit).await?;
    tx.commit().await?;
    Ok(page)
}

async fn page_after(
    conn: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    since: Option<&str>,
    limit: u32,
) -> Result<Page<Order>, ApiError> {
    let after = match since {
        Some(cursor) => decode_cursor(cursor)?,
        None => 0,
    };
    let sql = format!(
        "{} WHERE o.community_id = ?1
           AND ({IN_SCOPE} OR (?7 AND ((?3 AND o.kind = 'wish') OR {HELD_ONCE})))
           AND (?7 OR (o.deleted = 0 AND {IN_SCOPE}))
           AND o.seq > ?5
         ORDER BY o.seq LIMIT ?6",
        select_with_scope()
    );
    let mut rows: Vec<OrderRow> = sqlx::query_as(&sql)
        .bind(&viewer.user.community_id)
        .bind(&viewer.user.id)
        .bind(viewer.has_role(Role::Volunteer))
        .bind(viewer.has_role(Role::Dispatcher))
        .bind(after)
        .bind(i64::from(limit) + 1)
        .bind(since.is_some())
        .fetch_all(&mut *conn)
        .await?;
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = rows.last().map(|r| encode_cursor(r.seq));
    let items = assemble(conn, viewer, rows).await?;
    Ok(Page {
        items,
        // With nothing new, the client keeps the cursor it sent.
        next_cursor: next_cursor.or_else(|| since.map(str::to_string)),
        has_more,
    })
}
