//! What the sync badge and the "needs attention" list say, computed from the device's
//! data: the badge's one status ([`SyncStatus`]) and the summary behind it.

use crate::i18n::Texts;
use crate::sync::outbox::{EntryState, OutboxEntry, ParkReason};
use crate::sync::store::{LocalOrder, MetaKey, Snapshot};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SyncStatus {
    /// Nothing waits in the outbox.
    #[default]
    AllSent,
    /// This many writes wait to be sent; none needs the resident.
    Waiting(usize),
    /// At least one write cannot go on without the resident (sign in again, fix a field).
    NeedsAttention,
}

impl SyncStatus {
    pub fn label(&self, texts: &Texts) -> String {
        match self {
            SyncStatus::AllSent => texts.sync_all_sent.to_string(),
            SyncStatus::Waiting(n) => (texts.sync_waiting)(*n),
            SyncStatus::NeedsAttention => texts.sync_needs_attention.to_string(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncSummary {
    /// Writes not yet acknowledged and not parked.
    pub waiting: usize,
    /// Writes that cannot go on without someone: with their reasons.
    pub parked: Vec<(OutboxEntry, ParkReason)>,
    /// The server said the sign-in is no longer valid; everything waits for a new one.
    pub needs_sign_in: bool,
    /// When a whole sync last succeeded (Unix ms).
    pub last_synced_at: Option<i64>,
    /// What stopped the last sync, if it was stopped.
    pub last_error: Option<String>,
}

impl SyncSummary {
    pub fn of(snapshot: &Snapshot) -> SyncSummary {
        let mut summary = SyncSummary::default();
        for entry in snapshot.outbox.values() {
            match &entry.state {
                EntryState::Parked(reason) => summary.parked.push((entry.clone(), reason.clone())),
                EntryState::Pending | EntryState::InFlight => summary.waiting += 1,
            }
        }
        summary.last_error = snapshot.meta.get(&MetaKey::LastError).cloned();
        summary.needs_sign_in = summary.last_error.as_deref() == Some("unauthorized")
            || (!snapshot.outbox.is_empty() && !snapshot.meta.contains_key(&MetaKey::Session));
        summary.last_synced_at = snapshot
            .meta
            .get(&MetaKey::LastSyncedAt)
            .and_then(|at| at.parse().ok());
        summary
    }

    /// The badge: all sent, N waiting, or needs attention.
    pub fn badge(&self) -> SyncStatus {
        if !self.parked.is_empty() || self.needs_sign_in {
            SyncStatus::NeedsAttention
        } else if self.waiting > 0 {
            SyncStatus::Waiting(self.waiting)
        } else {
            SyncStatus::AllSent
        }
    }
}

/// Whether what the resident did to one order has reached the community.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    Waiting,
    NeedsAttention,
}

impl Delivery {
    pub fn of(snapshot: &Snapshot, local: &LocalOrder) -> Delivery {
        let mut entries = snapshot
            .outbox
            .values()
            .filter(|e| e.operation.order_id() == Some(local.order.id.as_str()))
            .peekable();
        if entries
            .clone()
            .any(|e| matches!(e.state, EntryState::Parked(_)))
        {
            Delivery::NeedsAttention
        } else if entries.peek().is_some() || !local.acknowledged {
            Delivery::Waiting
        } else {
            Delivery::Sent
        }
    }
}
