//! Backend profiles: how the engine's operations map onto one kind of server.

pub mod yizhan;
pub mod yizhan_auth;

pub use yizhan::YizhanProfile;
