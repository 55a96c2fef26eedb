//! The moments the app syncs (design.md, "Sync triggers"): back online, the page shown
//! again, and a timer while it is open.

use gloo_events::EventListener;
use gloo_timers::callback::Interval;

/// Calls `handler` whenever the browser says the network is back.
pub fn on_online(handler: impl Fn() + 'static) {
    if let Some(window) = web_sys::window() {
        // Listens for the life of the page.
        EventListener::new(&window, "online", move |_| handler()).forget();
    }
}

/// Calls `handler` whenever the page becomes visible again (the resident came back).
pub fn on_visible(handler: impl Fn() + 'static) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let watched = document.clone();
    EventListener::new(&document, "visibilitychange", move |_| {
        if watched.visibility_state() == web_sys::VisibilityState::Visible {
            handler();
        }
    })
    .forget();
}

pub fn is_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

pub fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Calls `handler` every `period_ms` for the life of the page.
pub fn every(period_ms: u32, handler: impl FnMut() + 'static) {
    Interval::new(period_ms, handler).forget();
}

/// Asks the browser to keep this site's storage under pressure (`navigator.storage.persist`).
/// Asked once the resident has something worth keeping: their first order.
pub fn ask_persistent_storage() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let storage = js_sys::Reflect::get(&window.navigator(), &"storage".into()).ok();
    if storage.is_some_and(|s| !s.is_undefined()) {
        if let Ok(promise) = window.navigator().storage().persist() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
            });
        }
    }
}
