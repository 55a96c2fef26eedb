//! The device's storage in a real browser's IndexedDB: what is written is there after the
//! database is closed and opened again; an older database is upgraded without losing its
//! outbox; and a batch is one transaction, all or nothing.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use idb::{Factory, ObjectStoreParams, TransactionMode};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use yizhan::platform::idb_store::{IdbStore, VERSION};
use yizhan_core::model::{Community, NewOrder, Order, OrderKind, OrderStatus};
use yizhan_core::sync::{
    CachedReference, LocalOrder, MetaKey, Operation, OutboxEntry, Reference, ReferenceData, Store,
    Write,
};

wasm_bindgen_test_configure!(run_in_browser);

async fn forget(name: &str) {
    let factory = Factory::new().expect("IndexedDB is there in Chromium");
    factory
        .delete(name)
        .expect("delete request")
        .await
        .expect("deleted");
}

fn wish(id: &str, title: &str) -> (LocalOrder, OutboxEntry) {
    let new = NewOrder {
        kind: OrderKind::Wish,
        service_id: None,
        title: title.into(),
        description: "楼道灯坏了".into(),
        address: Some("育华里 3 号楼".into()),
        contact_phone: None,
        preferred_time: None,
        attributes: BTreeMap::new(),
        on_behalf_of: None,
        channel: None,
    };
    let order = Order {
        id: id.into(),
        kind: new.kind,
        service_id: None,
        title: new.title.clone(),
        description: new.description.clone(),
        address: new.address.clone(),
        contact_phone: None,
        preferred_time: None,
        attributes: BTreeMap::new(),
        status: OrderStatus::Submitted,
        version: 0,
        owner_id: "u-13800000001".into(),
        assignee: None,
        rating: None,
        created_at: "2026-11-23T09:00:00+08:00".into(),
        updated_at: "2026-11-23T09:00:00+08:00".into(),
        deleted: false,
        timeline: Vec::new(),
        filed_by: None,
    };
    let mut entry = OutboxEntry::new(
        Operation::CreateOrder {
            order_id: id.into(),
            order: new,
        },
        1_790_000_000_000,
    );
    entry.seq = 1_790_000_000_000 * 1024 + 7;
    (
        LocalOrder {
            order,
            acknowledged: false,
        },
        entry,
    )
}

#[wasm_bindgen_test]
async fn what_is_written_is_read_back_after_the_database_is_reopened() {
    let name = "yizhan-test-reopen";
    forget(name).await;
    let store = IdbStore::open_named(name).await.expect("open");
    let (order, entry) = wish("0190f0aa-0000-7000-8000-000000000001", "帮忙换灯泡");
    let community = CachedReference {
        data: ReferenceData::Community(Community {
            id: "c-yuhua".into(),
            name: "育华里社区".into(),
            district: "雨花区".into(),
            hotline: "025-5260 1234".into(),
            announcement: "周六义诊".into(),
            residents_choose_grid: false,
            updated_at: "2026-11-20T09:00:00+08:00".into(),
        }),
        etag: Some("\"abc\"".into()),
        fetched_at: 1_790_000_000_000,
    };
    store
        .commit(vec![
            Write::PutOrder(order.clone()),
            Write::PutEntry(entry.clone()),
            Write::PutMeta(MetaKey::OrdersCursor, "1790.abc".into()),
            Write::PutReference(Reference::Community, community.clone()),
        ])
        .await
        .expect("commit");
    store.close();

    let reopened = IdbStore::open_named(name).await.expect("reopen");
    let snapshot = reopened.load().await.expect("load");
    assert_eq!(snapshot.orders.get(&order.order.id), Some(&order));
    assert_eq!(snapshot.outbox.get(&entry.seq), Some(&entry));
    assert_eq!(
        snapshot
            .meta
            .get(&MetaKey::OrdersCursor)
            .map(String::as_str),
        Some("1790.abc")
    );
    assert_eq!(
        snapshot.references.get(&Reference::Community),
        Some(&community)
    );

    reopened
        .commit(vec![
            Write::DeleteEntry(entry.seq),
            Write::DeleteMeta(MetaKey::OrdersCursor),
        ])
        .await
        .expect("delete");
    let after = reopened.load().await.expect("load");
    assert!(after.outbox.is_empty());
    assert!(after.meta.is_empty());
    assert_eq!(after.orders.len(), 1);
    reopened.close();
}

#[wasm_bindgen_test]
async fn an_older_database_is_upgraded_and_keeps_its_pending_outbox() {
    let name = "yizhan-test-upgrade";
    forget(name).await;
    // A database as version 1 of the app left it: orders, outbox and meta, no
    // reference cache, with an order still waiting to be sent.
    let (order, entry) = wish("0190f0aa-0000-7000-8000-000000000002", "陪老人去医院");
    {
        let factory = Factory::new().expect("factory");
        let mut request = factory.open(name, Some(1)).expect("open v1");
        request.on_upgrade_needed(|event| {
            use idb::DatabaseEvent;
            let database = event.database().expect("database");
            for store in ["orders", "outbox", "meta"] {
                database
                    .create_object_store(store, ObjectStoreParams::new())
                    .expect("store");
            }
        });
        let database = request.await.expect("v1");
        let transaction = database
            .transaction(&["orders", "outbox"], TransactionMode::ReadWrite)
            .expect("transaction");
        transaction
            .object_store("orders")
            .expect("orders")
            .put(&json(&order), Some(&JsValue::from_str(&order.order.id)))
            .expect("put order");
        transaction
            .object_store("outbox")
            .expect("outbox")
            .put(&json(&entry), Some(&JsValue::from_f64(entry.seq as f64)))
            .expect("put entry");
        transaction
            .commit()
            .expect("commit")
            .await
            .expect("committed");
        database.close();
    }

    let store = IdbStore::open_named(name)
        .await
        .expect("upgrade to the current version");
    let snapshot = store.load().await.expect("load");
    assert_eq!(
        snapshot.outbox.get(&entry.seq),
        Some(&entry),
        "the unsent order survives"
    );
    assert_eq!(snapshot.orders.get(&order.order.id), Some(&order));
    store
        .commit(vec![Write::PutReference(
            Reference::Services,
            CachedReference {
                data: ReferenceData::Services(Vec::new()),
                etag: None,
                fetched_at: 0,
            },
        )])
        .await
        .expect("the new version's store is there");
    store.close();
    let factory = Factory::new().expect("factory");
    let database = factory
        .open(name, None)
        .expect("open")
        .await
        .expect("opened");
    assert_eq!(database.version().expect("version"), VERSION);
    database.close();
}

#[wasm_bindgen_test]
async fn a_batch_is_one_transaction_an_aborted_one_leaves_nothing() {
    let name = "yizhan-test-atomic";
    forget(name).await;
    let store = IdbStore::open_named(name).await.expect("open");
    let (first, first_entry) = wish("0190f0aa-0000-7000-8000-000000000003", "第一个心愿");
    store
        .commit(vec![
            Write::PutOrder(first.clone()),
            Write::PutEntry(first_entry.clone()),
        ])
        .await
        .expect("first");

    // The second order, its outbox entry and the removal of the first entry go as one
    // batch; the browser aborts it (as on a full disk or a closing page).
    let (second, mut second_entry) = wish("0190f0aa-0000-7000-8000-000000000004", "第二个心愿");
    second_entry.seq += 1;
    let pending = store
        .begin(&[
            Write::PutOrder(second.clone()),
            Write::PutEntry(second_entry.clone()),
            Write::DeleteEntry(first_entry.seq),
            Write::PutMeta(MetaKey::LastSyncedAt, "1".into()),
        ])
        .expect("begin");
    pending.abort().await;

    let snapshot = store.load().await.expect("load");
    assert!(
        !snapshot.orders.contains_key(&second.order.id),
        "no order without its entry"
    );
    assert!(!snapshot.outbox.contains_key(&second_entry.seq));
    assert!(
        snapshot.outbox.contains_key(&first_entry.seq),
        "the delete was undone too"
    );
    assert!(snapshot.meta.is_empty());
    store.close();
}

/// A record as JSON text, the way every build has written them.
fn json<T: serde::Serialize>(value: &T) -> JsValue {
    JsValue::from_str(&serde_json::to_string(value).expect("json"))
}

/// Two tabs on one database: each knows when the other wrote since it last read or
/// wrote, so "sync now" reads the whole database again only then (issue 16).
#[wasm_bindgen_test]
async fn a_tab_knows_when_another_wrote_since_it_last_read() {
    let name = "yizhan-test-two-tabs";
    forget(name).await;
    let first = IdbStore::open_named(name).await.expect("open");
    let second = IdbStore::open_named(name).await.expect("open");
    let _ = first.load().await.expect("load");
    let _ = second.load().await.expect("load");

    let (order, entry) = wish("0190f0aa-0000-7000-8000-000000000002", "楼道灯");
    first
        .commit(vec![Write::PutOrder(order), Write::PutEntry(entry)])
        .await
        .expect("commit");
    assert!(!first.may_have_changed_elsewhere(), "its own write");
    assert!(second.may_have_changed_elsewhere(), "the other tab's write");

    let _ = second.load().await.expect("load");
    assert!(!second.may_have_changed_elsewhere(), "read since");
    second
        .commit(vec![Write::PutMeta(MetaKey::OrdersCursor, "1.x".into())])
        .await
        .expect("commit");
    assert!(first.may_have_changed_elsewhere());
    assert!(!second.may_have_changed_elsewhere());
    first.close();
    second.close();
}

/// A dispatcher's device holds thousands of orders; the read at start goes in pieces so
/// the page can draw between them (issue 16), and must still read every one.
#[wasm_bindgen_test]
async fn thousands_of_orders_are_all_read_back() {
    let name = "yizhan-test-thousands";
    forget(name).await;
    let store = IdbStore::open_named(name).await.expect("open");
    let mut writes = Vec::new();
    for n in 0..2_500u32 {
        let (order, _) = wish(&format!("0190f0aa-0000-7000-8000-{n:012}"), "楼道灯");
        writes.push(Write::PutOrder(order));
    }
    let (order, entry) = wish("0190f0aa-0000-7000-9000-000000000001", "换灯泡");
    writes.push(Write::PutOrder(order));
    writes.push(Write::PutEntry(entry.clone()));
    writes.push(Write::PutMeta(MetaKey::OrdersCursor, "9.x".into()));
    store.commit(writes).await.expect("commit");
    store.close();

    let reopened = IdbStore::open_named(name).await.expect("reopen");
    let snapshot = reopened.load().await.expect("load");
    assert_eq!(snapshot.orders.len(), 2_501);
    assert_eq!(snapshot.outbox.get(&entry.seq), Some(&entry));
    assert_eq!(
        snapshot
            .meta
            .get(&MetaKey::OrdersCursor)
            .map(String::as_str),
        Some("9.x")
    );
    reopened.close();
}
