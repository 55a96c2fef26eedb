//! Where the device keeps its data: IndexedDB; else `localStorage`, which survives a
//! reload; else memory, with a visible warning (private mode, some webviews).

use yizhan_core::sync::{MemoryStore, Snapshot, Store, StoreError, Write};

use super::idb_store::IdbStore;
use super::local_store::LocalStore;

pub enum DeviceStore {
    IndexedDb(IdbStore),
    LocalStorage(LocalStore),
    /// Kept only while the page is open; the reason is shown to the resident.
    Memory(MemoryStore, String),
}

impl DeviceStore {
    pub async fn open() -> DeviceStore {
        match IdbStore::open().await {
            Ok(store) => DeviceStore::IndexedDb(store),
            Err(error) => match LocalStore::open() {
                Some(store) => DeviceStore::LocalStorage(store),
                None => DeviceStore::Memory(MemoryStore::default(), error.to_string()),
            },
        }
    }

    /// Why data will not outlive the page, if it will not.
    pub fn volatile_reason(&self) -> Option<&str> {
        match self {
            DeviceStore::IndexedDb(_) | DeviceStore::LocalStorage(_) => None,
            DeviceStore::Memory(_, reason) => Some(reason),
        }
    }
}

impl Store for DeviceStore {
    async fn load(&self) -> Result<Snapshot, StoreError> {
        match self {
            DeviceStore::IndexedDb(store) => store.load().await,
            DeviceStore::LocalStorage(store) => store.load().await,
            DeviceStore::Memory(store, _) => store.load().await,
        }
    }

    async fn commit(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        match self {
            DeviceStore::IndexedDb(store) => store.commit(writes).await,
            DeviceStore::LocalStorage(store) => store.commit(writes).await,
            DeviceStore::Memory(store, _) => store.commit(writes).await,
        }
    }

    fn may_have_changed_elsewhere(&self) -> bool {
        match self {
            DeviceStore::IndexedDb(store) => store.may_have_changed_elsewhere(),
            DeviceStore::LocalStorage(store) => store.may_have_changed_elsewhere(),
            // Memory is this tab's alone.
            DeviceStore::Memory(..) => false,
        }
    }
}
