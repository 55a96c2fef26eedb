//! The contract's resources (shared/api-contract.md) as Rust types, shared by the server
//! that answers with them and the app that caches them.

mod order;
mod people;
mod reference;
mod role;
mod shift;

pub use order::*;
pub use people::*;
pub use reference::*;
pub use role::Role;
pub use shift::*;

use serde::{Deserialize, Serialize};

/// A whole collection: `{"items": [...]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Items<T> {
    pub items: Vec<T>,
}
