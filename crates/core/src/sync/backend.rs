//! The engine's view of a backend. A profile turns each operation into requests for one
//! kind of server (the `yizhan` contract, json-server, Open311, a mapped description) and
//! reads the answers back into the contract's types and the engine's error classes.

use serde::{Deserialize, Serialize};

use crate::model::{
    Community, Grid, NewOrder, Order, Page, Service, Shift, Station, TransitionRequest,
};
use crate::sync::error::SyncError;
use crate::sync::http::Transport;

/// The reference data a device keeps to open offline with what it last saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reference {
    Community,
    Services,
    Grids,
    Stations,
    Shifts,
}

impl Reference {
    pub const ALL: [Reference; 5] = [
        Reference::Community,
        Reference::Services,
        Reference::Grids,
        Reference::Stations,
        Reference::Shifts,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reference::Community => "community",
            Reference::Services => "services",
            Reference::Grids => "grids",
            Reference::Stations => "stations",
            Reference::Shifts => "shifts",
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
}

/// The answer to a conditional read.
#[derive(Clone, Debug, PartialEq)]
pub enum Fetched {
    /// The copy the device holds (its ETag matched) is current.
    NotModified,
    Fresh {
        data: ReferenceData,
        etag: Option<String>,
    },
}

/// A backend, as the engine uses it. Each method may make several requests (a profile
/// for a server without idempotent create looks the order up after a lost answer).
#[allow(async_fn_in_trait)] // used by generics only; wasm futures are not Send anyway
pub trait Backend {
    /// Creates the order under the client's id; a retry of the same order answers the
    /// stored order, never a second one.
    async fn create_order<T: Transport>(
        &self,
        net: &T,
        token: &str,
        id: &str,
        order: &NewOrder,
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
}
