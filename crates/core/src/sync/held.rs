//! Unsent work set aside for someone who is not signed in on this device.
//!
//! A phone is shared: a grid worker signs in on an elderly resident's phone, a daughter
//! on her father's. When someone else signs in, what the last person queued and did not
//! send yet must neither go out under the new name nor be lost. It is set aside, out of
//! the queue and out of sight, and given back when that person signs in here again.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::sync::outbox::{EntryState, OutboxEntry, ParkReason};
use crate::sync::store::{LocalOrder, MetaKey, Snapshot, Write};

/// One person's set-aside work: their queue and the orders it is about.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Held {
    pub entries: Vec<OutboxEntry>,
    pub orders: Vec<LocalOrder>,
}

/// Everyone's set-aside work on this device, by user id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HeldWork {
    pub by_user: BTreeMap<String, Held>,
}

impl HeldWork {
    /// What the device keeps (an unreadable value is kept by nobody: it is replaced).
    pub fn of(snapshot: &Snapshot) -> HeldWork {
        snapshot
            .meta
            .get(&MetaKey::HeldForOthers)
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_default()
    }

    /// How many unsent entries wait for people who are not signed in.
    pub fn waiting(&self) -> usize {
        self.by_user.values().map(|held| held.entries.len()).sum()
    }

    fn write(&self) -> Write {
        if self.by_user.is_empty() {
            return Write::DeleteMeta(MetaKey::HeldForOthers);
        }
        Write::PutMeta(
            MetaKey::HeldForOthers,
            serde_json::to_string(self).unwrap_or_default(),
        )
    }
}

/// The writes that set `previous`'s queue aside (with the orders it is about) and give
/// `next` back what was set aside for them. The caller clears the rest of `previous`'s
/// data in the same commit.
pub fn switch(snapshot: &Snapshot, previous: &str, next: &str) -> Vec<Write> {
    let mut held = HeldWork::of(snapshot);
    if !snapshot.outbox.is_empty() {
        // One caught mid-send is resent later, as after a crash: it may have arrived.
        let entries: Vec<OutboxEntry> = snapshot
            .outbox
            .values()
            .map(|entry| match entry.state {
                EntryState::InFlight => OutboxEntry {
                    state: EntryState::Pending,
                    attempts: entry.attempts.saturating_add(1),
                    ..entry.clone()
                },
                _ => entry.clone(),
            })
            .collect();
        let orders: Vec<LocalOrder> = snapshot
            .orders
            .values()
            .filter(|order| {
                !order.acknowledged
                    || entries
                        .iter()
                        .any(|e| e.operation.order_id() == Some(order.order.id.as_str()))
            })
            .cloned()
            .collect();
        let theirs = held.by_user.entry(previous.to_string()).or_default();
        theirs.entries.extend(entries);
        theirs.orders.extend(orders);
    }
    let mut writes = Vec::new();
    if let Some(back) = held.by_user.remove(next) {
        writes.extend(back.orders.into_iter().map(Write::PutOrder));
        writes.extend(
            renumbered(back.entries, snapshot)
                .into_iter()
                .map(Write::PutEntry),
        );
    }
    writes.push(held.write());
    writes
}

/// Entries given back keep their order; where a place in the queue is taken meanwhile
/// (it cannot be, unless the clock went back), they move behind everything queued, and
/// an entry waiting on another follows it there.
fn renumbered(mut entries: Vec<OutboxEntry>, snapshot: &Snapshot) -> Vec<OutboxEntry> {
    entries.sort_by_key(|e| e.seq);
    if entries
        .iter()
        .all(|e| !snapshot.outbox.contains_key(&e.seq))
    {
        return entries;
    }
    let last = snapshot.outbox.keys().next_back().copied().unwrap_or(0);
    let moved: BTreeMap<u64, u64> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.seq, last.saturating_add(1).saturating_add(i as u64)))
        .collect();
    for entry in &mut entries {
        entry.seq = moved.get(&entry.seq).copied().unwrap_or(entry.seq);
        if let EntryState::Parked(ParkReason::Blocked { by }) = &mut entry.state {
            *by = moved.get(by).copied().unwrap_or(*by);
        }
    }
    entries
}

/// The writes that set aside entries queued under another user's name than `current`
/// (a tab that had not seen someone else sign in), with their unacknowledged orders.
pub fn strays(snapshot: &Snapshot, current: &str) -> Vec<Write> {
    let strays: Vec<&OutboxEntry> = snapshot
        .outbox
        .values()
        .filter(|entry| entry.owner.as_deref().is_some_and(|owner| owner != current))
        .collect();
    if strays.is_empty() {
        return Vec::new();
    }
    let mut held = HeldWork::of(snapshot);
    let mut writes = Vec::new();
    for entry in strays {
        let Some(owner) = entry.owner.clone() else {
            continue;
        };
        let theirs = held.by_user.entry(owner).or_default();
        if let Some(order) = entry
            .operation
            .order_id()
            .and_then(|id| snapshot.orders.get(id))
            .filter(|order| !order.acknowledged)
        {
            if !theirs.orders.iter().any(|o| o.order.id == order.order.id) {
                theirs.orders.push(order.clone());
            }
            writes.push(Write::DeleteOrder(order.order.id.clone()));
        }
        theirs.entries.push(entry.clone());
        writes.push(Write::DeleteEntry(entry.seq));
    }
    writes.push(held.write());
    writes
}
