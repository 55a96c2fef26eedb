//! The engine's view of a backend. A profile turns each operation into requests for one
//! kind of server (the `yizhan` contract, json-server, Open311, a mapped description) and
//! reads the answers back into the contract's types and the engine's error classes.

use serde::{Deserialize, Serialize};

use crate::activities::{Activity, ActivitySignup, DoorList};
use crate::bookings::Bookable;
use crate::inbox::InboxPage;
use crate::model::{
    Community, Grid, NewOrder, Notice, Order, Page, Role, Service, ServiceRecord, Shift, Station,
    TransitionRequest, Volunteer,
};
use crate::sync::abilities::Abilities;
use crate::sync::error::SyncError;
use crate::sync::http::Transport;
use crate::sync::session::{Session, SessionUser};

/// The reference data a device keeps to open offline with what it last saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reference {
    Community,
    Services,
    Grids,
    Stations,
    Shifts,
    /// The volunteers a dispatcher sends orders to, with who is on shift and their load.
    Volunteers,
    /// The signed-in volunteer's record of service.
    ServiceRecord,
    /// The community's notices (an extension: the contract has one `announcement`).
    Notices,
    /// The activities of the coming two weeks, with the person's own sign-ups (an
    /// extension, issue 19).
    Activities,
    /// The lists a device at an activity's door keeps: today's and tomorrow's activities
    /// with everyone signed up (an extension, for those who work the door).
    Door,
    /// What residents book in slots, with the free slots and the person's own bookings
    /// (an extension, issue 19).
    Bookables,
}

impl Reference {
    pub const ALL: [Reference; 11] = [
        Reference::Community,
        Reference::Services,
        Reference::Grids,
        Reference::Stations,
        Reference::Shifts,
        Reference::Volunteers,
        Reference::ServiceRecord,
        Reference::Notices,
        Reference::Activities,
        Reference::Door,
        Reference::Bookables,
    ];

    /// Whether this user reads it: the volunteer list is the dispatchers', the record
    /// of service the volunteers', the door's lists theirs who work the door; the rest
    /// is for every signed-in user.
    pub fn readable_by(self, session: &Session) -> bool {
        match self {
            Reference::Volunteers => session.has_role(Role::Dispatcher),
            Reference::ServiceRecord => session.has_role(Role::Volunteer),
            Reference::Door => crate::activities::AT_THE_DOOR
                .iter()
                .any(|role| session.has_role(*role)),
            _ => true,
        }
    }

    /// Not in the contract (an extension of the reference server): a backend without it
    /// answers 404, which means "not offered here", not a failed sync.
    pub fn is_extension(self) -> bool {
        matches!(
            self,
            Reference::ServiceRecord
                | Reference::Notices
                | Reference::Activities
                | Reference::Door
                | Reference::Bookables
        )
    }

    /// Its place in [`Reference::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Reference::Community => "community",
            Reference::Services => "services",
            Reference::Grids => "grids",
            Reference::Stations => "stations",
            Reference::Shifts => "shifts",
            Reference::Volunteers => "volunteers",
            Reference::ServiceRecord => "service_record",
            Reference::Notices => "notices",
            Reference::Activities => "activities",
            Reference::Door => "door",
            Reference::Bookables => "bookables",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
// Externally tagged, like the outbox enums: see sync/outbox.rs.
#[serde(rename_all = "snake_case")]
pub enum ReferenceData {
    Community(Community),
    Services(Vec<Service>),
    Grids(Vec<Grid>),
    Stations(Vec<Station>),
    Shifts(Vec<Shift>),
    Volunteers(Vec<Volunteer>),
    ServiceRecord(ServiceRecord),
    Notices(Vec<Notice>),
    Activities(Vec<Activity>),
    Door(Vec<DoorList>),
    Bookables(Vec<Bookable>),
}

/// The answer to a conditional read.
#[derive(Clone, Debug, PartialEq)]
pub enum Fetched {
    /// The copy the device holds (its ETag matched) is current.
    NotModified,
    /// This backend has no such data (a profile for residents has no volunteer list).
    NotOffered,
    Fresh {
        data: ReferenceData,
        etag: Option<String>,
    },
}

/// What the engine knows of an order's earlier sends, for a backend without idempotent
/// create: it must look for the order before sending it again. And whose order it is,
/// for a backend that takes the owner in the body (the token may not say).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// An earlier send may have reached the server: its answer never came, or the app
    /// stopped in the middle of sending.
    pub maybe_sent: bool,
    /// When the device queued the order (Unix ms, by the device's clock).
    pub queued_at: i64,
    /// The signed-in user's id.
    pub owner_id: String,
}

/// A backend, as the engine uses it. Each method may make several requests (a profile
/// for a server without idempotent create looks the order up after a lost answer).
///
/// The engine is the app's one way to the network: it owns the backend and offers each
/// of these (sign-in and codes included) as a method of its own.
#[allow(async_fn_in_trait)] // used by generics only; wasm futures are not Send anyway
pub trait Backend {
    /// What this backend lets the app offer: how people sign in, which steps, wishes and
    /// reference data reach it, whether it keeps a calendar.
    fn abilities(&self) -> Abilities;

    /// Asks for a sign-in code for `phone`. `Some(code)`: the backend handed it back (a
    /// demo server); a backend without codes only checks the number is known, or nothing.
    async fn request_code<T: Transport>(
        &self,
        net: &T,
        phone: &str,
    ) -> Result<Option<String>, SyncError>;

    /// Signs in with `phone` and `secret` (the code sent, or the password, as
    /// [`Abilities`] says; ignored where neither is asked).
    async fn sign_in<T: Transport>(
        &self,
        net: &T,
        phone: &str,
        secret: &str,
    ) -> Result<(Session, SessionUser), SyncError>;

    /// What changed in the signed-in person's inbox after `since` (issue 18). `None`:
    /// this backend keeps no inbox.
    async fn inbox<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
        _since: Option<&str>,
    ) -> Result<Option<InboxPage>, SyncError> {
        Ok(None)
    }

    /// Like [`Backend::inbox`], but when nothing is new after `since` the server holds the
    /// answer up to `wait_seconds` for something to arrive (long polling): an open app
    /// hears within seconds. `None`: this backend cannot wait (the app's timer syncs).
    async fn wait_inbox<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
        _since: Option<&str>,
        _wait_seconds: u32,
    ) -> Result<Option<InboxPage>, SyncError> {
        Ok(None)
    }

    /// The person's inbox items `ids` read, on all of their devices.
    async fn mark_read<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
        _ids: &[String],
    ) -> Result<(), SyncError> {
        Ok(())
    }

    /// The server's Web Push key (VAPID, base64url) for a device to subscribe with
    /// (issue 18). `None`: this backend does not push.
    async fn push_key<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
    ) -> Result<Option<String>, SyncError> {
        Ok(None)
    }

    /// Keeps this device's Web Push subscription (`PushSubscription.toJSON()`) for the
    /// signed-in person.
    async fn put_push_subscription<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
        _subscription: &serde_json::Value,
    ) -> Result<(), SyncError> {
        Ok(())
    }

    /// This device, at `endpoint`, no longer rings.
    async fn drop_push_subscription<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
        _endpoint: &str,
    ) -> Result<(), SyncError> {
        Ok(())
    }

    /// What the signed-in person chose about being reached. `None`: this backend keeps
    /// no such settings.
    async fn reach_settings<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
    ) -> Result<Option<crate::reach::ReachSettings>, SyncError> {
        Ok(None)
    }

    /// Replaces those settings.
    async fn put_reach_settings<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
        settings: &crate::reach::ReachSettings,
    ) -> Result<crate::reach::ReachSettings, SyncError> {
        Ok(settings.clone())
    }

    /// The signed-in person's shifts as an iCalendar file. `None`: this backend keeps no
    /// calendar (the app then offers none).
    async fn calendar<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
    ) -> Result<Option<String>, SyncError> {
        Ok(None)
    }

    /// The activities the signed-in person signed up for, as an iCalendar file. `None`:
    /// this backend keeps no such calendar.
    async fn activity_calendar<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
    ) -> Result<Option<String>, SyncError> {
        Ok(None)
    }

    /// Creates the order under the client's id; a retry of the same order answers the
    /// stored order, never a second one.
    async fn create_order<T: Transport>(
        &self,
        net: &T,
        token: &str,
        id: &str,
        order: &NewOrder,
        attempt: Attempt,
    ) -> Result<Order, SyncError>;

    /// One lifecycle step from `version`; the same `request.id` again answers the stored
    /// result.
    async fn transition<T: Transport>(
        &self,
        net: &T,
        token: &str,
        order_id: &str,
        version: i64,
        request: &TransitionRequest,
    ) -> Result<Order, SyncError>;

    /// The next page of orders changed after `cursor` (all of them when `None`).
    async fn orders_since<T: Transport>(
        &self,
        net: &T,
        token: &str,
        cursor: Option<&str>,
    ) -> Result<Page<Order>, SyncError>;

    /// Whether `orders_since` lists what changed. A backend that cannot (GeoReport reads
    /// requests by id only) has the engine call `refresh_held` instead.
    fn lists_changes(&self) -> bool {
        true
    }

    /// The orders among `held` (those this device has) that changed on the server, for
    /// a backend that does not list changes.
    async fn refresh_held<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
        _held: &[Order],
    ) -> Result<Vec<Order>, SyncError> {
        Ok(Vec::new())
    }

    /// Reference data, conditional on the ETag the device holds.
    async fn reference<T: Transport>(
        &self,
        net: &T,
        token: &str,
        kind: Reference,
        etag: Option<&str>,
    ) -> Result<Fetched, SyncError>;

    /// Takes (`true`) or gives back (`false`) a place on a shift; both idempotent.
    async fn shift_signup<T: Transport>(
        &self,
        net: &T,
        token: &str,
        shift_id: &str,
        take: bool,
    ) -> Result<Shift, SyncError>;

    /// Signs the person (or `child`) up for an activity under `signup_id` (`take`), or
    /// withdraws that sign-up; both idempotent (issue 19). Only a backend that offers
    /// [`Reference::Activities`] is asked.
    async fn activity_signup<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
        _activity_id: &str,
        _signup: &SignupRequest,
    ) -> Result<Activity, SyncError> {
        Err(not_offered())
    }

    /// Books a slot of a thing under `booking.booking_id` (`take`), or cancels that
    /// booking; both idempotent (issue 19). Only a backend that offers
    /// [`Reference::Bookables`] is asked.
    async fn book<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
        _bookable_id: &str,
        _booking: &BookingRequest,
    ) -> Result<Bookable, SyncError> {
        Err(not_offered())
    }

    /// Checks in whoever holds `code` at an activity's door, taken at `at` (RFC 3339:
    /// the device may have been offline); idempotent. Only a backend that offers
    /// [`Reference::Door`] is asked.
    async fn check_in<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
        _activity_id: &str,
        _code: &str,
        _at: &str,
    ) -> Result<ActivitySignup, SyncError> {
        Err(not_offered())
    }

    /// A new session for one whose token the backend no longer takes, where it renews
    /// tokens without asking the person; `None` when they must sign in again.
    async fn renew<T: Transport>(
        &self,
        _net: &T,
        _session: &Session,
    ) -> Result<Option<Session>, SyncError> {
        Ok(None)
    }
}

/// A sign-up for an activity, or its withdrawal, as the outbox keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupRequest {
    /// The sign-up's id, chosen on the device: a resend is the same sign-up.
    pub signup_id: String,
    /// The child signed up by their guardian; `None`: the person.
    #[serde(default)]
    pub child_name: Option<String>,
    /// `true` to sign up, `false` to withdraw.
    pub take: bool,
}

/// A booking of a slot, or its cancellation, as the outbox keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingRequest {
    /// The booking's id, chosen on the device: a resend is the same booking.
    pub booking_id: String,
    /// The slot's start, RFC 3339.
    pub starts_at: String,
    /// `true` to book, `false` to cancel.
    pub take: bool,
}

/// What a backend without activities answers, were it asked.
pub(crate) fn not_offered() -> SyncError {
    SyncError::Rejected {
        status: 404,
        kind: "not_found".to_string(),
        message: "this backend has no activities".to_string(),
        fields: std::collections::BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::Reference;

    #[test]
    fn each_kind_of_reference_data_has_its_own_place() {
        for (place, kind) in Reference::ALL.into_iter().enumerate() {
            assert_eq!(kind.index(), place, "{kind:?}");
        }
    }
}
