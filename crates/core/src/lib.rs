//! Yizhan's pure logic, shared by the app (compiled to wasm) and the reference server,
//! and usable on its own: a community service post's orders, micro-wishes (微心愿) and
//! duty rota, kept on a device and synced with any REST backend.
//!
//! Nothing here touches a browser, a socket or a clock directly, so every rule can be
//! tested natively and the sync engine can be driven by a simulated network.
//!
//! # The rules, once
//!
//! What a resident may type and what a step needs are checked by the same functions on
//! the device and on the server: [`validation`] (fields, [`validation::check_transition`]
//! for a [`lifecycle::Step`]), [`order_form`] (a new order or wish built from what was
//! typed, [`order_form::check_order`]), [`service_form`] (a service's own questions) and
//! [`lifecycle`] (who may take which step from which status). [`model`] holds the
//! contract's types (`shared/api-contract.md`); [`i18n`] every string a person reads,
//! the names of values included; [`work`] the staff's queues, as pure functions;
//! [`workbench`] the staff's forms (the community, catalogue, grids, stations, notices,
//! the rota and its series, people), each body with the one check the app and the
//! server share; [`inbox`] who is told what, and [`reach`] how it rings (quiet hours,
//! muted kinds); [`activities`] the activities the service posts run (what one must say,
//! places and the waitlist, repeating, check-in codes); [`bookings`] what residents book
//! in slots (slots from weekly rules, places left, eligibility as data, the next free
//! slot).
//!
//! # The engine
//!
//! [`sync::Engine`] keeps what a person submits on the device first, in an outbox, and
//! delivers it when the network lets it: never lost, never sent twice, however the
//! answers get lost, the app restarts or another tab writes. It is generic over four
//! parts, each a trait an application supplies:
//!
//! - a [`sync::Store`], the device's data, committed a batch at a time, all or nothing
//!   ([`sync::MemoryStore`] here; the app keeps it in IndexedDB);
//! - a [`sync::Backend`], a *profile*: how the engine's operations become one kind of
//!   server's requests, and its answers the contract's types and the engine's error
//!   classes ([`sync::SyncError`]: retry, sign in again, conflict, refused, unsure). The
//!   crate's profiles are in [`sync::profiles`]: the contract itself, json-server,
//!   Open311 (GeoReport v2) and `mapped`, any REST backend described in `config.json`;
//! - a [`sync::Transport`] that moves an [`sync::HttpRequest`] and never retries;
//! - an [`sync::Env`]: the clock, randomness for backoff, new ids.
//!
//! The engine is the one way to the network: besides `submit_order`,
//! `request_transition`, `request_shift_signup` and `sync`, it offers sign-in, codes, the
//! calendar file, push subscriptions, reach settings and the wait for news, directly or
//! through the [`sync::Account`] it hands out, and what
//! the backend lets an app offer ([`sync::Abilities`]). Screens ask its
//! [`sync::Snapshot`] questions ([`sync::Snapshot::waiting_for_order`],
//! [`sync::SyncSummary`]) rather than reading the outbox.
//!
//! `examples/resident.rs` drives the engine from a terminal against the reference server
//! with a profile, a transport and an environment of its own:
//!
//! ```text
//! cargo run -p yizhan-server -- --demo
//! cargo run -p yizhan-core --example resident
//! ```

pub mod activities;
pub mod bookings;
pub mod i18n;
pub mod inbox;
pub mod lifecycle;
pub mod model;
pub mod opening;
pub mod order_form;
pub mod paging;
pub mod phone;
pub mod prefs;
pub mod reach;
pub mod routes;
pub mod schedule;
pub mod service_form;
pub mod sync;
pub mod validation;
pub mod work;
pub mod workbench;
