//! The HTTP layer: one module per resource under `/api/v1`, each handler extracting what
//! it needs (the caller, the path, the query, the body), calling one domain function
//! (`orders`, `shifts`, `activities`, `reference`, `users`, `auth`) and answering; the built app at `/`;
//! and the middleware around both, assembled in `middleware`.

mod activities;
mod activities_admin;
mod app_files;
mod auth;
mod bookings;
mod bookings_admin;
mod calendar_file;
pub mod canonical;
mod community;
mod community_admin;
mod etag;
pub mod extract;
mod grids;
mod grids_admin;
mod health;
mod inbox;
mod me;
pub mod middleware;
mod notices;
pub(crate) mod openapi;
mod orders;
mod put_by_id;
mod reach;
mod services;
mod services_admin;
mod shifts;
mod shifts_admin;
mod stations;
mod stations_admin;
mod users;

use axum::Router;
use utoipa_axum::router::OpenApiRouter;

use crate::config::Config;
use crate::error::{ApiError, StartError};
use crate::AppState;

/// The whole server: every route of the API, described as OpenAPI at `/openapi.json`,
/// and the built app for everything else.
pub fn router(state: AppState, config: &Config) -> Result<Router, StartError> {
    let (api, description) = OpenApiRouter::new()
        .merge(health::routes())
        .merge(auth::routes())
        .merge(me::routes())
        .merge(community::routes())
        .merge(community_admin::routes())
        .merge(notices::routes())
        .merge(services::routes())
        .merge(services_admin::routes())
        .merge(grids::routes())
        .merge(grids_admin::routes())
        .merge(stations::routes())
        .merge(stations_admin::routes())
        .merge(orders::routes())
        .merge(shifts::routes())
        .merge(shifts_admin::routes())
        .merge(activities::routes())
        .merge(activities_admin::routes())
        .merge(bookings::routes())
        .merge(bookings_admin::routes())
        .merge(users::routes())
        .merge(inbox::routes())
        .merge(reach::routes())
        .split_for_parts();
    let api = api
        .merge(openapi::routes(description).map_err(StartError::Describe)?)
        .fallback(|| async { ApiError::NotFound });
    let app = Router::new()
        .nest("/api/v1", middleware::around_api(api, config))
        .fallback_service(app_files::service(&config.dist));
    Ok(middleware::around_everything(app, config).with_state(state))
}
