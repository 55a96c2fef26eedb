//! Backend profiles: how the engine's operations map onto one kind of server. One
//! folder per profile (`yizhan/`, `json_server/`, `open311/`, `mapped/`), each with its
//! sign-in in `auth.rs`; what several share (a client-side lifecycle for backends that
//! keep none, request and answer helpers) sits beside them.

//!
//! Each profile but `yizhan` is a cargo feature of this crate (`json-server`, `mapped`,
//! `open311`, all on by default), so a build for one backend carries only its code.

mod any;
pub(crate) mod client_side;
#[cfg(feature = "json-server")]
pub mod json_server;
#[cfg(feature = "mapped")]
pub mod mapped;
#[cfg(feature = "open311")]
pub mod open311;
pub(crate) mod wire;
pub mod yizhan;

pub use any::Profile;
#[cfg(feature = "json-server")]
pub use json_server::JsonServerProfile;
#[cfg(feature = "open311")]
pub use open311::Open311Profile;
pub use yizhan::YizhanProfile;
