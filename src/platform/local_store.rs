//! The device's data in `localStorage`, where IndexedDB is missing or refuses (older
//! WeChat kernels, some webviews) but key–value storage works: unlike memory, it
//! outlives a reload, so the session and anything unsent survive one. The whole store is
//! one document written in one call, so a batch lands whole or not at all.

use wasm_bindgen::{JsCast, JsValue};
use yizhan_core::sync::{store_document, Snapshot, Store, StoreError, Write};

use super::web_storage::writable_local;

const KEY: &str = "yizhan.v1.store";

pub struct LocalStore {
    storage: web_sys::Storage,
}

fn store_error(error: JsValue) -> StoreError {
    match error.dyn_into::<web_sys::DomException>() {
        Ok(error) if error.name() == "QuotaExceededError" => StoreError::QuotaExceeded,
        Ok(error) => StoreError::Unavailable(error.message()),
        Err(_) => StoreError::Unavailable("localStorage refused".into()),
    }
}

impl LocalStore {
    /// `None` where `localStorage` is missing or refuses writes (some private modes hand
    /// out one that throws on every write).
    pub fn open() -> Option<LocalStore> {
        writable_local().map(|storage| LocalStore { storage })
    }

    fn read(&self) -> Result<Snapshot, StoreError> {
        match self.storage.get_item(KEY).map_err(store_error)? {
            Some(text) => store_document::decode(&text),
            None => Ok(Snapshot::default()),
        }
    }
}

impl Store for LocalStore {
    async fn load(&self) -> Result<Snapshot, StoreError> {
        self.read()
    }

    async fn commit(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        // Read afresh: another tab may have written since.
        let mut snapshot = self.read()?;
        snapshot.apply(&writes);
        let text = store_document::encode(&snapshot)?;
        self.storage.set_item(KEY, &text).map_err(store_error)
    }
}
