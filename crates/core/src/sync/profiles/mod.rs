//! Backend profiles: how the engine's operations map onto one kind of server. One
//! folder per profile (`yizhan/`, `json_server/`, `open311/`, `mapped/`), each with its
//! sign-in in `auth.rs`; what several share (a client-side lifecycle for backends that
//! keep none, request and answer helpers) sits beside them.

mod any;
pub(crate) mod client_side;
pub mod json_server;
pub mod mapped;
pub mod open311;
mod wire;
pub mod yizhan;

pub use any::Profile;
pub use json_server::JsonServerProfile;
pub use open311::Open311Profile;
pub use yizhan::YizhanProfile;
