//! Where IndexedDB is missing (some webviews, some private modes), the app still opens,
//! keeps data in memory, and tells the resident it will not outlive the page.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Hides `window.indexedDB`, as a webview without it would.
fn remove_indexed_db() {
    let window = web_sys::window().expect("window");
    let descriptor = js_sys::Object::new();
    js_sys::Reflect::set(&descriptor, &"value".into(), &JsValue::UNDEFINED).expect("value");
    js_sys::Reflect::set(&descriptor, &"configurable".into(), &JsValue::TRUE)
        .expect("configurable");
    js_sys::Object::define_property(&window, &"indexedDB".into(), &descriptor);
}

#[wasm_bindgen_test]
async fn without_indexed_db_the_app_opens_and_warns_that_data_stays_in_memory() {
    fresh_page();
    remove_indexed_db();
    yizhan::start();
    for _ in 0..20 {
        settle().await;
        if document()
            .query_selector("[data-testid=volatile-notice]")
            .ok()
            .flatten()
            .is_some()
        {
            break;
        }
    }
    let text = visible_text();
    assert!(
        text.contains("这个浏览器不能在本机保存数据"),
        "the warning is shown: {text}"
    );
    assert!(text.contains("首页"), "the app itself still works: {text}");
}
