//! Appointments (预约, issue 19): things residents book in slots. Residents see each
//! thing's free slots over the coming days with their own bookings (`browse`), book and
//! cancel (`book`: one write transaction, so of two residents racing for a slot's last
//! place one wins and the other is offered the next free slot); admins write the things
//! (`admin`); staff see a day's bookings and mark them done or no-show (`day`); and
//! residents are reminded the day before (`reminders`). The rules are core's
//! ([`yizhan_core::bookings`]); every bookable thing is read the one way defined here.

pub mod admin;
pub mod book;
pub mod browse;
pub mod day;
pub mod reminders;

use sqlx::SqliteConnection;
use yizhan_core::bookings::{
    hold_seconds, most_held_at_once, slot_times, Bookable, BookableKind, BookingState, Eligibility,
    MyBooking, Slot, SlotRule,
};
use yizhan_core::model::DatedHours;

use crate::clock;
use crate::error::ApiError;
use crate::stored::from_json;
use crate::users::User;

/// A bookable thing as stored, with its station's dated hours (no slots on a day it is
/// closed).
#[derive(Clone, sqlx::FromRow)]
struct BookableRow {
    id: String,
    kind: String,
    name: String,
    description: String,
    provider: String,
    station_id: Option<String>,
    address: Option<String>,
    rules: String,
    capacity: i64,
    loan_days: Option<i64>,
    ahead_days: i64,
    eligibility: String,
    updated_at: i64,
    closures: Option<String>,
}

/// Reads bookable things; callers add a `WHERE` (on `b.`) and bind from `?1`.
const SELECT_BOOKABLE: &str = "SELECT b.id, b.kind, b.name, b.description, b.provider,
        b.station_id, b.address, b.rules, b.capacity, b.loan_days, b.ahead_days,
        b.eligibility, b.updated_at, st.exceptions AS closures
    FROM bookables b LEFT JOIN stations st ON st.id = b.station_id";

/// A bookable thing's rules, read from its row.
struct Read {
    kind: BookableKind,
    rules: Vec<SlotRule>,
    capacity: u32,
    loan_days: Option<u16>,
    ahead_days: u16,
    eligibility: Eligibility,
    closures: Vec<DatedHours>,
}

fn kind_of(stored: &str) -> BookableKind {
    serde_json::from_value(serde_json::Value::String(stored.to_string())).unwrap_or_default()
}

/// A kind as stored.
pub(crate) fn kind_str(kind: BookableKind) -> &'static str {
    match kind {
        BookableKind::Consultation => "consultation",
        BookableKind::HomeVisit => "home_visit",
        BookableKind::Equipment => "equipment",
        BookableKind::Room => "room",
    }
}

fn state_of(stored: &str) -> BookingState {
    match stored {
        "done" => BookingState::Done,
        "no_show" => BookingState::NoShow,
        _ => BookingState::Booked,
    }
}

fn state_str(state: BookingState) -> &'static str {
    match state {
        BookingState::Booked => "booked",
        BookingState::Done => "done",
        BookingState::NoShow => "no_show",
    }
}

impl BookableRow {
    fn read(&self) -> Result<Read, ApiError> {
        Ok(Read {
            kind: kind_of(&self.kind),
            rules: from_json(&self.rules)?,
            capacity: u32::try_from(self.capacity).unwrap_or(0),
            loan_days: self.loan_days.and_then(|d| u16::try_from(d).ok()),
            ahead_days: u16::try_from(self.ahead_days).unwrap_or(0),
            eligibility: from_json(&self.eligibility)?,
            closures: match &self.closures {
                Some(text) => from_json(text)?,
                None => Vec::new(),
            },
        })
    }
}

/// When a loan that starts at `start` goes back, for the resident: its hold's last
/// moment, shown as a time.
fn return_by(read: &Read, start: i64, holds_until: i64) -> Option<String> {
    (read.kind == BookableKind::Equipment && holds_until > start)
        .then(|| clock::rfc3339_local(holds_until))
}

/// The slots offered from `now`, each with the places left: a slot's hold against every
/// booking's hold (`held`: start, holds until).
fn offered(read: &Read, now: i64, held: &[(i64, i64)]) -> Vec<Slot> {
    slot_times(&read.rules, &read.closures, now, read.ahead_days)
        .into_iter()
        .map(|slot| {
            let until = slot
                .start
                .saturating_add(hold_seconds(slot, read.loan_days));
            let taken = most_held_at_once(slot.start, until, held);
            Slot {
                starts_at: clock::rfc3339_local(slot.start),
                ends_at: clock::rfc3339_local(slot.end),
                left: read.capacity.saturating_sub(taken),
            }
        })
        .collect()
}

/// The holds of thing `id`'s bookings (not cancelled) that are not over at `now`.
async fn holds(
    conn: &mut SqliteConnection,
    id: &str,
    now: i64,
) -> Result<Vec<(i64, i64)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT starts_at, holds_until FROM bookings
         WHERE bookable_id = ? AND holds_until > ? AND state != 'cancelled'",
    )
    .bind(id)
    .bind(now)
    .fetch_all(conn)
    .await?)
}

/// `user`'s bookings of thing `id` not yet over, and those of the last week (how they
/// went shows a while).
async fn mine(
    conn: &mut SqliteConnection,
    read: &Read,
    user: &User,
    id: &str,
    now: i64,
) -> Result<Vec<MyBooking>, ApiError> {
    let rows: Vec<(String, i64, i64, i64, String)> = sqlx::query_as(
        "SELECT id, starts_at, ends_at, holds_until, state FROM bookings
         WHERE bookable_id = ? AND user_id = ? AND holds_until > ? AND state != 'cancelled'
         ORDER BY starts_at, id",
    )
    .bind(id)
    .bind(&user.id)
    .bind(now.saturating_sub(7 * 86_400))
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, start, end, holds_until, state)| MyBooking {
            id,
            starts_at: clock::rfc3339_local(start),
            ends_at: clock::rfc3339_local(end),
            state: state_of(&state),
            return_by: return_by(read, start, holds_until),
        })
        .collect())
}

/// Thing `id` of `community_id` as stored; 404 when the community has none (or it was
/// retired, unless `retired_too`).
async fn row(
    conn: &mut SqliteConnection,
    community_id: &str,
    id: &str,
    retired_too: bool,
) -> Result<BookableRow, ApiError> {
    let sql = format!(
        "{SELECT_BOOKABLE} WHERE b.id = ?1 AND b.community_id = ?2 AND (?3 OR b.retired = 0)"
    );
    sqlx::query_as(&sql)
        .bind(id)
        .bind(community_id)
        .bind(retired_too)
        .fetch_optional(conn)
        .await?
        .ok_or(ApiError::NotFound)
}

/// A thing as `user` sees it at `now`: its free slots and their bookings.
async fn seen(
    conn: &mut SqliteConnection,
    user: &User,
    row: BookableRow,
    now: i64,
) -> Result<Bookable, ApiError> {
    let read = row.read()?;
    let held = holds(&mut *conn, &row.id, now).await?;
    let slots = offered(&read, now, &held);
    let mine = mine(conn, &read, user, &row.id, now).await?;
    Ok(Bookable {
        id: row.id,
        name: row.name,
        description: row.description,
        provider: row.provider,
        kind: read.kind,
        station_id: row.station_id,
        address: row.address,
        rules: read.rules,
        capacity: read.capacity,
        loan_days: read.loan_days,
        ahead_days: read.ahead_days,
        eligibility: read.eligibility,
        updated_at: clock::rfc3339_local(row.updated_at),
        slots,
        mine,
    })
}

/// Thing `id` of `user`'s community as they see it now.
async fn load(conn: &mut SqliteConnection, user: &User, id: &str) -> Result<Bookable, ApiError> {
    let found = row(&mut *conn, &user.community_id, id, true).await?;
    seen(conn, user, found, clock::now()).await
}
