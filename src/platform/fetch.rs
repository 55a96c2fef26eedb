//! The transport in the browser: `fetch`, with a timeout, and failures told apart from
//! answers. It never retries: the engine decides that. Written on web-sys rather than
//! gloo-net: see the README, "Why not all of gloo".

use gloo_timers::callback::Timeout;
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Request, RequestInit, Response};
use yizhan_core::sync::{HttpRequest, HttpResponse, NetworkError, Transport};

/// Long enough for one bar of signal in a stairwell, short enough that a dead
/// connection does not hold the queue for minutes.
pub const TIMEOUT_MS: u32 = 20_000;

#[derive(Clone, Copy, Debug, Default)]
pub struct FetchTransport;

fn is_offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

fn failed(error: JsValue) -> NetworkError {
    if is_offline() {
        return NetworkError::Offline;
    }
    let name = Reflect::get(&error, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    if name == "AbortError" {
        NetworkError::Timeout
    } else {
        NetworkError::Failed(
            error
                .as_string()
                .or_else(|| {
                    Reflect::get(&error, &JsValue::from_str("message"))
                        .ok()
                        .and_then(|m| m.as_string())
                })
                .unwrap_or(name),
        )
    }
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, NetworkError> {
        let window = web_sys::window().ok_or(NetworkError::Offline)?;
        let init = RequestInit::new();
        init.set_method(request.method.as_str());
        if let Some(body) = &request.body {
            init.set_body(&JsValue::from_str(body));
        }
        let controller = AbortController::new().ok();
        if let Some(controller) = &controller {
            init.set_signal(Some(&controller.signal()));
        }
        let outgoing = Request::new_with_str_and_init(&request.url, &init).map_err(failed)?;
        for (name, value) in &request.headers {
            outgoing.headers().set(name, value).map_err(failed)?;
        }
        // Aborts the exchange, the answer's body included, when it takes too long; cleared
        // when dropped at the end of the exchange.
        let _deadline =
            controller.map(|controller| Timeout::new(TIMEOUT_MS, move || controller.abort()));
        let response: Response = JsFuture::from(window.fetch_with_request(&outgoing))
            .await
            .map_err(failed)?
            .dyn_into()
            .map_err(failed)?;
        let mut headers = Vec::new();
        if let Ok(Some(entries)) = js_sys::try_iter(&response.headers()) {
            for pair in entries.flatten() {
                let pair: Array = pair.unchecked_into();
                if let (Some(name), Some(value)) =
                    (pair.get(0).as_string(), pair.get(1).as_string())
                {
                    headers.push((name, value));
                }
            }
        }
        let body = match response.text() {
            Ok(text) => JsFuture::from(text)
                .await
                .map_err(failed)?
                .as_string()
                .unwrap_or_default(),
            Err(error) => return Err(failed(error)),
        };
        Ok(HttpResponse {
            status: response.status(),
            headers,
            body,
        })
    }
}
