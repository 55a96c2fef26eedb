//! Reading `config.json` from beside `index.html`.

use yizhan_core::sync::config::AppConfig;
use yizhan_core::sync::{HttpRequest, Method, Transport};

use super::console;
use super::fetch::FetchTransport;

/// The deployment's backend; the reference server's when the file is missing or
/// unreadable (the app still opens, on its cached data).
pub async fn load() -> AppConfig {
    let request = HttpRequest::new(Method::Get, "config.json".into());
    match FetchTransport.send(request).await {
        Ok(response) if response.is_success() => {
            AppConfig::parse(&response.body).unwrap_or_else(|error| {
                console::error(&error.to_string());
                AppConfig::default()
            })
        }
        _ => AppConfig::default(),
    }
}
