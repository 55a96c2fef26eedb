//! Web Push on this device (issue 18): whether it can work here, and the browser's
//! subscription, made with the server's key and handed back as `toJSON()` gives it.
//! Called through `js_sys::Reflect`: a few calls, not worth web-sys' Push bindings.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why push notifications cannot work on this device; the inbox and texts still do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotHere {
    /// WeChat's built-in browser has no Web Push.
    WeChat,
    /// iOS gives Web Push only to a web app added to the Home Screen.
    IosNotInstalled,
    /// This browser has no service worker or no push.
    Browser,
}

fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &name.into())
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn call(target: &JsValue, name: &str, args: &[&JsValue]) -> Result<JsValue, String> {
    let function: Function = get(target, name)
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| format!("{name} is missing"))?;
    let array = js_sys::Array::new();
    for arg in args {
        array.push(arg);
    }
    function
        .apply(target, &array)
        .map_err(|e| e.as_string().unwrap_or_else(|| format!("{name} failed")))
}

async fn settle(value: JsValue) -> Result<JsValue, String> {
    let promise: Promise = value.dyn_into().map_err(|_| "not a promise".to_string())?;
    JsFuture::from(promise).await.map_err(|e| {
        get(&e, "message")
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "refused".to_string())
    })
}

/// `None` when push can work here; otherwise why not.
pub fn not_here() -> Option<NotHere> {
    let Some(window) = web_sys::window() else {
        return Some(NotHere::Browser);
    };
    let agent = window.navigator().user_agent().unwrap_or_default();
    if agent.contains("MicroMessenger") {
        return Some(NotHere::WeChat);
    }
    let window: JsValue = window.into();
    let has_push = get(&window, "PushManager").is_some()
        && get(&window, "Notification").is_some()
        && get(&window, "navigator")
            .and_then(|n| get(&n, "serviceWorker"))
            .is_some();
    let ios = agent.contains("iPhone") || agent.contains("iPad");
    let standalone = get(&window, "navigator")
        .and_then(|n| get(&n, "standalone"))
        .and_then(|s| s.as_bool())
        .unwrap_or(false);
    match (has_push, ios && !standalone) {
        (_, true) => Some(NotHere::IosNotInstalled),
        (false, false) => Some(NotHere::Browser),
        (true, false) => None,
    }
}

/// The browser's answer on notifications: `granted`, `denied` or `default`.
pub fn permission() -> String {
    web_sys::window()
        .and_then(|w| get(&w.into(), "Notification"))
        .and_then(|n| get(&n, "permission"))
        .and_then(|p| p.as_string())
        .unwrap_or_default()
}

async fn push_manager() -> Result<JsValue, String> {
    let navigator: JsValue = web_sys::window().ok_or("no window")?.navigator().into();
    let container = get(&navigator, "serviceWorker").ok_or("no service worker")?;
    // Not `ready`, which never settles where no worker was registered (a webview that
    // refused it): signing out would wait for ever.
    let registration = settle(call(&container, "getRegistration", &[])?).await?;
    get(&registration, "pushManager").ok_or_else(|| "no push".to_string())
}

/// This device's subscription, if it has one, as `toJSON()` gives it.
pub async fn current() -> Option<serde_json::Value> {
    let manager = push_manager().await.ok()?;
    let subscription = settle(call(&manager, "getSubscription", &[]).ok()?)
        .await
        .ok()
        .filter(|s| !s.is_null() && !s.is_undefined())?;
    as_json(&subscription)
}

fn as_json(subscription: &JsValue) -> Option<serde_json::Value> {
    let json = call(subscription, "toJSON", &[]).ok()?;
    let text = js_sys::JSON::stringify(&json).ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

/// Asks the person for notifications and subscribes with `server_key` (base64url).
/// `Err("denied")` when they (or the browser) said no.
pub async fn subscribe(server_key: &str) -> Result<serde_json::Value, String> {
    let window: JsValue = web_sys::window().ok_or("no window")?.into();
    let notification = get(&window, "Notification").ok_or("no notifications")?;
    let answer = settle(call(&notification, "requestPermission", &[])?).await?;
    if answer.as_string().as_deref() != Some("granted") {
        return Err("denied".into());
    }
    let manager = push_manager().await?;
    let options = Object::new();
    Reflect::set(&options, &"userVisibleOnly".into(), &JsValue::TRUE).map_err(|_| "options")?;
    Reflect::set(
        &options,
        &"applicationServerKey".into(),
        &JsValue::from_str(server_key),
    )
    .map_err(|_| "options")?;
    let subscription = settle(call(&manager, "subscribe", &[&options.into()])?).await?;
    as_json(&subscription).ok_or_else(|| "no subscription".to_string())
}

/// Ends this device's subscription; answers the endpoint it had.
pub async fn unsubscribe() -> Option<String> {
    let manager = push_manager().await.ok()?;
    let subscription = settle(call(&manager, "getSubscription", &[]).ok()?)
        .await
        .ok()
        .filter(|s| !s.is_null() && !s.is_undefined())?;
    let endpoint = get(&subscription, "endpoint").and_then(|e| e.as_string());
    if let Ok(done) = call(&subscription, "unsubscribe", &[]) {
        let _ = settle(done).await;
    }
    endpoint
}
