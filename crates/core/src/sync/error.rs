//! What can go wrong while syncing, sorted into the response classes of design.md, so the
//! engine's decision (retry, pause, resolve, park) is one match.

use std::collections::BTreeMap;

use crate::model::Order;
use crate::sync::http::NetworkError;

/// One failed exchange with the backend, already classified.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SyncError {
    /// No answer (offline, timeout, dropped): try again later, unchanged.
    #[error("{0}")]
    Network(#[from] NetworkError),
    /// 408, 425, 429, 5xx, or a 409 saying the request is still being handled: try again,
    /// not before `retry_after` seconds when the server said so.
    #[error("the server is busy or failing (HTTP {status})")]
    Retry {
        status: u16,
        retry_after: Option<u64>,
    },
    /// 401: the whole queue waits until the resident signs in again.
    #[error("sign in again")]
    Unauthorized,
    /// 412: the order changed on the server; `current` is how it is now.
    #[error("the order changed on the server")]
    Conflict { current: Option<Box<Order>> },
    /// 400, 403, 404, 409 (another body under this id), 413, 422: this entry cannot go as it
    /// is; it is parked with the server's reason and the others go on.
    #[error("{message}")]
    Rejected {
        status: u16,
        kind: String,
        message: String,
        fields: BTreeMap<String, Vec<String>>,
    },
    /// A 2xx whose body is not what the contract says: local data stays as it was.
    #[error("the server's answer could not be read: {0}")]
    BadResponse(String),
    /// The profile cannot prove that sending (again) is safe, or that what it sent was
    /// taken: parked for the person to check, never sent blindly.
    #[error("{0}")]
    Unsure(Doubt),
}

/// What a profile could not prove, for a backend that promises less than the contract.
/// Typed, so that the engine parks with it and the screens explain it without knowing
/// which profile said it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Doubt {
    /// An order whose first answer was lost: the backend cannot say whether it has it.
    #[error("the backend cannot tell whether it has this order")]
    UnconfirmedResend,
    /// As above, where the server refused the search that would have told (a GeoReport
    /// server without the description search).
    #[error("the city's server cannot say whether it already has this order")]
    UnverifiableResend,
    /// The backend answered a step, and the order read back does not show it.
    #[error("the backend did not take the step")]
    StepNotTaken,
}

impl Doubt {
    const ALL: [Doubt; 3] = [
        Doubt::UnconfirmedResend,
        Doubt::UnverifiableResend,
        Doubt::StepNotTaken,
    ];

    /// How an outbox entry parked with this doubt stores it: as a refusal of this kind,
    /// the form every version of the app reads (a tab still on an older build shares
    /// the device's data and must not find a reason it cannot read).
    pub fn kind(self) -> &'static str {
        match self {
            Doubt::UnconfirmedResend => "unconfirmed_resend",
            Doubt::UnverifiableResend => "unverifiable_resend",
            Doubt::StepNotTaken => "step_not_taken",
        }
    }

    /// The doubt a stored refusal's `kind` stands for, if it is one.
    pub fn from_kind(kind: &str) -> Option<Doubt> {
        Doubt::ALL.into_iter().find(|doubt| doubt.kind() == kind)
    }
}

impl SyncError {
    /// Worth sending again unchanged, later.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            SyncError::Network(_) | SyncError::Retry { .. } | SyncError::BadResponse(_)
        )
    }
}

/// The local store failed (quota, a closed database, a refused transaction). Nothing is
/// half-written: every store operation is one transaction.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("the device is out of storage space")]
    QuotaExceeded,
    #[error("storage is not available: {0}")]
    Unavailable(String),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
}
