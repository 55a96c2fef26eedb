//! `PUT /community` (admins): the name, district, hotline and announcement residents see.

use axum::extract::State;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Community, Role};

use crate::error::ApiError;
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::reference::community_admin::{self, CommunityBody};
use crate::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(replace))
}

#[utoipa::path(
    put,
    path = "/community",
    tag = "administration",
    description = "Admins: edit the community (the body GET returns; id and updated_at ignored). Extensions: `residents_choose_grid` (absent: unchanged); `announcement` may be left out (the notices stay as they are), and when it differs from what GET answered it writes the pinned notice `announcement` (\"\" removes it).",
    request_body = CommunityBody,
    responses(
        (status = 200, body = Community),
        problems::SignInFirst,
        problems::NotYourRole,
        problems::Invalid
    ),
    security(("bearer" = []))
)]
async fn replace(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(body): JsonBody<CommunityBody>,
) -> Result<Json<Community>, ApiError> {
    caller.require_any(&[Role::Admin])?;
    let pool = state.db.pool();
    let community = community_admin::replace(pool, &caller.user.community_id, body).await?;
    Ok(Json(community))
}
