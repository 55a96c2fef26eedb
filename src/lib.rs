//! The Yizhan app: a thin reactive shell over `yizhan-core`. Only `platform` touches
//! browser APIs.

pub mod acting_role;
pub mod app;
pub mod components;
pub mod data;
pub mod i18n;
pub mod pages;
pub mod platform;
pub mod router;
#[cfg(feature = "workbench")]
pub mod workbench;

pub use app::App;

/// Mounts the app in place of the loading message in `index.html`.
pub fn start() {
    // Panic messages in the console help while developing; release builds abort on panic
    // and leave the formatting machinery out of the bundle.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    platform::mount::mount_app(App);
}
