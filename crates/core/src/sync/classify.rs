//! Sorting an HTTP answer that is not a success into the engine's classes (design.md,
//! "The outbox"): retry, pause for sign-in, resolve a conflict, or park with a reason.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::Order;
use crate::sync::error::SyncError;
use crate::sync::http::HttpResponse;

/// The contract's problem+json, as far as the engine reads it.
#[derive(Debug, Default, Deserialize)]
struct Problem {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    errors: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    current: Option<Order>,
}

/// `response` is not a 2xx: what the engine should do about it.
pub fn classify(response: &HttpResponse) -> SyncError {
    // A proxy's HTML error page is still classified by its status.
    let problem: Problem = serde_json::from_str(&response.body).unwrap_or_default();
    let status = response.status;
    match status {
        401 => SyncError::Unauthorized,
        412 => SyncError::Conflict {
            current: problem.current.map(Box::new),
        },
        408 | 425 | 429 | 500..=599 => SyncError::Retry {
            status,
            retry_after: response.retry_after(),
        },
        // A 409 that is not about the id, a full shift or a full slot means "still working
        // on it".
        409 if !matches!(
            problem.kind.as_str(),
            "id_conflict" | "shift_full" | "slot_full"
        ) =>
        {
            SyncError::Retry {
                status,
                retry_after: response.retry_after(),
            }
        }
        _ => SyncError::Rejected {
            status,
            message: problem
                .detail
                .or(problem.title)
                .unwrap_or_else(|| format!("HTTP {status}")),
            kind: if problem.kind.is_empty() {
                format!("http_{status}")
            } else {
                problem.kind
            },
            fields: problem.errors,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str, retry_after: Option<&str>) -> HttpResponse {
        HttpResponse {
            status,
            headers: retry_after
                .map(|s| vec![("Retry-After".to_string(), s.to_string())])
                .unwrap_or_default(),
            body: body.to_string(),
        }
    }

    #[test]
    fn busy_and_failing_servers_are_retried_honouring_retry_after() {
        for status in [408, 425, 429, 500, 502, 503] {
            assert_eq!(
                classify(&answer(status, "<html>busy</html>", Some("7"))),
                SyncError::Retry {
                    status,
                    retry_after: Some(7)
                }
            );
        }
        assert!(classify(&answer(409, r#"{"type":"in_progress"}"#, None)).is_transient());
    }

    #[test]
    fn bad_input_is_parked_with_the_servers_words_at_the_field() {
        let refused = classify(&answer(
            422,
            r#"{"type":"validation","title":"Invalid request","status":422,
                "detail":"the request is not valid","errors":{"title":["at most 60 characters"]}}"#,
            None,
        ));
        let SyncError::Rejected {
            status,
            kind,
            fields,
            ..
        } = refused
        else {
            panic!("parked: {refused:?}");
        };
        assert_eq!((status, kind.as_str()), (422, "validation"));
        assert_eq!(fields["title"], vec!["at most 60 characters".to_string()]);
        for status in [400, 403, 404, 413] {
            assert!(matches!(
                classify(&answer(status, "", None)),
                SyncError::Rejected { .. }
            ));
        }
        assert!(matches!(
            classify(&answer(409, r#"{"type":"id_conflict"}"#, None)),
            SyncError::Rejected { .. }
        ));
    }

    #[test]
    fn sign_in_pauses_and_a_stale_version_brings_the_current_order() {
        assert_eq!(classify(&answer(401, "", None)), SyncError::Unauthorized);
        assert_eq!(
            classify(&answer(412, "{}", None)),
            SyncError::Conflict { current: None }
        );
    }
}
