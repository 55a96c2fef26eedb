//! Reading `config.json` from beside `index.html`.

use yizhan_core::sync::config::AppConfig;
use yizhan_core::sync::{HttpRequest, Method, Transport};

use super::console;
use super::fetch::FetchTransport;
use super::web_storage::local as storage;

/// The last `config.json` this device read, for a start without network and without a
/// service worker to serve the file (many webviews): the defaults would point the
/// queue at the wrong backend.
const LAST_CONFIG_KEY: &str = "yizhan.v1.config";

/// The deployment's backend; else the one the device last read; else the reference
/// server's (the app still opens, on its cached data). Only a file that reads as a
/// configuration is kept: a broken deploy must not replace the last good one.
pub async fn load() -> AppConfig {
    let request = HttpRequest::new(Method::Get, "config.json".into());
    if let Ok(response) = FetchTransport.send(request).await {
        if response.is_success() {
            match AppConfig::parse(&response.body) {
                Ok(config) => {
                    if let Some(storage) = storage() {
                        // Best effort: a full or refusing storage only loses this fallback.
                        let _ = storage.set_item(LAST_CONFIG_KEY, &response.body);
                    }
                    return config;
                }
                Err(error) => console::error(&error.to_string()),
            }
        }
    }
    storage()
        .and_then(|s| s.get_item(LAST_CONFIG_KEY).ok().flatten())
        .and_then(|text| AppConfig::parse(&text).ok())
        .unwrap_or_default()
}
