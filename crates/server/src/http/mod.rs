//! The HTTP layer: one module per resource under `/api/v1`, and the built app at `/`.

mod app_files;
mod cors;
mod health;
mod security_headers;

use axum::Router;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::error::ApiError;
use crate::AppState;

pub fn router(state: AppState, config: &Config) -> Router {
    let api = Router::new()
        .merge(health::routes())
        .fallback(|| async { ApiError::NotFound });
    Router::new()
        .nest("/api/v1", api)
        .fallback_service(app_files::service(&config.dist))
        .layer(axum::middleware::from_fn(security_headers::apply))
        .layer(cors::layer(&config.cors_origins))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
