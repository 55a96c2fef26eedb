//! The moments the app syncs (design.md, "Sync triggers"): back online, the page shown
//! again, and a timer while it is open.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Calls `handler` whenever the browser says the network is back.
pub fn on_online(handler: impl Fn() + 'static) {
    if let Some(window) = web_sys::window() {
        let closure = Closure::<dyn Fn()>::new(handler);
        let _ = window.add_event_listener_with_callback("online", closure.as_ref().unchecked_ref());
        // Listens for the life of the page.
        closure.forget();
    }
}

/// Calls `handler` whenever the page becomes visible again (the resident came back).
pub fn on_visible(handler: impl Fn() + 'static) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let watched = document.clone();
    let closure = Closure::<dyn Fn()>::new(move || {
        if watched.visibility_state() == web_sys::VisibilityState::Visible {
            handler();
        }
    });
    let _ = document
        .add_event_listener_with_callback("visibilitychange", closure.as_ref().unchecked_ref());
    closure.forget();
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
pub fn every(period_ms: i32, handler: impl Fn() + 'static) {
    if let Some(window) = web_sys::window() {
        let closure = Closure::<dyn Fn()>::new(handler);
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            closure.as_ref().unchecked_ref(),
            period_ms,
        );
        closure.forget();
    }
}

/// Calls `handler` once, after `delay_ms`.
pub fn after(delay_ms: i32, handler: impl FnOnce() + 'static) {
    if let Some(window) = web_sys::window() {
        let closure = Closure::once_into_js(handler);
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            closure.unchecked_ref(),
            delay_ms,
        );
    }
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
