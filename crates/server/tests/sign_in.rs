//! api-contract.md, "Sign-in": phone and one-time code, tokens, limits, registration.

mod common;

use common::{header, TestServer};
use serde_json::{json, Value};

async fn body(response: reqwest::Response) -> Value {
    response.json().await.expect("json body")
}

#[tokio::test]
async fn a_resident_signs_in_with_the_code_and_the_token_says_who_they_are() {
    let server = TestServer::start(&["--demo"]).await;
    let sent = server
        .post_json("/api/v1/auth/code", json!({"phone": "13800000003"}))
        .await;
    assert_eq!(sent.status(), 202);
    let sent = body(sent).await;
    assert_eq!(sent["sent"], true);
    let code = sent["dev_code"].as_str().expect("dev_code in demo mode");
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "{code}"
    );

    let session = server
        .post_json(
            "/api/v1/auth/session",
            json!({"phone": "13800000003", "code": code}),
        )
        .await;
    assert_eq!(session.status(), 200);
    let session = body(session).await;
    let token = session["token"].as_str().expect("token");
    assert!(session["expires_at"]
        .as_str()
        .expect("expiry")
        .contains('T'));
    assert_eq!(session["user"]["name"], "王静");
    assert_eq!(session["user"]["phone_masked"], "138****0003");
    assert_eq!(session["user"]["roles"], json!(["resident", "volunteer"]));

    let me = server
        .client
        .get(server.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .expect("me");
    assert_eq!(me.status(), 200);
    assert_eq!(body(me).await["id"], session["user"]["id"]);
    server.stop().await;
}

#[tokio::test]
async fn the_number_may_be_written_with_country_code_spaces_and_hyphens() {
    let server = TestServer::start(&["--demo"]).await;
    let code = server.request_code("+86 138-0000-0001").await;
    let session = server
        .post_json(
            "/api/v1/auth/session",
            json!({"phone": "0086 13800000001", "code": code}),
        )
        .await;
    assert_eq!(session.status(), 200);
    assert_eq!(body(session).await["user"]["name"], "李万章");
    server.stop().await;
}

#[tokio::test]
async fn a_number_that_is_not_a_mainland_mobile_is_refused_at_the_field() {
    let server = TestServer::start(&["--demo"]).await;
    for phone in ["12345", "+852 9123 4567", "138000000012", ""] {
        let response = server
            .post_json("/api/v1/auth/code", json!({"phone": phone}))
            .await;
        assert_eq!(response.status(), 422, "{phone}");
        assert_eq!(
            header(&response, "content-type"),
            "application/problem+json"
        );
        let problem = body(response).await;
        assert_eq!(problem["type"], "validation");
        assert!(problem["errors"]["phone"][0].is_string(), "{problem}");
    }
    server.stop().await;
}

#[tokio::test]
async fn requests_that_are_not_the_expected_json_are_validation_problems() {
    let server = TestServer::start(&["--demo"]).await;
    let cases: [(&str, &str); 4] = [
        ("{not json", "malformed"),
        ("{}", "missing phone"),
        ("{\"phone\": 13800000001}", "number instead of string"),
        ("[]", "array instead of object"),
    ];
    for (raw, what) in cases {
        let response = server
            .client
            .post(server.url("/api/v1/auth/code"))
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 422, "{what}");
        assert_eq!(body(response).await["type"], "validation", "{what}");
    }
    let huge = format!("{{\"phone\": \"{}\"}}", "1".repeat(70 * 1024));
    let response = server
        .client
        .post(server.url("/api/v1/auth/code"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 413);
    assert_eq!(body(response).await["type"], "payload_too_large");
    server.stop().await;
}

#[tokio::test]
async fn a_wrong_or_used_code_is_refused() {
    let server = TestServer::start(&["--demo"]).await;
    let code = server.request_code("13800000002").await;
    let wrong = if code == "000000" { "000001" } else { "000000" };
    let response = server
        .post_json(
            "/api/v1/auth/session",
            json!({"phone": "13800000002", "code": wrong}),
        )
        .await;
    assert_eq!(response.status(), 401);
    assert_eq!(header(&response, "www-authenticate"), "Bearer");

    let first = server
        .post_json(
            "/api/v1/auth/session",
            json!({"phone": "13800000002", "code": code}),
        )
        .await;
    assert_eq!(first.status(), 200);
    let again = server
        .post_json(
            "/api/v1/auth/session",
            json!({"phone": "13800000002", "code": code}),
        )
        .await;
    assert_eq!(again.status(), 401, "a code works once");
    server.stop().await;
}

#[tokio::test]
async fn an_expired_code_is_refused() {
    let server = TestServer::start(&["--demo"]).await;
    let code = server.request_code("13800000002").await;
    // Five minutes pass.
    sqlx::query("UPDATE sign_in_codes SET expires_at = expires_at - 301")
        .execute(&server.db().await)
        .await
        .expect("age the code");
    let response = server
        .post_json(
            "/api/v1/auth/session",
            json!({"phone": "13800000002", "code": code}),
        )
        .await;
    assert_eq!(response.status(), 401);
    server.stop().await;
}

#[tokio::test]
async fn five_wrong_codes_in_a_row_lock_the_phone_for_fifteen_minutes() {
    let server = TestServer::start(&["--demo"]).await;
    let code = server.request_code("13800000002").await;
    let wrong = if code == "000000" { "000001" } else { "000000" };
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let response = server
            .post_json(
                "/api/v1/auth/session",
                json!({"phone": "13800000002", "code": wrong}),
            )
            .await;
        statuses.push(response.status().as_u16());
        if response.status() == 429 {
            let wait: u64 = header(&response, "retry-after")
                .parse()
                .expect("Retry-After seconds");
            assert!((890..=900).contains(&wait), "Retry-After {wait}");
            assert_eq!(body(response).await["type"], "rate_limited");
        }
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429]);
    // Locked: even the right code waits.
    let response = server
        .post_json(
            "/api/v1/auth/session",
            json!({"phone": "13800000002", "code": code}),
        )
        .await;
    assert_eq!(response.status(), 429);
    // Another phone is not affected.
    let other = server
        .post_json(
            "/api/v1/auth/session",
            json!({"phone": "13800000001", "code": "246810"}),
        )
        .await;
    assert_eq!(other.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn at_most_five_codes_an_hour_per_phone() {
    let server = TestServer::start(&["--demo"]).await;
    for _ in 0..5 {
        let response = server
            .post_json("/api/v1/auth/code", json!({"phone": "13800000004"}))
            .await;
        assert_eq!(response.status(), 202);
    }
    let sixth = server
        .post_json("/api/v1/auth/code", json!({"phone": "13800000004"}))
        .await;
    assert_eq!(sixth.status(), 429);
    let wait: u64 = header(&sixth, "retry-after")
        .parse()
        .expect("Retry-After seconds");
    assert!((3590..=3600).contains(&wait), "Retry-After {wait}");
    let other = server
        .post_json("/api/v1/auth/code", json!({"phone": "13800000005"}))
        .await;
    assert_eq!(other.status(), 202);
    server.stop().await;
}

#[tokio::test]
async fn the_demo_code_works_for_demo_accounts_only() {
    let server = TestServer::start(&["--demo"]).await;
    let demo = server
        .post_json(
            "/api/v1/auth/session",
            json!({"phone": "13800000006", "code": "246810"}),
        )
        .await;
    assert_eq!(demo.status(), 200);
    assert_eq!(
        body(demo).await["user"]["roles"],
        json!(["resident", "dispatcher", "admin"])
    );
    let stranger = server
        .post_json(
            "/api/v1/auth/session",
            json!({"phone": "13912345678", "code": "246810"}),
        )
        .await;
    assert_eq!(stranger.status(), 401);
    server.stop().await;
}

#[tokio::test]
async fn with_open_registration_a_new_number_becomes_a_resident_of_the_first_grid() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in("13912345678").await;
    let me = body(
        server
            .client
            .get(server.url("/api/v1/me"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("me"),
    )
    .await;
    assert_eq!(me["roles"], json!(["resident"]));
    assert_eq!(me["grid_id"], "g-1");
    assert_eq!(me["phone_masked"], "139****5678");
    // Signing in again is the same person, not a second account.
    let again = server.sign_in("139 1234 5678").await;
    let me_again = body(
        server
            .client
            .get(server.url("/api/v1/me"))
            .bearer_auth(&again)
            .send()
            .await
            .expect("me"),
    )
    .await;
    assert_eq!(me_again["id"], me["id"]);
    server.stop().await;
}

#[tokio::test]
async fn with_closed_registration_an_unknown_number_gets_no_code() {
    let server = TestServer::start(&["--demo", "--registration", "closed"]).await;
    let response = server
        .post_json("/api/v1/auth/code", json!({"phone": "13912345678"}))
        .await;
    assert_eq!(response.status(), 401);
    assert_eq!(body(response).await["type"], "unknown_phone");
    let known = server
        .post_json("/api/v1/auth/code", json!({"phone": "13800000001"}))
        .await;
    assert_eq!(known.status(), 202);
    server.stop().await;
}

#[tokio::test]
async fn outside_demo_mode_codes_are_not_returned_and_the_demo_code_does_not_exist() {
    let server = TestServer::start(&["--registration", "open"]).await;
    let response = server
        .post_json("/api/v1/auth/code", json!({"phone": "13800000001"}))
        .await;
    assert_eq!(response.status(), 202);
    assert!(
        body(response).await.get("dev_code").is_none(),
        "code leaked outside demo mode"
    );
    let response = server
        .post_json(
            "/api/v1/auth/session",
            json!({"phone": "13800000001", "code": "246810"}),
        )
        .await;
    assert_eq!(response.status(), 401);
    server.stop().await;
}

#[tokio::test]
async fn signing_out_revokes_the_token() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in("13800000001").await;
    let out = server
        .client
        .delete(server.url("/api/v1/auth/session"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("sign out");
    assert_eq!(out.status(), 204);
    let me = server
        .client
        .get(server.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("me");
    assert_eq!(me.status(), 401);
    assert_eq!(header(&me, "www-authenticate"), "Bearer");
    server.stop().await;
}

#[tokio::test]
async fn protected_routes_refuse_missing_and_made_up_tokens() {
    let server = TestServer::start(&["--demo"]).await;
    let missing = server.get("/api/v1/me").await;
    assert_eq!(missing.status(), 401);
    assert_eq!(header(&missing, "www-authenticate"), "Bearer");
    assert_eq!(body(missing).await["type"], "unauthorized");
    let made_up = server
        .client
        .get(server.url("/api/v1/me"))
        .bearer_auth("0".repeat(64))
        .send()
        .await
        .expect("me");
    assert_eq!(made_up.status(), 401);
    server.stop().await;
}

#[tokio::test]
async fn codes_and_tokens_are_stored_only_as_hashes() {
    let server = TestServer::start(&["--demo"]).await;
    let code = server.request_code("13800000001").await;
    let token = body(
        server
            .post_json(
                "/api/v1/auth/session",
                json!({"phone": "13800000001", "code": code}),
            )
            .await,
    )
    .await["token"]
        .as_str()
        .expect("token")
        .to_string();
    let db = server.db().await;
    let stored_codes: Vec<String> = sqlx::query_scalar("SELECT code_hash FROM sign_in_codes")
        .fetch_all(&db)
        .await
        .expect("codes");
    assert!(!stored_codes.is_empty() && stored_codes.iter().all(|h| !h.contains(&code)));
    let stored_tokens: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_all(&db)
        .await
        .expect("tokens");
    assert_eq!(stored_tokens.len(), 1);
    assert_ne!(stored_tokens[0], token);
    server.stop().await;
}
