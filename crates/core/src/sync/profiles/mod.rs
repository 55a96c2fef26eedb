//! Backend profiles: how the engine's operations map onto one kind of server.

mod abilities;
mod any;
pub(crate) mod client_side;
pub mod json_server;
mod json_server_auth;
pub mod mapped;
mod mapped_auth;
pub mod mapped_config;
pub mod mapped_record;
mod mapped_wire;
pub mod open311;
mod open311_auth;
pub mod open311_config;
mod open311_filing;
mod open311_progress;
mod open311_wire;
mod wire;
pub mod yizhan;
pub mod yizhan_auth;

pub use abilities::Abilities;
pub use any::Profile;
pub use client_side::UNCONFIRMED;
pub use json_server::JsonServerProfile;
pub use open311::Open311Profile;
pub use yizhan::YizhanProfile;
