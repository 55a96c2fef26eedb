//! Installing the app to the home screen: the browser's own prompt where it offers one
//! (`beforeinstallprompt`, Chromium), and knowing where it cannot (WeChat, iOS Safari).

use std::cell::RefCell;

use gloo_events::{EventListener, EventListenerOptions};
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Where the resident is, as far as installing goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    /// Already opened from the home screen.
    Installed,
    /// Inside WeChat's browser: no install there.
    WeChat,
    /// iPhone or iPad: "Add to Home Screen" from Safari's share sheet.
    Ios,
    Other,
}

fn user_agent() -> String {
    web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default()
}

pub fn host() -> Host {
    let standalone = web_sys::window()
        .and_then(|w| w.match_media("(display-mode: standalone)").ok().flatten())
        .is_some_and(|query| query.matches());
    let agent = user_agent();
    if standalone {
        Host::Installed
    } else if agent.contains("MicroMessenger") {
        Host::WeChat
    } else if agent.contains("iPhone") || agent.contains("iPad") {
        Host::Ios
    } else {
        Host::Other
    }
}

thread_local! {
    /// The browser's deferred install prompt, once it offered one.
    static DEFERRED: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Keeps the browser's install prompt for the resident's tap, and calls `on_offer(true)`
/// when there is one to show (`false` once the app was installed).
pub fn listen(on_offer: impl Fn(bool) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_offer = std::rc::Rc::new(on_offer);
    let offered = on_offer.clone();
    // The prompt event is kept, so the listener may not be passive.
    let active = EventListenerOptions::enable_prevent_default();
    EventListener::new_with_options(&window, "beforeinstallprompt", active, move |event| {
        // Not now: the prompt waits for the resident to ask for it in settings.
        event.prevent_default();
        DEFERRED.with(|slot| *slot.borrow_mut() = Some(event.clone().into()));
        offered(true);
    })
    .forget();
    EventListener::new(&window, "appinstalled", move |_| {
        DEFERRED.with(|slot| *slot.borrow_mut() = None);
        on_offer(false);
    })
    .forget();
}

/// Shows the browser's install prompt kept by `listen`.
pub fn prompt() {
    let Some(event) = DEFERRED.with(|slot| slot.borrow_mut().take()) else {
        return;
    };
    if let Ok(prompt) =
        Reflect::get(&event, &"prompt".into()).and_then(|p| p.dyn_into::<Function>())
    {
        let _ = prompt.call0(&event);
    }
}
