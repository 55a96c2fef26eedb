//! The offline-first data layer's pure part (design.md, "Core ideas"): the outbox, the
//! engine that delivers it and pulls changes, the backend profiles, and the classes of
//! failure with their backoff.

pub mod abilities;
pub mod account;
pub mod activities;
pub mod backend;
pub mod backoff;
pub mod bookings;
pub mod changes;
pub mod check;
pub mod classify;
pub mod config;
pub mod engine;
pub mod env;
pub mod error;
pub mod explain;
pub mod held;
pub mod http;
pub mod inbox;
pub mod me;
pub mod outbox;
pub mod profiles;
pub mod session;
pub mod status;
pub mod store;
pub mod store_document;
pub mod waiting;
#[cfg(feature = "workbench")]
pub mod workbench;

pub use abilities::Abilities;
pub use account::Account;
pub use backend::{
    Attempt, Backend, BookingRequest, Fetched, Reference, ReferenceData, SignupRequest,
};
pub use changes::Changes;
pub use engine::{AccountError, Engine, SubmitError, SyncReport};
pub use env::Env;
pub use error::{Doubt, StoreError, SyncError};
pub use explain::{
    failure, park_explanation, sign_in_failure, store_failure, submit_failure, SignInStep,
};
pub use held::HeldWork;
pub use http::{HttpRequest, HttpResponse, Method, NetworkError, Transport};
pub use me::Me;
pub use outbox::{Actor, EntryState, Operation, OutboxEntry, ParkReason};
pub use session::{Session, SessionUser};
pub use status::{Delivery, SyncStatus, SyncSummary};
pub use store::{CachedReference, LocalOrder, MemoryStore, MetaKey, Snapshot, Store, Write};
pub use waiting::{Asked, Waiting};
#[cfg(feature = "workbench")]
pub use workbench::Workbench;
