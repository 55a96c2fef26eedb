//! Backend profiles: how the engine's operations map onto one kind of server.

pub mod yizhan;

pub use yizhan::YizhanProfile;
