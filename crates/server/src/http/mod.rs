//! The HTTP layer: one module per resource under `/api/v1`, and the built app at `/`.

mod app_files;
mod auth;
mod community;
mod cors;
mod etag;
pub mod extract;
mod grids;
mod health;
mod ics;
mod me;
mod orders;
mod security_headers;
mod services;
mod shifts;
mod shifts_admin;
mod stations;
pub mod stored;
mod users;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::error::ApiError;
use crate::AppState;

/// api-contract.md: request bodies up to 64 KiB.
const MAX_BODY_BYTES: usize = 64 * 1024;

pub fn router(state: AppState, config: &Config) -> Router {
    let api = Router::new()
        .merge(health::routes())
        .merge(auth::routes())
        .merge(me::routes())
        .merge(community::routes())
        .merge(services::routes())
        .merge(grids::routes())
        .merge(stations::routes())
        .merge(orders::routes())
        .merge(shifts::routes())
        .merge(shifts_admin::routes())
        .merge(users::routes())
        .fallback(|| async { ApiError::NotFound })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    Router::new()
        .nest("/api/v1", api)
        .fallback_service(app_files::service(&config.dist))
        .layer(axum::middleware::from_fn(security_headers::apply))
        .layer(cors::layer(&config.cors_origins))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
