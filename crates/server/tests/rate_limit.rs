//! api-contract.md, "Conventions": rate limiting answers 429 `rate_limited` with
//! `Retry-After` (seconds), and the client may go on once it has waited.

mod common;

use common::{header, TestServer};
use serde_json::Value;

async fn health(server: &TestServer, forwarded_for: Option<&str>) -> reqwest::Response {
    let mut request = server.client.get(server.url("/api/v1/health"));
    if let Some(address) = forwarded_for {
        request = request.header("x-forwarded-for", address);
    }
    request.send().await.expect("request")
}

#[tokio::test]
async fn a_client_over_its_allowance_is_told_how_long_to_wait_and_then_let_through() {
    let server = TestServer::start(&["--rate-limit", "60"]).await;
    let mut refused = None;
    for sent in 1..=70 {
        let response = health(&server, None).await;
        if response.status() == 429 {
            assert!(
                sent > 60,
                "the first 60 of a minute go through, #{sent} did not"
            );
            refused = Some(response);
            break;
        }
        assert_eq!(response.status(), 200);
    }
    let refused = refused.expect("the 61st request within a second is refused");
    let wait: u64 = header(&refused, "retry-after").parse().expect("seconds");
    assert!(
        (1..=2).contains(&wait),
        "one request a second comes back: {wait}"
    );
    assert_eq!(header(&refused, "content-type"), "application/problem+json");
    let problem: Value = refused.json().await.expect("json");
    assert_eq!(problem["type"], "rate_limited");
    assert_eq!(problem["status"], 429);

    tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
    assert_eq!(health(&server, None).await.status(), 200);
    // The built app is not limited: a resident reloading the page never sees a 429.
    assert_eq!(server.get("/").await.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn behind_a_proxy_each_resident_address_has_its_own_allowance() {
    let server = TestServer::start(&[
        "--rate-limit",
        "10",
        "--client-ip-header",
        "x-forwarded-for",
        "--trusted-proxies",
        "127.0.0.1,10.0.0.0/8",
    ])
    .await;
    let mut statuses = Vec::new();
    for _ in 0..11 {
        statuses.push(
            health(&server, Some("203.0.113.7, 10.0.0.1"))
                .await
                .status(),
        );
    }
    assert_eq!(statuses.last().map(|s| s.as_u16()), Some(429));
    assert_eq!(
        health(&server, Some("203.0.113.8")).await.status(),
        200,
        "a neighbour behind the same proxy is not punished"
    );
    server.stop().await;
}

#[tokio::test]
async fn without_a_proxy_header_setting_the_header_buys_nothing() {
    let server = TestServer::start(&["--rate-limit", "10"]).await;
    for n in 0..10 {
        health(&server, Some(&format!("198.51.100.{n}"))).await;
    }
    assert_eq!(health(&server, Some("198.51.100.99")).await.status(), 429);
    server.stop().await;
}

/// Issue 13, 6: the client's own entries on the left of `X-Forwarded-For` are made up;
/// only the address the trusted proxy appended counts.
#[tokio::test]
async fn a_made_up_forwarded_address_buys_no_allowance() {
    let server = TestServer::start(&[
        "--rate-limit",
        "10",
        "--client-ip-header",
        "x-forwarded-for",
    ])
    .await;
    let mut statuses = Vec::new();
    for n in 0..11 {
        // The proxy on loopback appends the real address, 203.0.113.7.
        let chain = format!("198.51.100.{n}, 203.0.113.7");
        statuses.push(health(&server, Some(&chain)).await.status().as_u16());
    }
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
    server.stop().await;
}
