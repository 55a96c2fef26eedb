//! Issue 13, 17: a sync the resident asked for waits for the tab that holds the sync lock
//! (a page reloaded a moment ago keeps it until its document is gone) instead of being
//! skipped; a sync that is merely due still steps aside.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use yizhan::platform::sync_lock::{run_if_free, run_when_free};

wasm_bindgen_test_configure!(run_in_browser);

/// Holds the app's sync lock for `ms`, as another page would; resolves once held.
async fn hold_lock_elsewhere(ms: u32) {
    let hold = Function::new_with_args(
        "ms",
        "return new Promise(held => navigator.locks.request('yizhan-sync', \
           () => { held(); return new Promise(r => setTimeout(r, ms)); }))",
    );
    let promise = hold
        .call1(&JsValue::NULL, &JsValue::from(ms))
        .expect("request the lock");
    JsFuture::from(Promise::from(promise)).await.expect("held");
}

#[wasm_bindgen_test]
async fn sync_now_waits_for_the_lock_a_due_sync_steps_aside() {
    let navigator = web_sys::window().expect("window").navigator();
    assert!(
        Reflect::get(&navigator, &"locks".into()).is_ok_and(|l| !l.is_undefined()),
        "Chromium has Web Locks"
    );
    hold_lock_elsewhere(300).await;
    let due_ran = Rc::new(Cell::new(false));
    let flag = due_ran.clone();
    let ran = run_if_free(move || async move { flag.set(true) }).await;
    assert!(
        !ran && !due_ran.get(),
        "a due sync steps aside for the tab that sends"
    );

    let asked_ran = Rc::new(Cell::new(false));
    let flag = asked_ran.clone();
    let ran = run_when_free(move || async move { flag.set(true) }).await;
    assert!(
        ran && asked_ran.get(),
        "sync now runs once the lock is free"
    );
}
