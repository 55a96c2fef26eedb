//! `/me`: who the token belongs to.

use axum::routing::get;
use axum::{Json, Router};

use crate::http::extract::Caller;
use crate::users::User;
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/me", get(me))
}

async fn me(caller: Caller) -> Json<User> {
    Json(caller.user)
}
