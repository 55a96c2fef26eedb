//! `/me`: who the token belongs to.

use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::http::extract::Caller;
use crate::http::openapi::problems;
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
        problems::SignInFirst
    ),
    security(("bearer" = []))
)]
async fn me(caller: Caller) -> Json<User> {
    Json(caller.user)
}
