//! The address bar: reading it, changing it on the resident's taps, and hearing the back
//! button. The app's routes are few and flat (see `yizhan_core::routes`), so this replaces
//! a router crate that cost about half of the first-load bundle (BENCHMARKS.md).

pub fn pathname() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// The `id` in the query string (`?id=…`), for the pages that show one thing.
pub fn query_id() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("id="))
        .and_then(|raw| js_sys::decode_uri_component(raw).ok())
        .map(String::from)
        .filter(|id| !id.is_empty())
}

/// `id` made safe for a query string.
pub fn encode(id: &str) -> String {
    String::from(js_sys::encode_uri_component(id))
}

/// Shows `href` in the address bar as a new history entry, at the top of the page.
/// Where `pushState` is refused (some sandboxed webviews), the page still changes; only
/// the back button cannot return to it.
pub fn push(href: &str) {
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
        }
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Calls `on_change` whenever the resident goes back or forward.
pub fn on_back_or_forward(on_change: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    // The listener lives as long as the page.
    gloo_events::EventListener::new(&window, "popstate", move |_| on_change()).forget();
}

/// Takes a tap on a link away from the browser when the app should handle it itself: the
/// primary button with no modifier, so that "open in new tab" and friends keep their
/// browser meaning. True when taken (the browser will not follow the link).
pub fn take_plain_click(event: &web_sys::MouseEvent) -> bool {
    let plain = event.button() == 0
        && !(event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key());
    if plain {
        event.prevent_default();
    }
    plain
}
