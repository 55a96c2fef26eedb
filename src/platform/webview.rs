//! WeChat mini-program hosts (`<web-view>`): at the app's root, "back" belongs to the
//! host, so it is handed over through the host's bridge when the bridge is there.

use gloo_events::EventListener;
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn global(name: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    Reflect::get(&window, &name.into())
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// The page runs inside a WeChat mini-program's web-view.
pub fn in_mini_program() -> bool {
    let flagged = global("__wxjs_environment")
        .and_then(|v| v.as_string())
        .is_some_and(|env| env == "miniprogram");
    let agent = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    flagged || agent.contains("miniProgram")
}

/// `wx.miniProgram.navigateBack`, where the host's bridge script is present.
fn navigate_back() -> Option<Function> {
    let wx = global("wx")?;
    let mini = Reflect::get(&wx, &"miniProgram".into()).ok()?;
    Reflect::get(&mini, &"navigateBack".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()
}

/// In a mini-program, keeps one history entry in front of the app's root so that the
/// host's back gesture there comes to us, and hands it to the host's bridge.
pub fn hand_back_to_host_at_root(at_root: impl Fn() -> bool + 'static) {
    if !in_mini_program() {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    if at_root() {
        let _ = history.push_state(&JsValue::from_str("yizhan-root"), "");
    }
    // Back from the placeholder entry lands on the page's first entry (no state): that is
    // the host's back. Back from another route lands on the placeholder: the app's own.
    EventListener::new(&window, "popstate", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::PopStateEvent>() else {
            return;
        };
        let first_entry = event.state().is_null() || event.state().is_undefined();
        if first_entry && at_root() {
            if let Some(back) = navigate_back() {
                let _ = back.call1(&JsValue::NULL, &js_sys::Object::new());
            }
        }
    })
    .forget();
}
