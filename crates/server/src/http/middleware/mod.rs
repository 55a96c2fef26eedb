//! Everything the server does around the handlers, assembled here in one place and in one
//! order. A request passes the layers of [`around_everything`] from the outside in (request
//! logs, the panic net, the client's address, security headers), then, under `/api/v1`,
//! those of [`around_api`] (CORS, compression, the rate limit, problem+json and
//! `no-store` on every answer, the request deadline, the body limit); answers pass them
//! back out. The app's files are compressed at build time and picked by negotiation
//! (`http::app_files`), so they are not compressed again here.

mod api_answers;
pub mod client_address;
mod cors;
mod rate_limit;
mod security_headers;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::{CompressionLayer, CompressionLevel};

use crate::config::Config;
use crate::{telemetry, AppState};

/// api-contract.md: request bodies up to 64 KiB.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// Brotli and gzip at level 4 for answers made on each request: most of what the top
/// levels save, for a fraction of their CPU (level 11 is for files compressed once, at
/// build time). A first sync of a large community is mostly JSON that compresses tenfold.
const ANSWER_COMPRESSION: CompressionLevel = CompressionLevel::Precise(4);

/// The layers of the API alone (each `layer` wraps those before it).
pub fn around_api(api: Router<AppState>, config: &Config) -> Router<AppState> {
    api.layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(from_fn_with_state(
            Duration::from_secs(config.request_timeout.max(1)),
            api_answers::deadline,
        ))
        .layer(from_fn(api_answers::finish))
        // Keyed by the client's address, which `around_everything` attached.
        .layer(from_fn_with_state(
            rate_limit::Limiter::new(config.rate_limit),
            rate_limit::apply,
        ))
        // By the client's Accept-Encoding, with `Vary`; small answers go as they are.
        .layer(CompressionLayer::new().quality(ANSWER_COMPRESSION))
        // Cross-origin calls are the API's alone. On the app's files the layer's
        // `Vary: Origin` split the browser's cache: the page's own load of the wasm (with
        // an Origin) and the service worker's precache (without) each downloaded it.
        .layer(cors::layer(&config.cors_origins))
}

/// The layers of every answer, the app's files too (each `layer` wraps those before it).
pub fn around_everything(router: Router<AppState>, config: &Config) -> Router<AppState> {
    let client_address =
        client_address::Resolver::new(config.client_ip_header.clone(), &config.trusted_proxies);
    router
        .layer(from_fn(security_headers::apply))
        .layer(from_fn_with_state(client_address, client_address::attach))
        .layer(CatchPanicLayer::custom(api_answers::panicked))
        .layer(telemetry::request_logs())
}
