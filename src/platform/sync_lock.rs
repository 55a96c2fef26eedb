//! One sending tab (design.md): the outbox is delivered under a Web Lock, so two tabs of
//! the app never send the same entry at once. Where the Web Locks API is missing (older
//! webviews), every tab sends; the server's idempotency keeps that safe, only wasteful.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};

const LOCK_NAME: &str = "yizhan-sync";

fn lock_manager() -> Option<(JsValue, Function)> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request = Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    Some((locks, request))
}

/// How long a sync the resident asked for waits for another holder of the lock: a page
/// just reloaded away keeps it until its document is gone, which is soon.
const WAIT_FOR_LOCK_MS: u32 = 15_000;

/// Runs `work` if no other tab is syncing right now; returns whether it ran.
pub async fn run_if_free<F, Fut>(work: F) -> bool
where
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    run_under_lock(work, false).await
}

/// Runs `work` once the lock is free, waiting up to 15 s for the tab that holds it: for a
/// sync the resident asked for ("sync now", a new order), which must not be skipped just
/// because the page reloaded a moment ago still holds the lock.
pub async fn run_when_free<F, Fut>(work: F) -> bool
where
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    run_under_lock(work, true).await
}

async fn run_under_lock<F, Fut>(work: F, wait: bool) -> bool
where
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    let Some((locks, request)) = lock_manager() else {
        work().await;
        return true;
    };
    let ran = Rc::new(RefCell::new(false));
    let ran_inside = ran.clone();
    let work = RefCell::new(Some(work));
    let callback = Closure::once_into_js(move |lock: JsValue| -> Promise {
        match (lock.is_null(), work.borrow_mut().take()) {
            (false, Some(work)) => {
                *ran_inside.borrow_mut() = true;
                future_to_promise(async move {
                    work().await;
                    Ok(JsValue::UNDEFINED)
                })
            }
            // Another tab holds the lock: it is sending.
            _ => Promise::resolve(&JsValue::UNDEFINED),
        }
    });
    let options = Object::new();
    if wait {
        // Waiting is bounded: a lock held for longer belongs to a tab that is sending.
        if let Some(signal) = abort_after(WAIT_FOR_LOCK_MS) {
            let _ = Reflect::set(&options, &JsValue::from_str("signal"), &signal);
        }
    } else {
        let _ = Reflect::set(&options, &JsValue::from_str("ifAvailable"), &JsValue::TRUE);
    }
    let granted = request.call3(&locks, &JsValue::from_str(LOCK_NAME), &options, &callback);
    match granted {
        Ok(promise) => {
            // A wait that timed out rejects: the other tab is sending.
            let _ = JsFuture::from(Promise::from(promise)).await;
            let ran = *ran.borrow();
            ran
        }
        Err(_) => false,
    }
}

/// An `AbortSignal` that aborts after `ms`, where the browser has `AbortController`.
fn abort_after(ms: u32) -> Option<JsValue> {
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    gloo_timers::callback::Timeout::new(ms, move || controller.abort()).forget();
    Some(signal.into())
}
