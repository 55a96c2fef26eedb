//! Yizhan's pure logic, shared by the app (compiled to wasm) and the reference server.
//!
//! Nothing here touches a browser, a socket or a clock directly, so every rule can be
//! tested natively and the sync engine can be driven by a simulated network.

pub mod i18n;
pub mod lifecycle;
pub mod model;
pub mod opening;
pub mod order_form;
pub mod phone;
pub mod prefs;
pub mod routes;
pub mod schedule;
pub mod service_form;
pub mod sync;
pub mod validation;
pub mod work;
