//! One pass of the delivery loop: every inbox item still waiting to ring is claimed, then
//! pushed to the person's devices and, for someone without the app, texted, each in their
//! language and as their settings say.
//!
//! An item is claimed (`ring = 'done'`) in a write transaction before anything is sent, so
//! no item rings twice, whatever the number of passes, instances or resends; a crash
//! between the claim and the send loses a ring, and the inbox still has the item.

use std::sync::Arc;

use serde::Serialize;
use sqlx::SqlitePool;
use yizhan_core::i18n::texts;
use yizhan_core::inbox::{InboxItem, InboxKind};
use yizhan_core::phone::MobileNumber;
use yizhan_core::reach::{minutes_held, rings, ReachSettings};

use super::push::{self, Outcome, Pusher};
use super::settings;
use super::texts::{take_allowance, Notifier, TextMessage, TextParams};
use crate::clock;
use crate::error::ApiError;
use crate::inbox::{kind_of, Stored, STORED};

/// An item older than this when its turn comes (the server was down, the quiet hours were
/// long) no longer rings: news of yesterday is in the inbox.
const STALE_MS: i64 = 24 * 3600 * 1000;
/// Items looked at in one pass.
const BATCH: i64 = 100;

/// What a device's service worker is given to show.
#[derive(Debug, Serialize)]
pub struct PushPayload {
    /// The inbox item's id: the notification's tag, so a repeat replaces rather than adds.
    pub id: String,
    pub title: String,
    pub body: String,
    /// The page it opens, below the app's base (`/order?id=…`).
    pub url: String,
    pub lang: &'static str,
    pub urgent: bool,
}

/// Rings what is due at `now_ms`; answers how many items were sent out.
pub async fn pass(
    pool: &SqlitePool,
    pusher: &Pusher,
    notifier: &Arc<dyn Notifier>,
    now_ms: i64,
) -> Result<usize, ApiError> {
    let due: Vec<Stored> = sqlx::query_as(&format!(
        "SELECT {STORED} FROM inbox WHERE ring = 'waiting' AND ring_after <= ? ORDER BY seq LIMIT ?"
    ))
    .bind(now_ms)
    .bind(BATCH)
    .fetch_all(pool)
    .await?;
    let mut sent = 0;
    for stored in due {
        let (id, user_id, read_at, at) = (
            stored.id.clone(),
            stored.user_id.clone(),
            stored.read_at,
            stored.at,
        );
        let mut tx = crate::db::write(pool).await?;
        // An item this server cannot read (a kind of a later version, after a rollback)
        // is let go of, never left at the head of the queue holding up everyone's.
        let Ok(kind) = kind_of(&id, &stored.kind) else {
            tracing::warn!(item = %id, "an inbox item of an unknown kind: not rung");
            claim(&mut tx, &id).await?;
            tx.commit().await?;
            continue;
        };
        let settings = match settings::of(&mut tx, &user_id).await {
            Ok(settings) => settings,
            Err(e) => {
                tracing::warn!(item = %id, "unreadable reach settings, the defaults used: {e}");
                ReachSettings::default()
            }
        };
        let held = minutes_held(&settings, kind, clock::minute_of_day(now_ms));
        if held > 0 && read_at.is_none() {
            sqlx::query("UPDATE inbox SET ring_after = ? WHERE id = ? AND ring = 'waiting'")
                .bind(now_ms.saturating_add(i64::from(held) * 60_000))
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            continue;
        }
        let claimed = claim(&mut tx, &id).await?;
        // Read already (on a device, during the quiet hours), muted, old, or about what
        // the person may no longer see: the inbox is enough.
        let rings_now = claimed
            && read_at.is_none()
            && rings(&settings, kind)
            && now_ms - at <= STALE_MS
            && still_theirs(&mut tx, &stored, kind).await?;
        if !rings_now {
            tx.commit().await?;
            continue;
        }
        let devices = push::devices(&mut tx, &user_id).await?;
        let text_to = texted(&mut tx, &user_id, &settings, kind, devices.is_empty()).await?;
        let text_to = match text_to {
            Some(phone) if take_allowance(&mut tx, &user_id, now_ms / 1000).await? => Some(phone),
            Some(_) => {
                tracing::info!(item = %id, "not texted: the person's limit for the hour or day is reached");
                None
            }
            None => None,
        };
        tx.commit().await?;
        let item = stored.item()?;
        send(pool, pusher, notifier, &settings, &item, devices, text_to);
        sent += 1;
    }
    Ok(sent)
}

/// Takes item `id` for this pass: `true` if no other pass had.
async fn claim(conn: &mut sqlx::SqliteConnection, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE inbox SET ring = 'done' WHERE id = ? AND ring = 'waiting'")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether what an item tells `user_id` is still theirs when its turn to ring comes (it
/// may have waited out the night): their account active; an order sent to them still
/// theirs; a dispatcher's news to someone still a dispatcher; a shift's news to someone
/// still signed up; an activity's to someone still signed up for it. The owner's and the
/// filer's news stays theirs.
async fn still_theirs(
    conn: &mut sqlx::SqliteConnection,
    item: &Stored,
    kind: InboxKind,
) -> Result<bool, sqlx::Error> {
    let user_id = item.user_id.as_str();
    let (order_id, shift_id) = (item.order_id.as_deref(), item.shift_id.as_deref());
    let active: Option<i64> = sqlx::query_scalar("SELECT 1 FROM users WHERE id = ? AND active = 1")
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?;
    if active.is_none() {
        return Ok(false);
    }
    let holds = match kind {
        InboxKind::SentToYou => sqlx::query_scalar::<_, i64>(
            "SELECT 1 FROM orders WHERE id = ? AND assignee_id = ? AND deleted = 0",
        )
        .bind(order_id)
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?
        .is_some(),
        InboxKind::NewOrder | InboxKind::Declined | InboxKind::Overdue => {
            sqlx::query_scalar::<_, i64>("SELECT 1 FROM user_roles WHERE user_id = ? AND role = ?")
                .bind(user_id)
                .bind(yizhan_core::model::Role::Dispatcher.as_str())
                .fetch_optional(&mut *conn)
                .await?
                .is_some()
        }
        InboxKind::ShiftTomorrow | InboxKind::ShiftSoon | InboxKind::ShiftChanged => {
            sqlx::query_scalar::<_, i64>(
                "SELECT 1 FROM shift_signups WHERE shift_id = ? AND user_id = ?",
            )
            .bind(shift_id)
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?
            .is_some()
        }
        InboxKind::ActivityPlace | InboxKind::ActivityChanged => sqlx::query_scalar::<_, i64>(
            "SELECT 1 FROM activity_signups WHERE activity_id = ? AND user_id = ?",
        )
        .bind(item.activity_id.as_deref())
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?
        .is_some(),
        InboxKind::BookingSoon => sqlx::query_scalar::<_, i64>(
            "SELECT 1 FROM bookings WHERE id = ? AND user_id = ? AND state = 'booked'",
        )
        .bind(item.booking_id.as_deref())
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?
        .is_some(),
        _ => true,
    };
    Ok(holds)
}

/// The number to text for `user_id`, if they are texted: they chose texts, or this is
/// about their order and they have no device to push to and have never signed in (a
/// resident whose orders others file).
async fn texted(
    conn: &mut sqlx::SqliteConnection,
    user_id: &str,
    settings: &ReachSettings,
    kind: InboxKind,
    no_devices: bool,
) -> Result<Option<MobileNumber>, ApiError> {
    let (phone, signed_in): (String, bool) = sqlx::query_as(
        "SELECT phone, EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id)
         FROM users u WHERE u.id = ? AND u.active = 1",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?
    .unwrap_or_default();
    if !(settings.sms || (no_devices && !signed_in && for_residents(kind))) {
        return Ok(None);
    }
    Ok(MobileNumber::parse(&phone).ok())
}

/// The message for `item` in the person's language.
pub fn payload(settings: &ReachSettings, item: &InboxItem) -> PushPayload {
    let words = texts(settings.lang);
    let (route, id) = item.opens();
    let url = match id {
        Some(id) => format!("{}?id={id}", route.href("")),
        None => route.href(""),
    };
    PushPayload {
        id: item.id.clone(),
        title: words.app_name.to_string(),
        body: (words.inbox_said)(item.kind, &item.title, item.note.as_deref()),
        url,
        lang: settings.lang.tag(),
        urgent: item.kind.is_urgent(),
    }
}

/// The Web Push `Topic` of an item: one per item, so a push service holding two copies
/// of one message delivers one (at most 32 base64url characters).
fn topic(item_id: &str) -> String {
    use base64ct::{Base64UrlUnpadded, Encoding};
    use sha2::Digest;
    let digest = sha2::Sha256::digest(item_id.as_bytes());
    let mut topic = Base64UrlUnpadded::encode_string(&digest);
    topic.truncate(32);
    topic
}

/// Sends in the background: a busy push service is waited for without holding up the
/// next item.
fn send(
    pool: &SqlitePool,
    pusher: &Pusher,
    notifier: &Arc<dyn Notifier>,
    settings: &ReachSettings,
    item: &InboxItem,
    devices: Vec<push::Stored>,
    text_to: Option<MobileNumber>,
) {
    let payload = payload(settings, item);
    let message = TextMessage {
        template: item.kind.as_str(),
        params: TextParams {
            title: item.title.clone(),
            note: item.note.clone(),
        },
        text: payload.body.clone(),
    };
    let urgency = if payload.urgent { "high" } else { "normal" };
    let topic = topic(&item.id);
    let body = match serde_json::to_vec(&payload) {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(item = %item.id, "cannot write the push message: {e}");
            return;
        }
    };
    for device in devices {
        let pool = pool.clone();
        let pusher = pusher.clone();
        let body = body.clone();
        let topic = topic.clone();
        let item_id = item.id.clone();
        tokio::spawn(async move {
            match pusher.send(&device, &body, urgency, &topic).await {
                Outcome::Delivered => tracing::debug!(item = %item_id, "pushed"),
                Outcome::Gone => {
                    tracing::info!(item = %item_id, "a device's subscription is gone: dropped");
                    if let Err(e) = push::forget(&pool, &device.endpoint).await {
                        tracing::warn!("cannot drop a gone subscription: {e}");
                    }
                }
                Outcome::Failed(why) => tracing::warn!(item = %item_id, "not pushed: {why}"),
            }
        });
    }
    if let Some(phone) = text_to {
        let notifier = Arc::clone(notifier);
        let item_id = item.id.clone();
        tokio::spawn(async move {
            if let Err(e) = notifier.notify(&phone, &message).await {
                tracing::warn!(item = %item_id, "not texted: {e}");
            }
        });
    }
}

/// Kinds that say something happened to the person's own order: texted to whoever has no
/// app. (Staff kinds ring on devices; staff use the app.)
pub fn for_residents(kind: InboxKind) -> bool {
    matches!(
        kind,
        InboxKind::Dispatched
            | InboxKind::Accepted
            | InboxKind::Done
            | InboxKind::Rejected
            | InboxKind::Cancelled
    )
}
