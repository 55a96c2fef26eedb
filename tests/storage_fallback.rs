//! Where IndexedDB is missing (some webviews, some private modes), the app still opens:
//! on `localStorage` where it works, which outlives a reload, else in memory, telling the
//! resident their data will not outlive the page.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use yizhan::platform::local_store::LocalStore;
use yizhan_core::sync::{MetaKey, Store, Write};

wasm_bindgen_test_configure!(run_in_browser);

/// Replaces `window[name]`, as a webview without it would have it.
fn set_window_property(name: &str, value: &JsValue) {
    let window = web_sys::window().expect("window");
    let descriptor = js_sys::Object::new();
    js_sys::Reflect::set(&descriptor, &"value".into(), value).expect("value");
    js_sys::Reflect::set(&descriptor, &"configurable".into(), &JsValue::TRUE)
        .expect("configurable");
    js_sys::Object::define_property(&window, &name.into(), &descriptor);
}

async fn start_and_settle() -> String {
    yizhan::start();
    for _ in 0..20 {
        settle().await;
        if visible_text().contains("首页") {
            break;
        }
    }
    // Longer than the memory case below takes to show its warning.
    for _ in 0..10 {
        settle().await;
    }
    visible_text()
}

#[wasm_bindgen_test]
async fn without_indexed_db_data_lives_in_local_storage_and_outlives_a_reload() {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage");
    let _ = storage.clear();
    let store = LocalStore::open().expect("localStorage works here");
    store
        .commit(vec![
            Write::PutMeta(MetaKey::Owner, "u-13800000001".into()),
            Write::PutMeta(MetaKey::LastSyncedAt, "42".into()),
        ])
        .await
        .expect("written");
    // A reload: a new store over the same storage reads the same data.
    let reopened = LocalStore::open().expect("localStorage works here");
    let snapshot = reopened.load().await.expect("read back");
    assert_eq!(
        snapshot.meta.get(&MetaKey::Owner).map(String::as_str),
        Some("u-13800000001")
    );

    fresh_page();
    set_window_property("indexedDB", &JsValue::UNDEFINED);
    let text = start_and_settle().await;
    assert!(text.contains("首页"), "the app opens: {text}");
    assert!(
        !text.contains("这个浏览器不能在本机保存数据"),
        "no memory-only warning: data is kept: {text}"
    );
}

#[wasm_bindgen_test]
async fn without_indexed_db_or_local_storage_the_app_opens_and_warns_that_data_stays_in_memory() {
    let window = web_sys::window().expect("window");
    let original = js_sys::Reflect::get(&window, &"localStorage".into()).expect("localStorage");
    fresh_page();
    set_window_property("indexedDB", &JsValue::UNDEFINED);
    set_window_property("localStorage", &JsValue::UNDEFINED);
    let text = start_and_settle().await;
    for _ in 0..20 {
        if visible_text().contains("这个浏览器不能在本机保存数据") {
            break;
        }
        settle().await;
    }
    set_window_property("localStorage", &original);
    let text = format!("{text}{}", visible_text());
    assert!(
        text.contains("这个浏览器不能在本机保存数据"),
        "the warning is shown: {text}"
    );
    assert!(text.contains("首页"), "the app itself still works: {text}");
}
