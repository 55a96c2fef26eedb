//! The browser console, for what support needs to see and the resident does not.

pub fn error(message: &str) {
    web_sys::console::error_1(&message.into());
}
