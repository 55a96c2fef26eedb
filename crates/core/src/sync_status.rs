//! What the sync badge says. The data layer computes it; the badge only shows it.

use crate::i18n::Texts;

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
