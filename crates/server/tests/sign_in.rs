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
async fn a_wrong_code_is_refused_and_a_right_one_sent_again_replaces_its_first_session() {
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
    let first_token = body(first).await["token"]
        .as_str()
        .expect("token")
        .to_string();
    // The answer was lost on the way: the phone sends the same code again (issue 13, 19).
    let again = server
        .post_json(
            "/api/v1/auth/session",
            json!({"phone": "13800000002", "code": code}),
        )
        .await;
    assert_eq!(again.status(), 200, "a resent right code signs in");
    let token = body(again).await["token"]
        .as_str()
        .expect("token")
        .to_string();
    assert_eq!(server.get_as(&token, "/api/v1/me").await.status(), 200);
    assert_eq!(
        server.get_as(&first_token, "/api/v1/me").await.status(),
        401,
        "one code, one live session: the unseen first one is revoked"
    );
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
    let sms = common::SmsCommand::default();
    let server =
        TestServer::start(&["--registration", "open", "--sms-command", sms.program()]).await;
    let response = server
        .post_json("/api/v1/auth/code", json!({"phone": "13800000001"}))
        .await;
    assert_eq!(response.status(), 202);
    assert!(
        body(response).await.get("dev_code").is_none(),
        "code leaked outside demo mode"
    );
    let sent = sms.sent();
    assert_eq!(sent.len(), 1, "the SMS command got the code: {sent:?}");
    assert_eq!(sent[0].0, "13800000001");
    let code = sent[0].1.clone();
    assert!(code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()));
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

#[tokio::test]
async fn without_a_way_to_send_codes_the_resident_is_told_plainly() {
    let server = TestServer::start(&["--registration", "open"]).await;
    let response = server
        .post_json("/api/v1/auth/code", json!({"phone": "13800000001"}))
        .await;
    assert_eq!(response.status(), 503);
    let problem = body(response).await;
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("service station")),
        "{problem}"
    );
    server.stop().await;
}

/// 25 requests for one phone's code at once, each on its own connection, for three
/// phones: five codes each, never more (issue 13, 3).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_code_requests_for_one_phone_get_five_codes() {
    let server = TestServer::start(&["--demo"]).await;
    for phone in ["13800000001", "13800000002", "13800000004"] {
        let url = server.url("/api/v1/auth/code");
        let tasks: Vec<_> = (0..25)
            .map(|_| {
                let url = url.clone();
                tokio::spawn(async move {
                    reqwest::Client::new()
                        .post(url)
                        .json(&json!({ "phone": phone }))
                        .send()
                        .await
                        .map(|r| r.status().as_u16())
                        .unwrap_or(0)
                })
            })
            .collect();
        let mut answers = Vec::new();
        for task in tasks {
            answers.push(task.await.unwrap_or(0));
        }
        let sent = answers.iter().filter(|s| **s == 202).count();
        let limited = answers.iter().filter(|s| **s == 429).count();
        assert_eq!((sent, limited), (5, 20), "{phone}: {answers:?}");
    }
    server.stop().await;
}

/// 40 wrong codes at once: four are checked, then the phone is locked (issue 13, 3).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_codes_are_checked_no_more_than_the_lock_allows() {
    let server = TestServer::start(&["--demo"]).await;
    let code = server.request_code("13800000002").await;
    let wrong = if code == "000000" { "000001" } else { "000000" };
    let answers = futures_join(40, |_| {
        server.post_json(
            "/api/v1/auth/session",
            json!({"phone": "13800000002", "code": wrong}),
        )
    })
    .await;
    let checked = answers.iter().filter(|s| **s == 401).count();
    let limited = answers.iter().filter(|s| **s == 429).count();
    assert_eq!((checked, limited), (4, 36), "{answers:?}");
    // The lockout is on the audit record.
    let locks: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'phone_locked'")
            .fetch_one(&server.db().await)
            .await
            .expect("audit");
    assert_eq!(locks, 1);
    server.stop().await;
}

/// One address asking codes for a whole block of phones is stopped; its neighbour behind
/// the same proxy is not.
#[tokio::test]
async fn one_address_has_a_budget_of_codes_for_all_phones_together() {
    // Demo mode behind a proxy only by force (the demo accounts are open to all).
    let server = TestServer::start(&[
        "--demo",
        "--force-demo",
        "--client-ip-header",
        "x-forwarded-for",
    ])
    .await;
    let mut statuses = Vec::new();
    for n in 0..31 {
        let phone = format!("139{:08}", 10_000 + n);
        let response = server
            .post_json_from("203.0.113.9", "/api/v1/auth/code", json!({"phone": phone}))
            .await;
        statuses.push(response.status().as_u16());
    }
    assert!(statuses[..30].iter().all(|s| *s == 202), "{statuses:?}");
    assert_eq!(statuses[30], 429);
    // A made-up address on the left of the proxy's entry buys nothing.
    let forged = server
        .post_json_from(
            "1.2.3.4, 203.0.113.9",
            "/api/v1/auth/code",
            json!({"phone": "13912349999"}),
        )
        .await;
    assert_eq!(forged.status(), 429);
    let neighbour = server
        .post_json_from(
            "203.0.113.10",
            "/api/v1/auth/code",
            json!({"phone": "13912348888"}),
        )
        .await;
    assert_eq!(neighbour.status(), 202);
    server.stop().await;
}

/// The whole server sends at most `--codes-per-hour` codes: SMS cost is capped.
#[tokio::test]
async fn the_server_has_a_budget_of_codes_for_everyone_together() {
    let server = TestServer::start(&["--demo", "--codes-per-hour", "3"]).await;
    let mut statuses = Vec::new();
    for phone in ["13800000001", "13800000002", "13800000003", "13800000004"] {
        statuses.push(
            server
                .post_json("/api/v1/auth/code", json!({"phone": phone}))
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(statuses, [202, 202, 202, 429]);
    server.stop().await;
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_the_caller_only() {
    let server = TestServer::start(&["--demo"]).await;
    let phone_a = server.sign_in("13800000001").await;
    let phone_b = server.sign_in("13800000001").await;
    let neighbour = server.sign_in("13800000002").await;
    let out = server
        .send(
            &phone_a,
            reqwest::Method::DELETE,
            "/api/v1/auth/sessions",
            None,
        )
        .await;
    assert_eq!(out.status(), 204);
    assert_eq!(server.get_as(&phone_a, "/api/v1/me").await.status(), 401);
    assert_eq!(server.get_as(&phone_b, "/api/v1/me").await.status(), 401);
    assert_eq!(server.get_as(&neighbour, "/api/v1/me").await.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn a_session_unused_for_two_weeks_has_ended() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in("13800000001").await;
    assert_eq!(server.get_as(&token, "/api/v1/me").await.status(), 200);
    let fifteen_days_ago = time::OffsetDateTime::now_utc().unix_timestamp() - 15 * 24 * 3600;
    sqlx::query("UPDATE sessions SET last_seen_at = ?")
        .bind(fifteen_days_ago)
        .execute(&server.db().await)
        .await
        .expect("age the session");
    assert_eq!(server.get_as(&token, "/api/v1/me").await.status(), 401);
    server.stop().await;
}

/// `n` requests made by `make` at once; their statuses.
async fn futures_join<'a, F, Fut>(n: usize, make: F) -> Vec<u16>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = reqwest::Response> + 'a,
{
    let pending: Vec<Fut> = (0..n).map(make).collect();
    futures::future::join_all(pending)
        .await
        .into_iter()
        .map(|r| r.status().as_u16())
        .collect()
}
