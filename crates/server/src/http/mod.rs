//! The HTTP layer: one module per resource under `/api/v1`, and the built app at `/`.

mod api_answers;
mod app_files;
mod auth;
pub mod canonical;
pub mod client_address;
mod community;
mod community_admin;
mod cors;
mod etag;
pub mod extract;
mod grids;
mod grids_admin;
mod health;
mod me;
pub(crate) mod openapi;
mod orders;
mod put_by_id;
mod rate_limit;
mod security_headers;
mod services;
mod services_admin;
mod shifts;
mod shifts_admin;
mod stations;
mod stations_admin;
mod users;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use utoipa_axum::router::OpenApiRouter;

use crate::config::Config;
use crate::error::{ApiError, StartError};
use crate::{telemetry, AppState};

/// api-contract.md: request bodies up to 64 KiB.
const MAX_BODY_BYTES: usize = 64 * 1024;

pub fn router(state: AppState, config: &Config) -> Result<Router, StartError> {
    let (api, description) = OpenApiRouter::new()
        .merge(health::routes())
        .merge(auth::routes())
        .merge(me::routes())
        .merge(community::routes())
        .merge(community_admin::routes())
        .merge(services::routes())
        .merge(services_admin::routes())
        .merge(grids::routes())
        .merge(grids_admin::routes())
        .merge(stations::routes())
        .merge(stations_admin::routes())
        .merge(orders::routes())
        .merge(shifts::routes())
        .merge(shifts_admin::routes())
        .merge(users::routes())
        .split_for_parts();
    let api = api
        .merge(openapi::routes(description).map_err(StartError::Describe)?)
        .fallback(|| async { ApiError::NotFound })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            Duration::from_secs(config.request_timeout.max(1)),
            api_answers::deadline,
        ))
        .layer(axum::middleware::from_fn(api_answers::finish))
        .layer(axum::middleware::from_fn_with_state(
            rate_limit::Limiter::new(config.rate_limit),
            rate_limit::apply,
        ));
    let client_address =
        client_address::Resolver::new(config.client_ip_header.clone(), &config.trusted_proxies);
    Ok(Router::new()
        .nest("/api/v1", api)
        .fallback_service(app_files::service(&config.dist))
        .layer(axum::middleware::from_fn(security_headers::apply))
        .layer(cors::layer(&config.cors_origins))
        .layer(axum::middleware::from_fn_with_state(
            client_address,
            client_address::attach,
        ))
        .layer(CatchPanicLayer::custom(api_answers::panicked))
        .layer(telemetry::request_logs())
        .with_state(state))
}
