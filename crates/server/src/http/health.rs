use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::ApiError;
use crate::http::openapi::problems;
use crate::AppState;

#[derive(Serialize, utoipa::ToSchema)]
struct Health {
    status: &'static str,
    version: &'static str,
    db: &'static str,
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

/// Answers only once the database answers, so a load balancer stops sending residents to
/// an instance whose database is gone.
#[utoipa::path(
    get,
    path = "/health",
    tag = "health",
    description = "Liveness and the database kind; answers only when the database does.",
    responses(
        (status = 200, body = Health),
        problems::Unavailable
    )
)]
async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.db.ping().await?;
    Ok(Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        db: state.db.kind(),
    }))
}
