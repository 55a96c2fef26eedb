//! What every answer of the API has in common, in one place: each error is problem+json
//! (also those that axum and tower-http make themselves: a 405, a query or path that
//! does not parse, a timeout), nothing is kept in a shared cache, and nothing takes
//! longer than the request deadline.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// The most of a bare error body that is kept as the problem's detail.
const DETAIL_BYTES: usize = 2048;

/// Answers `ApiError::Timeout` (408) when the request has not been read and answered
/// within `deadline`: a client that trickles its body, or a request stuck behind a lock,
/// is cut off rather than held open. A transaction cut off this way is rolled back.
pub async fn deadline(State(deadline): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(deadline, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout.into_response(),
    }
}

/// Turns an error answer that is not problem+json into one, and marks every answer
/// `no-store` unless it says otherwise: orders, people and sessions carry addresses and
/// phone numbers that no shared or browser cache should keep.
pub async fn finish(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if status.as_u16() >= 400 && !is_problem {
        let (parts, body) = response.into_parts();
        let detail = axum::body::to_bytes(body, DETAIL_BYTES)
            .await
            .map(|b| String::from_utf8_lossy(&b).trim().to_string())
            .unwrap_or_default();
        let error = match status {
            StatusCode::NOT_FOUND => ApiError::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
            StatusCode::REQUEST_TIMEOUT => ApiError::Timeout,
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            s if s.is_server_error() => ApiError::Stored(detail),
            _ => ApiError::field(
                "request",
                if detail.is_empty() {
                    format!("the request could not be read ({status})")
                } else {
                    detail
                },
            ),
        };
        let mut problem = error.into_response();
        // What the original answer said beyond its body (`Allow`, `Retry-After`) stays.
        for (name, value) in parts.headers.iter() {
            if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                problem.headers_mut().entry(name).or_insert(value.clone());
            }
        }
        response = problem;
    }
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// The last net under a handler that panics: a 500 problem, the server goes on.
pub fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    let mut response = ApiError::Panicked.into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;
    use tower_http::catch_panic::CatchPanicLayer;

    /// The last net: a handler that panics is answered 500 as problem+json, and the
    /// router serves the next request (with `panic = "unwind"`, as the server profile has).
    #[tokio::test]
    async fn a_handler_that_panics_is_a_500_problem_and_the_server_goes_on() {
        async fn broken() -> &'static str {
            let items: Vec<u8> = Vec::new();
            let index = items.len() + 1;
            if items.get(index).is_none() {
                panic!("a bug in a handler");
            }
            "unreachable"
        }
        let router = Router::new()
            .route("/broken", get(broken))
            .route("/fine", get(|| async { "fine" }))
            .layer(CatchPanicLayer::custom(super::panicked));
        let answer = router
            .clone()
            .oneshot(
                Request::get("/broken")
                    .body(Body::empty())
                    .unwrap_or_default(),
            )
            .await
            .unwrap_or_else(|never| match never {});
        assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            answer
                .headers()
                .get(header::CONTENT_TYPE)
                .map(|v| v.as_bytes()),
            Some(&b"application/problem+json"[..])
        );
        let next = router
            .oneshot(
                Request::get("/fine")
                    .body(Body::empty())
                    .unwrap_or_default(),
            )
            .await
            .unwrap_or_else(|never| match never {});
        assert_eq!(next.status(), StatusCode::OK);
    }
}
