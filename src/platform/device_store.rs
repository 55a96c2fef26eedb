//! Where the device keeps its data: IndexedDB, or memory with a visible warning where
//! IndexedDB is missing or refuses (private mode, some webviews).

use yizhan_core::sync::{MemoryStore, Snapshot, Store, StoreError, Write};

use super::idb_store::IdbStore;

pub enum DeviceStore {
    IndexedDb(IdbStore),
    /// Kept only while the page is open; the reason is shown to the resident.
    Memory(MemoryStore, String),
}

impl DeviceStore {
    pub async fn open() -> DeviceStore {
        match IdbStore::open().await {
            Ok(store) => DeviceStore::IndexedDb(store),
            Err(error) => DeviceStore::Memory(MemoryStore::default(), error.to_string()),
        }
    }

    /// Why data will not outlive the page, if it will not.
    pub fn volatile_reason(&self) -> Option<&str> {
        match self {
            DeviceStore::IndexedDb(_) => None,
            DeviceStore::Memory(_, reason) => Some(reason),
        }
    }
}

impl Store for DeviceStore {
    async fn load(&self) -> Result<Snapshot, StoreError> {
        match self {
            DeviceStore::IndexedDb(store) => store.load().await,
            DeviceStore::Memory(store, _) => store.load().await,
        }
    }

    async fn commit(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        match self {
            DeviceStore::IndexedDb(store) => store.commit(writes).await,
            DeviceStore::Memory(store, _) => store.commit(writes).await,
        }
    }
}
