//! `/me`: who the token belongs to.

use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::Problem;
use crate::http::extract::Caller;
use crate::users::User;
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me))
}

#[utoipa::path(
    get,
    path = "/me",
    tag = "auth",
    description = "Who the token belongs to.",
    responses(
        (status = 200, body = User),
        (status = 401, description = "sign in first", body = Problem, content_type = "application/problem+json")
    ),
    security(("bearer" = []))
)]
async fn me(caller: Caller) -> Json<User> {
    Json(caller.user)
}
