//! Issue 13: requests no app sends, answered as the contract answers errors
//! (problem+json, never a 5xx, never a dropped connection), and the headers that keep
//! the app from being framed and personal answers from being cached.

mod common;

use common::{header, TestServer};
use serde_json::Value;

async fn problem(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    assert!(
        header(&response, "content-type").starts_with("application/problem+json"),
        "{status}: {}",
        header(&response, "content-type")
    );
    (status, response.json().await.expect("problem json"))
}

/// Issue 13, 1: dates at the end of the calendar are a 422 at the field, and the
/// server goes on serving.
#[tokio::test]
async fn dates_at_the_end_of_the_calendar_are_refused_not_fatal() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in("13800000003").await;
    for query in [
        "from=9999-12-31",
        "to=9999-12-31",
        "from=9999-12-30&to=9999-12-31",
        "from=+10000-01-01",
    ] {
        let (status, body) = problem(
            server
                .get_as(&token, &format!("/api/v1/shifts?{query}"))
                .await,
        )
        .await;
        assert_eq!(status, 422, "{query}: {body}");
        assert_eq!(body["type"], "validation");
    }
    assert_eq!(
        server.get("/api/v1/health").await.status(),
        200,
        "still serving"
    );
    server.stop().await;
}

/// Issue 13, 13: what axum answers on its own is problem+json too.
#[tokio::test]
async fn every_error_is_problem_json() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in("13800000001").await;
    // A method the route does not take.
    let response = server
        .client
        .patch(server.url("/api/v1/community"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("patch");
    let allow = header(&response, "allow");
    let (status, body) = problem(response).await;
    assert_eq!(
        (status, body["type"].as_str()),
        (405, Some("method_not_allowed"))
    );
    assert!(allow.contains("GET"), "Allow: {allow}");
    // A query parameter given twice, bad percent-encoding, a limit that is not a number.
    for query in ["limit=1&limit=2", "since=%FF%FE", "since=%", "limit=%00"] {
        let (status, body) = problem(
            server
                .get_as(&token, &format!("/api/v1/orders?{query}"))
                .await,
        )
        .await;
        assert_eq!(status, 422, "{query}: {body}");
        assert!(body["detail"].is_string());
    }
    // A path segment that is not UTF-8.
    let (status, _) = problem(server.get_as(&token, "/api/v1/orders/%FF%FE").await).await;
    assert!((400..500).contains(&status));
    server.stop().await;
}

/// Issue 13, 14: no other site may frame the app, and answers with addresses and phone
/// numbers are not kept by any cache.
#[tokio::test]
async fn the_app_cannot_be_framed_and_personal_answers_are_not_cached() {
    let server = TestServer::start(&["--demo"]).await;
    let page = server.get("/").await;
    assert_eq!(header(&page, "x-frame-options"), "DENY");
    assert!(header(&page, "content-security-policy").contains("frame-ancestors 'none'"));
    let token = server.sign_in("13800000001").await;
    for path in ["/api/v1/me", "/api/v1/orders", "/api/v1/shifts"] {
        let response = server.get_as(&token, path).await;
        assert_eq!(header(&response, "cache-control"), "no-store", "{path}");
        assert_eq!(header(&response, "x-frame-options"), "DENY", "{path}");
    }
    server.stop().await;
}
