//! Reading `config.json` from beside `index.html`.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yizhan_core::sync::config::AppConfig;
use yizhan_core::sync::{HttpRequest, Method, Transport};

use super::console;
use super::fetch::FetchTransport;
use super::web_storage::local as storage;

/// The last `config.json` this device read, for a start without network and without a
/// service worker to serve the file (many webviews): the defaults would point the
/// queue at the wrong backend.
const LAST_CONFIG_KEY: &str = "yizhan.v1.config";

/// Where the page's first script leaves its request for `config.json` (scripts/frame.js):
/// a promise of the text, or of null when there was no answer.
const ASKED_BY_THE_PAGE: &str = "yizhanConfigText";

/// The deployment's backend; else the one the device last read; else the reference
/// server's (the app still opens, on its cached data). Only a file that reads as a
/// configuration is kept: a broken deploy must not replace the last good one.
pub async fn load() -> AppConfig {
    if let Some(text) = read().await {
        match AppConfig::parse(&text) {
            Ok(config) => {
                if let Some(storage) = storage() {
                    // Best effort: a full or refusing storage only loses this fallback.
                    let _ = storage.set_item(LAST_CONFIG_KEY, &text);
                }
                return config;
            }
            Err(error) => console::error(&error.to_string()),
        }
    }
    storage()
        .and_then(|s| s.get_item(LAST_CONFIG_KEY).ok().flatten())
        .and_then(|text| AppConfig::parse(&text).ok())
        .unwrap_or_default()
}

/// `config.json` as the server answers it now. The page asked for it before the app
/// loaded, to pick the app's build by it: that answer is taken (once), so the app runs on
/// the very configuration its build was picked for. Asked again where there is none.
async fn read() -> Option<String> {
    let global = js_sys::global();
    let key = wasm_bindgen::JsValue::from_str(ASKED_BY_THE_PAGE);
    let asked = js_sys::Reflect::get(&global, &key).ok();
    if let Some(promise) = asked.and_then(|value| value.dyn_into::<js_sys::Promise>().ok()) {
        let _ = js_sys::Reflect::delete_property(global.unchecked_ref::<js_sys::Object>(), &key);
        return JsFuture::from(promise).await.ok()?.as_string();
    }
    let request = HttpRequest::new(Method::Get, "config.json".into());
    let response = FetchTransport.send(request).await.ok()?;
    response.is_success().then_some(response.body)
}
