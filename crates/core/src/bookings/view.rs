//! Bookable things and bookings as people see them, and what the requests carry.

use serde::{Deserialize, Serialize};

use super::{BookableKind, BookingState, Eligibility, SlotRule};

/// A bookable thing as an admin writes it (`PUT /bookables/{id}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookableBody {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Who serves: a lawyer's office, a team, the community.
    pub provider: String,
    pub kind: BookableKind,
    #[serde(default)]
    pub station_id: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    pub rules: Vec<SlotRule>,
    /// How many can book one slot (lawyers at the desk, units of equipment to lend).
    pub capacity: u32,
    /// Equipment: days a unit is lent for from its pick-up slot.
    #[serde(default)]
    pub loan_days: Option<u16>,
    /// How many days ahead slots are offered.
    pub ahead_days: u16,
    #[serde(default)]
    pub eligibility: Eligibility,
}

/// A slot as the device shows it: when, and how many can still book it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Slot {
    /// RFC 3339, the community's offset.
    pub starts_at: String,
    pub ends_at: String,
    pub left: u32,
}

/// One of the caller's bookings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyBooking {
    /// The id the device chose (the outbox resends under it).
    pub id: String,
    pub starts_at: String,
    pub ends_at: String,
    pub state: BookingState,
    /// Equipment: when it goes back.
    #[serde(default)]
    pub return_by: Option<String>,
}

/// A bookable thing as the community sees it: its free slots over the coming days and
/// the caller's own bookings (`mine`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bookable {
    pub id: String,
    pub name: String,
    pub description: String,
    pub provider: String,
    pub kind: BookableKind,
    #[serde(default)]
    pub station_id: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    pub rules: Vec<SlotRule>,
    pub capacity: u32,
    #[serde(default)]
    pub loan_days: Option<u16>,
    pub ahead_days: u16,
    #[serde(default)]
    pub eligibility: Eligibility,
    pub updated_at: String,
    /// The coming slots, each with how many are left.
    #[serde(default)]
    pub slots: Vec<Slot>,
    #[serde(default)]
    pub mine: Vec<MyBooking>,
}

impl Bookable {
    /// The caller's booking `id`, if the device knows of it.
    pub fn booking(&self, id: &str) -> Option<&MyBooking> {
        self.mine.iter().find(|booking| booking.id == id)
    }

    /// The caller's booking of the slot starting at `starts_at`.
    pub fn mine_at(&self, starts_at: &str) -> Option<&MyBooking> {
        self.mine
            .iter()
            .find(|booking| same_moment(&booking.starts_at, starts_at))
    }

    /// The slot starting at `starts_at`, as this copy knows it.
    pub fn slot(&self, starts_at: &str) -> Option<&Slot> {
        self.slots
            .iter()
            .find(|slot| same_moment(&slot.starts_at, starts_at))
    }
}

/// Whether two RFC 3339 times are the same moment (offsets may be written apart).
pub(super) fn same_moment(a: &str, b: &str) -> bool {
    let read = crate::workbench::shifts::parse_time;
    match (read(a), read(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// What booking a slot carries (`PUT /bookables/{id}/bookings/{booking_id}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookBody {
    /// The slot's start, RFC 3339.
    pub starts_at: String,
}

/// A booking as staff see it on the day's list: who, their phone whole (staff call
/// people), where a visit goes, and how it went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayBooking {
    pub id: String,
    pub bookable_id: String,
    pub bookable_name: String,
    pub kind: BookableKind,
    pub starts_at: String,
    pub ends_at: String,
    pub name: String,
    pub phone: String,
    #[serde(default)]
    pub address: Option<String>,
    pub state: BookingState,
    #[serde(default)]
    pub return_by: Option<String>,
}

/// How a booking went, as staff mark it (`booked` again undoes a mark).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeBody {
    pub outcome: BookingState,
}
