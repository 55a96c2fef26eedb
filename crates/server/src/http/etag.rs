//! Strong ETags for reference data: the tag is a hash of the exact body
//! ([`Published`]), so it changes exactly when the answer does (any write, to any row
//! that shows in it).

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::error::ApiError;
use crate::reference::cache::Published;

fn matches(if_none_match: &str, tag: &str) -> bool {
    if_none_match.trim() == "*"
        || if_none_match
            .split(',')
            .any(|candidate| candidate.trim() == tag)
}

/// `value` as JSON with its ETag, or `304 Not Modified` when the client already has it.
pub fn json_with_etag<T: Serialize>(request: &HeaderMap, value: &T) -> Result<Response, ApiError> {
    published(request, &Published::of(value)?)
}

/// An answer made before (and perhaps kept): its body with its ETag, or `304 Not
/// Modified` when the client already has it, which costs a comparison of tags.
pub fn published(request: &HeaderMap, answer: &Published) -> Result<Response, ApiError> {
    let tag = answer.tag();
    let etag = HeaderValue::from_str(tag).map_err(|error| ApiError::Stored(error.to_string()))?;
    // Clients may keep it, but must ask again before using it.
    let cache = (
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| matches(value, tag));
    if fresh {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag), cache]).into_response());
    }
    Ok((
        [
            (header::ETAG, etag),
            cache,
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
        ],
        // The kept bytes themselves, not a copy.
        Body::from(Bytes::from_owner(answer.body())),
    )
        .into_response())
}
