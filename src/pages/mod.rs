//! One file a screen.

pub mod grid;
pub mod home;
pub mod not_found;
pub mod orders;
pub mod services;
pub mod settings;
pub mod volunteer;
