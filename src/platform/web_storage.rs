//! `localStorage`, as the modules that keep small things in it reach it.

/// The page's `localStorage`, where the browser has one.
pub fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The page's `localStorage` if it takes writes: some private modes hand out one that
/// throws on every write.
pub fn writable_local() -> Option<web_sys::Storage> {
    const PROBE: &str = "yizhan.v1.probe";
    let storage = local()?;
    let writable = storage.set_item(PROBE, "1").is_ok();
    let _ = storage.remove_item(PROBE);
    writable.then_some(storage)
}
