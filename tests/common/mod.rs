//! Helpers for the app's browser tests: a fresh page state, the mounted app, and waiting
//! for the reactive system to settle.

use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement};

pub fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("tests run in a browser page")
}

/// Forgets stored preferences and gives the app a fresh root like the one `index.html`
/// has. The rest of the body belongs to the test runner, which reports through it.
pub fn fresh_page() {
    let window = web_sys::window().expect("window");
    if let Ok(Some(storage)) = window.local_storage() {
        storage.clear().expect("clear localStorage");
    }
    fresh_root();
}

/// A new, empty app root, as after a reload; storage is kept.
pub fn fresh_root() {
    let document = document();
    if let Some(old) = document.get_element_by_id("app") {
        old.remove();
    }
    let root = document.create_element("div").expect("div");
    root.set_id("app");
    root.set_inner_html("<p>loading</p>");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append root");
}

/// Lets timers, microtasks and the reactive effects they schedule run.
pub async fn settle() {
    for _ in 0..3 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .expect("window")
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}

#[allow(dead_code)] // not every test binary reads the language
pub fn html_lang() -> String {
    document()
        .document_element()
        .and_then(|root| root.get_attribute("lang"))
        .unwrap_or_default()
}

#[allow(dead_code)] // not every test binary reads the class
pub fn html_has_class(class: &str) -> bool {
    document()
        .document_element()
        .map(|root| root.class_list().contains(class))
        .unwrap_or(false)
}

/// What the app shows (the runner's own output excluded).
#[allow(dead_code)] // not every test binary reads the text
pub fn visible_text() -> String {
    document()
        .get_element_by_id("app")
        .and_then(|root| root.dyn_into::<HtmlElement>().ok())
        .map(|root| root.inner_text())
        .unwrap_or_default()
}

#[allow(dead_code)] // not every test binary reads storage
pub fn stored(key: &str) -> Option<String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(key).ok().flatten())
}

/// Clicks the first element matching `selector`, as a resident's tap would.
#[allow(dead_code)] // not every test binary clicks
pub fn click(selector: &str) {
    let element = document()
        .query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("nothing matches {selector}"));
    element
        .dyn_into::<HtmlElement>()
        .expect("an HTML element")
        .click();
}
