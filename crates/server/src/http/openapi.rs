//! `GET /openapi.json`: the OpenAPI 3.1 description of the contract, generated from the
//! handlers' own annotations when the router is built, so it cannot drift from the routes.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{InfoBuilder, OpenApi, Paths};
use utoipa::OpenApi as _;

use crate::AppState;

/// Where the routes are mounted; the contract writes paths with it.
const BASE: &str = "/api/v1";

/// The description of the routes in `api` (as mounted under `/api/v1`), finished with the
/// contract's title, the bearer scheme and the error shape.
pub fn describe(mut api: OpenApi) -> OpenApi {
    api.info = InfoBuilder::new()
        .title("Yizhan REST contract")
        .version("1")
        .description(Some(
            "Residents' orders and micro-wishes, the community's reference data, volunteer \
             shifts. Errors are application/problem+json with a stable `type` slug.",
        ))
        .build();
    let mut paths = Paths::new();
    for (path, item) in std::mem::take(&mut api.paths.paths) {
        paths.paths.insert(format!("{BASE}{path}"), item);
    }
    api.paths = paths;
    let components = api.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
    );
    api
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(openapi_json))]
struct SelfDescription;

#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "health",
    description = "This document: the OpenAPI 3.1 description of the contract.",
    responses(
        (status = 200, description = "OpenAPI 3.1 JSON", content_type = "application/json")
    )
)]
async fn openapi_json(State(json): State<Arc<str>>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        json.to_string(),
    )
}

pub fn routes(description: OpenApi) -> Result<Router<AppState>, serde_json::Error> {
    let document = describe(description.merge_from(SelfDescription::openapi()));
    // Built once: the document is the same for every request.
    let json: Arc<str> = document.to_pretty_json()?.into();
    Ok(Router::new()
        .route("/openapi.json", get(openapi_json))
        .with_state(json))
}

/// The contract's problem answers, one type each, for the handlers' `responses(...)`.
pub mod problems {
    use crate::error::Problem;

    macro_rules! problem_response {
        ($name:ident, $status:literal, $description:literal) => {
            #[derive(utoipa::IntoResponses)]
            #[response(
                                                    status = $status,
                                                    description = $description,
                                                    content_type = "application/problem+json"
                                                )]
            pub struct $name(#[allow(dead_code)] Problem<'static>);
        };
    }

    problem_response!(SignInFirst, 401, "sign in first");
    problem_response!(NotYourRole, 403, "not your role");
    problem_response!(NotFound, 404, "no such resource");
    problem_response!(Conflict, 409, "conflict");
    problem_response!(VersionMismatch, 412, "version mismatch, with `current`");
    problem_response!(Invalid, 422, "validation (field by field)");
    problem_response!(IfMatchMissing, 428, "If-Match missing");
    problem_response!(RateLimited, 429, "rate limited (Retry-After)");
    problem_response!(Unavailable, 503, "unavailable");
}
