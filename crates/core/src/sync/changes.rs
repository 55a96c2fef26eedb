//! What changed in the engine's snapshot since a screen last copied it, so the copy is
//! brought up to date by what changed, not copied whole: a dispatcher's device holds
//! thousands of orders, and most syncs change none of them.

use std::collections::BTreeSet;

use crate::sync::store::{Snapshot, Write};

/// The parts of a [`Snapshot`] that changed: which orders (by id), and whether the
/// outbox, the reference data or the meta did. `everything` after the engine opened or
/// reloaded its data, when it cannot say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub everything: bool,
    pub orders: BTreeSet<String>,
    pub outbox: bool,
    pub references: bool,
    pub meta: bool,
}

impl Changes {
    /// Everything may have changed.
    pub fn everything() -> Changes {
        Changes {
            everything: true,
            ..Changes::default()
        }
    }

    /// Nothing changed: a copy is already up to date.
    pub fn is_empty(&self) -> bool {
        self == &Changes::default()
    }

    /// Whether what an order list shows may have changed: an order, whether this
    /// device's writes on one were sent, or the reference data (an order's promised
    /// time is its service's).
    pub fn touch_lists(&self) -> bool {
        self.everything || !self.orders.is_empty() || self.outbox || self.references
    }

    /// Notes a committed batch.
    pub fn note(&mut self, writes: &[Write]) {
        for write in writes {
            match write {
                Write::PutOrder(local) => {
                    self.orders.insert(local.order.id.clone());
                }
                Write::DeleteOrder(id) => {
                    self.orders.insert(id.clone());
                }
                Write::PutEntry(_) | Write::DeleteEntry(_) => self.outbox = true,
                Write::PutReference(..) | Write::DeleteReference(_) => self.references = true,
                Write::PutMeta(..) | Write::DeleteMeta(_) => self.meta = true,
            }
        }
    }
}

impl Snapshot {
    /// Brings this copy of `from` (as it was when `changes` began) up to date, copying
    /// only what `changes` names: the orders that changed, one by one; the outbox, the
    /// reference data and the meta (each small) whole when they changed.
    pub fn catch_up(&mut self, from: &Snapshot, changes: &Changes) {
        if changes.everything {
            self.clone_from(from);
            return;
        }
        for id in &changes.orders {
            match from.orders.get(id) {
                Some(local) => {
                    self.orders.insert(id.clone(), local.clone());
                }
                None => {
                    self.orders.remove(id);
                }
            }
        }
        if changes.outbox {
            self.outbox.clone_from(&from.outbox);
        }
        if changes.references {
            self.references.clone_from(&from.references);
        }
        if changes.meta {
            self.meta.clone_from(&from.meta);
        }
    }
}
