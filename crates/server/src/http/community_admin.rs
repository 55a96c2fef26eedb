//! `PUT /community` (admins): the name, district, hotline and announcement residents see.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use yizhan_core::model::{Community, Role};
use yizhan_core::validation::{DESCRIPTION_MAX, TITLE_MAX};

use crate::error::ApiError;
use crate::http::checks::Problems;
use crate::http::community::load;
use crate::http::extract::{Caller, JsonBody};
use crate::http::openapi::problems;
use crate::{clock, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(replace))
}

/// The body GET returns; `id` and `updated_at` may come back with it and are ignored.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct CommunityBody {
    #[serde(default, rename = "id")]
    _id: Option<String>,
    #[serde(default, rename = "updated_at")]
    _updated_at: Option<String>,
    name: String,
    district: String,
    hotline: String,
    announcement: String,
}

#[utoipa::path(
    put,
    path = "/community",
    tag = "administration",
    description = "Admins: edit the community (the body GET returns; id and updated_at ignored).",
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
    let mut problems = Problems::default();
    problems.text("name", &body.name, 1, TITLE_MAX);
    problems.text("district", &body.district, 0, TITLE_MAX);
    problems.dialable("hotline", &body.hotline);
    problems.text("announcement", &body.announcement, 0, DESCRIPTION_MAX);
    problems.finish()?;
    // Every write moves `updated_at`, so the ETag changes even within one second.
    sqlx::query(
        "UPDATE communities SET name = ?, district = ?, hotline = ?, announcement = ?,
             updated_at = MAX(?, updated_at + 1)
         WHERE id = ?",
    )
    .bind(body.name.trim())
    .bind(body.district.trim())
    .bind(body.hotline.trim())
    .bind(body.announcement.trim())
    .bind(clock::now())
    .bind(&caller.user.community_id)
    .execute(state.db.pool())
    .await?;
    Ok(Json(
        load(state.db.pool(), &caller.user.community_id).await?,
    ))
}
