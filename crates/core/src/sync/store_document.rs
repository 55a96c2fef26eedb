//! The whole store as one JSON document, for key–value storage (`localStorage` in
//! webviews without IndexedDB): written in one call, so a batch lands whole or not at all.

use serde::{Deserialize, Serialize};

use crate::sync::backend::Reference;
use crate::sync::error::StoreError;
use crate::sync::outbox::OutboxEntry;
use crate::sync::store::{CachedReference, LocalOrder, MetaKey, Snapshot};

/// Versioned by its key's prefix (`yizhan.v1.`), like the preferences.
#[derive(Default, Serialize, Deserialize)]
struct Document {
    orders: Vec<LocalOrder>,
    outbox: Vec<OutboxEntry>,
    references: Vec<(Reference, CachedReference)>,
    meta: Vec<(MetaKey, String)>,
}

pub fn encode(snapshot: &Snapshot) -> Result<String, StoreError> {
    let document = Document {
        orders: snapshot.orders.values().cloned().collect(),
        outbox: snapshot.outbox.values().cloned().collect(),
        references: snapshot
            .references
            .iter()
            .map(|(kind, cached)| (*kind, cached.clone()))
            .collect(),
        meta: snapshot
            .meta
            .iter()
            .map(|(key, value)| (*key, value.clone()))
            .collect(),
    };
    serde_json::to_string(&document).map_err(|error| StoreError::Corrupt(error.to_string()))
}

pub fn decode(text: &str) -> Result<Snapshot, StoreError> {
    let document: Document =
        serde_json::from_str(text).map_err(|error| StoreError::Corrupt(error.to_string()))?;
    Ok(Snapshot {
        orders: document
            .orders
            .into_iter()
            .map(|order| (order.order.id.clone(), order))
            .collect(),
        outbox: document
            .outbox
            .into_iter()
            .map(|entry| (entry.seq, entry))
            .collect(),
        references: document.references.into_iter().collect(),
        meta: document.meta.into_iter().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NewOrder, OrderKind};
    use crate::sync::backend::ReferenceData;
    use crate::sync::outbox::Operation;
    use crate::sync::store::Write;

    #[test]
    fn a_snapshot_survives_the_round_trip_whole() {
        let order = NewOrder {
            kind: OrderKind::Wish,
            service_id: None,
            title: "帮忙换灯泡".into(),
            description: String::new(),
            address: Some("3 号楼".into()),
            contact_phone: None,
            preferred_time: None,
            attributes: Default::default(),
            on_behalf_of: None,
            channel: None,
        };
        let mut snapshot = Snapshot::default();
        snapshot.apply(&[
            Write::PutEntry(OutboxEntry::new(
                Operation::CreateOrder {
                    order_id: "o-1".into(),
                    order,
                },
                7,
            )),
            Write::PutReference(
                Reference::Services,
                CachedReference {
                    data: ReferenceData::Services(Vec::new()),
                    etag: Some("\"3\"".into()),
                    fetched_at: 9,
                },
            ),
            Write::PutMeta(MetaKey::Session, "{}".into()),
        ]);
        let text = encode(&snapshot).expect("encoded");
        assert_eq!(decode(&text).expect("decoded"), snapshot);
        assert!(matches!(decode("{not json"), Err(StoreError::Corrupt(_))));
    }
}
