//! What the device keeps, and the one way it changes: a batch of writes applied in one
//! transaction. The engine keeps a mirror of it in memory and writes through, so a store
//! only needs to load everything and commit batches: IndexedDB in the browser, memory
//! where IndexedDB is missing, and the simulated disk of the tests.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Notice, Order, Service};
use crate::sync::backend::{Reference, ReferenceData};
use crate::sync::error::StoreError;
use crate::sync::outbox::OutboxEntry;

/// An order as the device holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalOrder {
    /// The server's latest answer, or, before the first one, the order as submitted
    /// (status `submitted`, version 0).
    pub order: Order,
    /// The server has this order.
    pub acknowledged: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CachedReference {
    pub data: ReferenceData,
    pub etag: Option<String>,
    /// When the server last confirmed it (Unix ms): "as of 10 minutes ago".
    pub fetched_at: i64,
}

/// Small named values: the order cursor, the session, when sync last succeeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetaKey {
    OrdersCursor,
    Session,
    LastSyncedAt,
    LastError,
    /// The user whose orders and outbox the device holds, kept after sign-out so that
    /// someone else signing in on the same phone starts clean.
    Owner,
    /// Unsent work of people who are not signed in here ([`crate::sync::held`]).
    HeldForOthers,
    /// What the person was told, the newest kept ([`crate::sync::inbox`]), as JSON.
    InboxItems,
    /// Where the next inbox pull starts.
    InboxCursor,
    /// Items read on this device that the server has not heard of yet, as JSON.
    InboxReads,
}

impl MetaKey {
    pub const ALL: [MetaKey; 9] = [
        MetaKey::OrdersCursor,
        MetaKey::Session,
        MetaKey::LastSyncedAt,
        MetaKey::LastError,
        MetaKey::Owner,
        MetaKey::HeldForOthers,
        MetaKey::InboxItems,
        MetaKey::InboxCursor,
        MetaKey::InboxReads,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MetaKey::OrdersCursor => "orders_cursor",
            MetaKey::Session => "session",
            MetaKey::LastSyncedAt => "last_synced_at",
            MetaKey::LastError => "last_error",
            MetaKey::Owner => "owner",
            MetaKey::HeldForOthers => "held_for_others",
            MetaKey::InboxItems => "inbox_items",
            MetaKey::InboxCursor => "inbox_cursor",
            MetaKey::InboxReads => "inbox_reads",
        }
    }
}

/// Everything the device holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    pub orders: BTreeMap<String, LocalOrder>,
    pub outbox: BTreeMap<u64, OutboxEntry>,
    pub references: BTreeMap<Reference, CachedReference>,
    pub meta: BTreeMap<MetaKey, String>,
}

/// One change; a `Vec<Write>` is applied all or nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum Write {
    PutOrder(LocalOrder),
    DeleteOrder(String),
    PutEntry(OutboxEntry),
    DeleteEntry(u64),
    PutReference(Reference, CachedReference),
    DeleteReference(Reference),
    PutMeta(MetaKey, String),
    DeleteMeta(MetaKey),
}

impl Snapshot {
    /// The service `id` as the catalogue this device holds lists it.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services().iter().find(|s| s.id == id)
    }

    /// The catalogue this device holds (empty before it first arrives).
    pub fn services(&self) -> &[Service] {
        match self
            .references
            .get(&Reference::Services)
            .map(|cached| &cached.data)
        {
            Some(ReferenceData::Services(services)) => services,
            _ => &[],
        }
    }

    /// The community's notices that show at `now_ms` (the day in the community's time
    /// zone), in the board's order, pinned first; `None` when the device holds no notice
    /// board (a backend without one, or before it first arrives): show the community's
    /// `announcement` then. Decided here, so that offline a notice whose last day has
    /// passed leaves the board (the reference server sends the day's board only: one that
    /// starts later comes with a sync).
    pub fn notices_showing(&self, now_ms: i64) -> Option<Vec<Notice>> {
        let Some(ReferenceData::Notices(notices)) = self
            .references
            .get(&Reference::Notices)
            .map(|cached| &cached.data)
        else {
            return None;
        };
        let day = crate::schedule::community_day(now_ms)?;
        Some(crate::workbench::notices::showing(notices, day))
    }

    /// The mirror's side of a committed batch.
    pub fn apply(&mut self, writes: &[Write]) {
        for write in writes {
            match write {
                Write::PutOrder(order) => {
                    self.orders.insert(order.order.id.clone(), order.clone());
                }
                Write::DeleteOrder(id) => {
                    self.orders.remove(id);
                }
                Write::PutEntry(entry) => {
                    self.outbox.insert(entry.seq, entry.clone());
                }
                Write::DeleteEntry(seq) => {
                    self.outbox.remove(seq);
                }
                Write::PutReference(kind, cached) => {
                    self.references.insert(*kind, cached.clone());
                }
                Write::DeleteReference(kind) => {
                    self.references.remove(kind);
                }
                Write::PutMeta(key, value) => {
                    self.meta.insert(*key, value.clone());
                }
                Write::DeleteMeta(key) => {
                    self.meta.remove(key);
                }
            }
        }
    }
}

#[allow(async_fn_in_trait)] // used by generics only; wasm futures are not Send anyway
pub trait Store {
    async fn load(&self) -> Result<Snapshot, StoreError>;

    /// Applies every write or none. Implementations must not await anything but the
    /// storage itself while the transaction is open.
    async fn commit(&self, writes: Vec<Write>) -> Result<(), StoreError>;

    /// Whether anything but this handle may have written since it last loaded or
    /// committed (another tab of the app): [`Engine::reload`](crate::sync::Engine::reload)
    /// reads everything again only then. A store that cannot tell says yes.
    fn may_have_changed_elsewhere(&self) -> bool {
        true
    }
}

/// A store in memory: where IndexedDB is missing or refuses (private mode, some
/// webviews), and the disk of the native tests. Clones share the same data, as tabs
/// share a database.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    data: std::rc::Rc<std::cell::RefCell<Snapshot>>,
}

impl Store for MemoryStore {
    async fn load(&self) -> Result<Snapshot, StoreError> {
        Ok(self.data.borrow().clone())
    }

    async fn commit(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        self.data.borrow_mut().apply(&writes);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbench::notices::tests::notice;

    #[test]
    fn the_board_shows_the_notices_of_the_communitys_day_pinned_first_and_nothing_before_it_arrives(
    ) {
        let mut snapshot = Snapshot::default();
        // 2026-11-30 16:30 UTC is already 1 December in the community (UTC+8).
        let now_ms = 1_796_056_200_000;
        assert_eq!(snapshot.notices_showing(now_ms), None, "no board yet");
        snapshot.apply(&[Write::PutReference(
            Reference::Notices,
            CachedReference {
                data: ReferenceData::Notices(vec![
                    notice("ended", None, Some("2026-11-30"), true),
                    notice("today", Some("2026-12-01"), Some("2026-12-01"), false),
                    notice("pinned", None, None, true),
                ]),
                etag: None,
                fetched_at: 0,
            },
        )]);
        let shown: Vec<String> = snapshot
            .notices_showing(now_ms)
            .unwrap_or_default()
            .into_iter()
            .map(|n| n.id)
            .collect();
        assert_eq!(shown, ["pinned", "today"]);
        // A day later, offline: the day's notice has left the board by itself.
        let tomorrow: Vec<String> = snapshot
            .notices_showing(now_ms + 86_400_000)
            .unwrap_or_default()
            .into_iter()
            .map(|n| n.id)
            .collect();
        assert_eq!(tomorrow, ["pinned"]);
    }
}
