//! The only place that touches browser APIs. Everything here feature-detects and degrades:
//! a webview that lacks a capability gets a fallback, never a crash.

pub mod app_config;
pub mod browser_env;
pub mod clipboard;
pub mod console;
pub mod device_store;
pub mod document;
pub mod download;
pub mod drafts;
pub mod events;
pub mod fetch;
pub mod history;
pub mod idb_store;
pub mod install;
pub mod local_store;
pub mod mount;
pub mod navigator;
pub mod prefs_store;
pub mod push;
pub mod service_worker;
pub mod speech;
pub mod sync_lock;
pub mod web_storage;
pub mod webview;
pub mod write_mark;
