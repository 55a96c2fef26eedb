//! A simulated world for the sync engine: a server that speaks the contract at the HTTP
//! level (so the real `yizhan` profile is exercised), a network that loses, delays,
//! duplicates and reorders, a disk that can crash between any two commits, and a clock.

#![allow(dead_code)] // each test binary uses its own part

pub mod disk;
pub mod env;
pub mod net;
pub mod server;
