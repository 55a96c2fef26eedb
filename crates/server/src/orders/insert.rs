//! A new order's rows, written in one round trip to the connection's thread. sqlx runs a
//! SQLite connection on a thread of its own and every statement is a round trip to it;
//! the writer of new orders ([`super::group_commit`]) takes them one after another, so
//! each round trip it saves is time every create waits less. SQLite runs the statements
//! of one string in turn: a savepoint, the order (its stamp taken inside the `INSERT`, as
//! [`Stamp`] takes it) and its first timeline event. Both rows come back as stored
//! (`RETURNING`), which is the order as its owner reads it. Then those it tells of are
//! told (issue 18), and the savepoint is released; whatever fails undoes all of it.

use std::sync::LazyLock;

use sqlx::{FromRow, SqliteConnection};
use yizhan_core::model::{Channel, NewOrder, Order, OrderStatus, Role};

use super::read::{entry_from, order_from, EventRow, OrderRow, EVENT_COLUMNS, RETURNING_ORDER};
use super::stamp::Stamp;
use super::Viewer;
use crate::clock;
use crate::error::ApiError;
use crate::inbox::About;
use yizhan_core::inbox::Happening;

/// `?1` id, `?2` community, `?3` owner, `?4` kind, `?5` service, `?6` title,
/// `?7` description, `?8` address, `?9` phone, `?10` preferred time, `?11` attributes,
/// `?12` status, `?13` legacy hash, `?14` fingerprint, `?15` the clock's milliseconds,
/// `?16` the event's id, `?17` the role it was taken in, `?18` who filed it on the
/// owner's behalf, `?19` how it came, `?20` the creation's note (that channel).
static WRITE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SAVEPOINT new_order;
         INSERT INTO orders (id, community_id, owner_id, kind, service_id, title, description,
             address, contact_phone, preferred_time, attributes, status, version, request_hash,
             request_fingerprint, created_at, updated_at, seq, filed_by_id, filed_channel)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, ?13, ?14,
                stamp.at_ms, stamp.at_ms, stamp.seq, ?18, ?19
         FROM ({}) AS stamp
         RETURNING {RETURNING_ORDER};
         INSERT INTO order_events (id, order_id, at, status, action, by_role, note)
         SELECT ?16, id, updated_at, ?12, 'create', ?17, ?20 FROM orders WHERE id = ?1
         RETURNING {EVENT_COLUMNS}",
        Stamp::select("?15", "?2")
    )
});

/// What a new order is stored with beyond what the client sent.
pub struct Stored<'a> {
    /// The client's id, as checked ([`super::client_uuid`]).
    pub id: &'a str,
    pub attributes: String,
    pub legacy_hash: &'a str,
    pub fingerprint: &'a str,
    /// Whose order it is: the caller's own, or the resident they file it for.
    pub owner_id: &'a str,
    /// Filed on the owner's behalf: in which role, and how the request came.
    pub filed: Option<(Role, Channel)>,
}

/// Writes `order` (normalised and checked) for `viewer`, and returns it as they now read
/// it. When a statement fails, what of the order was written is rolled back and the
/// error returned; when even that fails, the transaction is lost (SQLite rolls one back
/// on some I/O errors): [`ApiError::NotCommitted`], and none of its writes count.
pub async fn new_order(
    tx: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    order: &NewOrder,
    stored: Stored<'_>,
) -> Result<Order, ApiError> {
    let (by_role, filed_by, channel) = match stored.filed {
        Some((role, channel)) => (role, Some(viewer.user.id.as_str()), Some(channel.as_str())),
        None => (Role::Resident, None, None),
    };
    let event_id = uuid::Uuid::now_v7().to_string();
    let written = sqlx::query(&WRITE)
        .bind(stored.id)
        .bind(&viewer.user.community_id)
        .bind(stored.owner_id)
        .bind(order.kind.as_str())
        .bind(&order.service_id)
        .bind(&order.title)
        .bind(&order.description)
        .bind(&order.address)
        .bind(&order.contact_phone)
        .bind(&order.preferred_time)
        .bind(stored.attributes)
        .bind(OrderStatus::Submitted.as_str())
        .bind(stored.legacy_hash)
        .bind(stored.fingerprint)
        .bind(clock::now_ms())
        .bind(&event_id)
        .bind(by_role.as_str())
        .bind(filed_by)
        .bind(channel)
        .bind(channel)
        .fetch_all(&mut *tx)
        .await;
    let made = match written {
        Ok(rows) => told(tx, viewer, &rows, &event_id).await,
        Err(error) => Err(error.into()),
    };
    let made = match made {
        Ok(order) => match sqlx::query("RELEASE new_order").execute(&mut *tx).await {
            Ok(_) => return Ok(order),
            Err(error) => error.into(),
        },
        Err(error) => error,
    };
    // A statement that failed was undone by SQLite; the ones before it are undone here.
    // When even that fails, the transaction is lost: `NotCommitted`.
    // (`query`, not `raw_sql`: the future of `raw_sql`'s `execute` is not `Send` for
    // every lifetime, which the writer's task needs.)
    sqlx::query("ROLLBACK TO new_order; RELEASE new_order")
        .execute(&mut *tx)
        .await
        .map_err(|lost| ApiError::NotCommitted(lost.to_string()))?;
    Err(made)
}

/// The order as its rows came back, once those its making tells of are told.
async fn told(
    tx: &mut SqliteConnection,
    viewer: &Viewer<'_>,
    rows: &[sqlx::sqlite::SqliteRow],
    event_id: &str,
) -> Result<Order, ApiError> {
    let [order, event] = rows else {
        return Err(ApiError::Stored(format!(
            "a new order's INSERT returned {} rows, not 2",
            rows.len()
        )));
    };
    let timeline = vec![entry_from(EventRow::from_row(event)?)?];
    let mut order = OrderRow::from_row(order)?;
    if order.filed_by_id.is_some() {
        // Filed by the caller, whose name the `RETURNING` could not join.
        order.filed_by_name = Some(viewer.user.name.clone());
    }
    let order = order_from(order, viewer, timeline)?;
    crate::inbox::tell(
        tx,
        Happening::Created(order.kind),
        &About {
            event_id,
            community_id: &viewer.user.community_id,
            order_id: &order.id,
            title: &order.title,
            note: None,
            at_ms: clock::now_ms(),
            owner_id: &order.owner_id,
            assignee_id: None,
            filer_id: None,
            actor_id: &viewer.user.id,
        },
    )
    .await?;
    Ok(order)
}
