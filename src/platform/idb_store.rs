//! The device's data in IndexedDB: one database, a versioned schema whose upgrades keep
//! what is there (a non-empty outbox above all), and every commit one transaction over
//! all the stores it touches, so nothing is ever half-written.

use idb::{
    Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode, TransactionResult,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use yizhan_core::sync::{
    CachedReference, LocalOrder, MetaKey, OutboxEntry, Reference, Snapshot, Store, StoreError,
    Write,
};

use super::write_mark::WriteMark;

pub const DATABASE: &str = "yizhan";
/// The schema version this build writes. Each step of `upgrade` brings an older
/// database one version further; none of them drops a store that holds data.
pub const VERSION: u32 = 2;

const ORDERS: &str = "orders";
/// Orders read in one task at start before the page may draw: with 10,000 orders and the
/// CPU 4× slower, no task of the reload is over 200 ms (`scripts/bench-many-orders.mjs`).
const ORDERS_PER_TASK: usize = 1000;
const OUTBOX: &str = "outbox";
const META: &str = "meta";
const REFERENCES: &str = "references";
const ALL_STORES: [&str; 4] = [ORDERS, OUTBOX, META, REFERENCES];

/// Records are JSON text keyed outside the value, so a later build can read an older
/// shape through serde defaults without an IndexedDB migration.
#[derive(Serialize, Deserialize)]
struct ReferenceRecord {
    kind: Reference,
    cached: CachedReference,
}

#[derive(Serialize, Deserialize)]
struct MetaRecord {
    key: MetaKey,
    value: String,
}

pub struct IdbStore {
    database: Database,
    /// Whether another tab wrote since this one read or wrote (`Store::may_have_changed_elsewhere`).
    mark: WriteMark,
}

fn unavailable(error: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(error.to_string())
}

fn upgrade(database: &Database, from: u32) -> Result<(), idb::Error> {
    if from < 1 {
        for name in [ORDERS, OUTBOX, META] {
            database.create_object_store(name, ObjectStoreParams::new())?;
        }
    }
    if from < 2 {
        // Version 2 caches reference data (catalogue, contacts, stations, shifts).
        database.create_object_store(REFERENCES, ObjectStoreParams::new())?;
    }
    Ok(())
}

impl IdbStore {
    /// Opens (creating or upgrading) the database; `Err` where IndexedDB is missing or
    /// refuses, as in some private modes and webviews: the caller falls back to memory.
    pub async fn open() -> Result<IdbStore, StoreError> {
        Self::open_named(DATABASE).await
    }

    pub async fn open_named(name: &str) -> Result<IdbStore, StoreError> {
        let factory = Factory::new().map_err(unavailable)?;
        let mut request = factory.open(name, Some(VERSION)).map_err(unavailable)?;
        request.on_upgrade_needed(|event| {
            let from = event.old_version().unwrap_or(0);
            if let Ok(database) = event.database() {
                if let Err(error) = upgrade(&database, from) {
                    // An upgrade that fails aborts the version change: the old schema
                    // and its data stay as they were.
                    super::console::error(&error.to_string());
                }
            }
        });
        let database = request.await.map_err(unavailable)?;
        Ok(IdbStore {
            database,
            mark: WriteMark::for_this_tab(),
        })
    }

    pub fn close(&self) {
        self.database.close();
    }
}

fn text(value: &JsValue) -> Result<String, StoreError> {
    value
        .as_string()
        .ok_or_else(|| StoreError::Corrupt("a record is not text".into()))
}

fn parse<T: serde::de::DeserializeOwned>(value: &JsValue) -> Result<T, StoreError> {
    serde_json::from_str(&text(value)?).map_err(|error| StoreError::Corrupt(error.to_string()))
}

fn json<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    serde_json::to_string(value)
        .map(|text| JsValue::from_str(&text))
        .map_err(|error| StoreError::Corrupt(error.to_string()))
}

/// The outbox is keyed by its sequence number, so IndexedDB keeps it in queue order.
fn seq_key(seq: u64) -> JsValue {
    JsValue::from_f64(seq as f64)
}

/// What an aborted transaction means for the resident.
fn abort_reason(transaction_error: Option<web_sys::DomException>) -> StoreError {
    match transaction_error {
        Some(error) if error.name() == "QuotaExceededError" => StoreError::QuotaExceeded,
        Some(error) => StoreError::Unavailable(format!("{}: {}", error.name(), error.message())),
        None => StoreError::Unavailable("the transaction was aborted".into()),
    }
}

impl Store for IdbStore {
    async fn load(&self) -> Result<Snapshot, StoreError> {
        self.mark.reading();
        let transaction = self
            .database
            .transaction(&ALL_STORES, TransactionMode::ReadOnly)
            .map_err(unavailable)?;
        let all = |name: &str| {
            transaction
                .object_store(name)
                .and_then(|store| store.get_all(None, None))
                .map_err(unavailable)
        };
        let (orders, outbox, meta, references) =
            (all(ORDERS)?, all(OUTBOX)?, all(META)?, all(REFERENCES)?);
        // Every answer first: the page may draw while the orders are read, and a request
        // whose answer came meanwhile would never be heard.
        let (orders, outbox, meta, references) = (
            orders.await.map_err(unavailable)?,
            outbox.await.map_err(unavailable)?,
            meta.await.map_err(unavailable)?,
            references.await.map_err(unavailable)?,
        );
        let mut snapshot = Snapshot::default();
        for (n, value) in orders.iter().enumerate() {
            if n > 0 && n % ORDERS_PER_TASK == 0 {
                // A dispatcher's 10,000 orders are a second of work on a slow phone: in
                // pieces, so the page stays responsive and draws meanwhile.
                gloo_timers::future::TimeoutFuture::new(0).await;
            }
            let order: LocalOrder = parse(value)?;
            snapshot.orders.insert(order.order.id.clone(), order);
        }
        for value in outbox {
            let entry: OutboxEntry = parse(&value)?;
            snapshot.outbox.insert(entry.seq, entry);
        }
        for value in meta {
            let record: MetaRecord = parse(&value)?;
            snapshot.meta.insert(record.key, record.value);
        }
        for value in references {
            let record: ReferenceRecord = parse(&value)?;
            snapshot.references.insert(record.kind, record.cached);
        }
        Ok(snapshot)
    }

    async fn commit(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        self.begin(&writes)?.finish().await?;
        self.mark.committed();
        Ok(())
    }

    fn may_have_changed_elsewhere(&self) -> bool {
        self.mark.changed_elsewhere()
    }
}

/// A batch whose requests are all issued in one open transaction, not yet finished.
pub struct PendingCommit {
    transaction: idb::Transaction,
}

impl PendingCommit {
    /// Waits for the browser to commit; an abort (quota, a closing page) leaves none of
    /// the batch written.
    pub async fn finish(self) -> Result<(), StoreError> {
        let transaction = self.transaction;
        // A second handle on the same transaction, to read why it aborted afterwards.
        let observer = transaction
            .object_store(ORDERS)
            .ok()
            .map(|store| store.transaction());
        let committed = transaction.commit().map_err(unavailable)?;
        let outcome = committed.await;
        match outcome {
            Ok(TransactionResult::Committed) => Ok(()),
            Ok(TransactionResult::Aborted) => Err(abort_reason(observer.and_then(|t| t.error()))),
            Err(error) => Err(unavailable(error)),
        }
    }

    /// Gives the batch up, as the browser does when storage is full or the page goes.
    pub async fn abort(self) {
        if let Ok(aborted) = self.transaction.abort() {
            let _ = aborted.await;
        }
    }
}

impl IdbStore {
    /// Issues every write of the batch in one readwrite transaction. Everything is
    /// serialised first: nothing but IndexedDB may run while the transaction is open, or
    /// the browser would commit it early.
    pub fn begin(&self, writes: &[Write]) -> Result<PendingCommit, StoreError> {
        let mut puts: Vec<(&str, JsValue, JsValue)> = Vec::new();
        let mut deletes: Vec<(&str, JsValue)> = Vec::new();
        for write in writes {
            match write {
                Write::PutOrder(order) => {
                    puts.push((ORDERS, JsValue::from_str(&order.order.id), json(order)?));
                }
                Write::DeleteOrder(id) => deletes.push((ORDERS, JsValue::from_str(id))),
                Write::PutEntry(entry) => puts.push((OUTBOX, seq_key(entry.seq), json(entry)?)),
                Write::DeleteEntry(seq) => deletes.push((OUTBOX, seq_key(*seq))),
                Write::PutReference(kind, cached) => puts.push((
                    REFERENCES,
                    JsValue::from_str(kind.as_str()),
                    json(&ReferenceRecord {
                        kind: *kind,
                        cached: cached.clone(),
                    })?,
                )),
                Write::PutMeta(key, value) => puts.push((
                    META,
                    JsValue::from_str(key.as_str()),
                    json(&MetaRecord {
                        key: *key,
                        value: value.clone(),
                    })?,
                )),
                Write::DeleteMeta(key) => deletes.push((META, JsValue::from_str(key.as_str()))),
                Write::DeleteReference(kind) => {
                    deletes.push((REFERENCES, JsValue::from_str(kind.as_str())))
                }
            }
        }
        let transaction = self
            .database
            .transaction(&ALL_STORES, TransactionMode::ReadWrite)
            .map_err(unavailable)?;
        let issued: Result<(), idb::Error> = (|| {
            for (name, key, value) in &puts {
                transaction.object_store(name)?.put(value, Some(key))?;
            }
            for (name, key) in &deletes {
                transaction.object_store(name)?.delete(key.clone())?;
            }
            Ok(())
        })();
        if let Err(error) = issued {
            let reason = transaction.error();
            let _ = transaction.abort();
            return Err(match reason {
                Some(reason) => abort_reason(Some(reason)),
                None => unavailable(error),
            });
        }
        Ok(PendingCommit { transaction })
    }
}
