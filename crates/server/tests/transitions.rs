//! api-contract.md, "Lifecycle": the whole loop with role checks, If-Match / 412 / 428,
//! idempotent transition ids, and the races the community meets every day.

mod common;

use common::{header, TestServer};
use serde_json::{json, Value};

const RESIDENT: &str = "13800000001";
const VOLUNTEER: &str = "13800000003";
const OTHER_VOLUNTEER: &str = "13800000004";
const DISPATCHER: &str = "13800000005";
const OTHER_DISPATCHER: &str = "13800000006";
const VOLUNTEER_ID: &str = "u-13800000003";

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

async fn step(
    server: &TestServer,
    token: &str,
    order: &str,
    version: Option<i64>,
    body: Value,
) -> reqwest::Response {
    let mut request = server
        .client
        .post(server.url(&format!("/api/v1/orders/{order}/transitions")))
        .bearer_auth(token)
        .json(&body);
    if let Some(version) = version {
        request = request.header("if-match", format!("\"{version}\""));
    }
    request.send().await.expect("transition")
}

async fn ok(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.expect("json");
    assert_eq!(status, 200, "{body}");
    body
}

fn service_order() -> Value {
    json!({"kind": "service", "service_id": "svc-s03", "title": "3 号楼楼道灯坏了",
           "attributes": {"location": "3 号楼 2 单元 4 楼"}, "contact_phone": "13800000001"})
}

#[tokio::test]
async fn the_whole_loop_order_dispatch_accept_complete_confirm() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let dispatcher = server.sign_in(DISPATCHER).await;
    let volunteer = server.sign_in(VOLUNTEER).await;
    let order = server.create_order(&resident, service_order()).await;

    let dispatched = step(
        &server,
        &dispatcher,
        &order,
        Some(1),
        json!({"id": new_id(), "action": "dispatch", "assignee_id": VOLUNTEER_ID}),
    )
    .await;
    assert_eq!(header(&dispatched, "etag"), "\"2\"");
    let dispatched = ok(dispatched).await;
    assert_eq!(dispatched["status"], "dispatched");
    assert_eq!(dispatched["assignee"]["name"], "王静");

    // The assignee now sees it, phone whole so they can call.
    let seen: Value = server
        .client
        .get(server.url(&format!("/api/v1/orders/{order}")))
        .bearer_auth(&volunteer)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(seen["contact_phone"], "13800000001");

    ok(step(
        &server,
        &volunteer,
        &order,
        Some(2),
        json!({"id": new_id(), "action": "accept"}),
    )
    .await)
    .await;
    ok(step(
        &server,
        &volunteer,
        &order,
        Some(3),
        json!({"id": new_id(), "action": "start"}),
    )
    .await)
    .await;
    let completed = ok(step(
        &server,
        &volunteer,
        &order,
        Some(4),
        json!({"id": new_id(), "action": "complete", "note": "换了新灯泡"}),
    )
    .await)
    .await;
    assert_eq!(completed["status"], "completed");
    let closed = ok(step(
        &server,
        &resident,
        &order,
        Some(5),
        json!({"id": new_id(), "action": "confirm", "rating": 5, "note": "谢谢小王"}),
    )
    .await)
    .await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["rating"], 5);
    assert_eq!(closed["version"], 6);
    let timeline: Vec<(String, String)> = closed["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or("").to_string(),
                e["by_role"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("create", "resident"),
        ("dispatch", "dispatcher"),
        ("accept", "volunteer"),
        ("start", "volunteer"),
        ("complete", "volunteer"),
        ("confirm", "resident"),
    ]
    .iter()
    .map(|(a, r)| (a.to_string(), r.to_string()))
    .collect();
    assert_eq!(timeline, expected);
    assert_eq!(closed["timeline"][4]["note"], "换了新灯泡");
    server.stop().await;
}

#[tokio::test]
async fn if_match_is_required_and_a_stale_version_gets_the_current_order() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let dispatcher = server.sign_in(DISPATCHER).await;
    let order = server.create_order(&resident, service_order()).await;

    let missing = step(
        &server,
        &dispatcher,
        &order,
        None,
        json!({"id": new_id(), "action": "dispatch", "assignee_id": VOLUNTEER_ID}),
    )
    .await;
    assert_eq!(missing.status(), 428);

    ok(step(
        &server,
        &resident,
        &order,
        Some(1),
        json!({"id": new_id(), "action": "cancel", "note": "灯自己好了"}),
    )
    .await)
    .await;
    let stale = step(
        &server,
        &dispatcher,
        &order,
        Some(1),
        json!({"id": new_id(), "action": "dispatch", "assignee_id": VOLUNTEER_ID}),
    )
    .await;
    assert_eq!(stale.status(), 412);
    let problem: Value = stale.json().await.expect("json");
    assert_eq!(problem["type"], "version_mismatch");
    assert_eq!(problem["current"]["status"], "cancelled");
    assert_eq!(problem["current"]["version"], 2);
    server.stop().await;
}

#[tokio::test]
async fn a_resent_transition_is_answered_not_applied_again() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let dispatcher = server.sign_in(DISPATCHER).await;
    let order = server.create_order(&resident, service_order()).await;
    let body = json!({"id": new_id(), "action": "dispatch", "assignee_id": VOLUNTEER_ID});
    let first = ok(step(&server, &dispatcher, &order, Some(1), body.clone()).await).await;
    // The answer was lost; the outbox sends the same entry, with the same If-Match.
    let again = ok(step(&server, &dispatcher, &order, Some(1), body).await).await;
    assert_eq!(again, first);
    assert_eq!(again["version"], 2);
    assert_eq!(again["timeline"].as_array().map(Vec::len), Some(2));
    server.stop().await;
}

#[tokio::test]
async fn two_dispatchers_racing_one_order_make_one_dispatch() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let first = server.sign_in(DISPATCHER).await;
    let second = server.sign_in(OTHER_DISPATCHER).await;
    for _ in 0..5 {
        let order = server.create_order(&resident, service_order()).await;
        let body = |to: &str| json!({"id": new_id(), "action": "dispatch", "assignee_id": to});
        let (a, b) = tokio::join!(
            step(&server, &first, &order, Some(1), body(VOLUNTEER_ID)),
            step(&server, &second, &order, Some(1), body("u-13800000004")),
        );
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort();
        assert_eq!(statuses, [200, 412]);
        let stored: Value = server
            .client
            .get(server.url(&format!("/api/v1/orders/{order}")))
            .bearer_auth(&first)
            .send()
            .await
            .expect("get")
            .json()
            .await
            .expect("json");
        assert_eq!(stored["version"], 2);
        assert_eq!(
            stored["timeline"].as_array().map(Vec::len),
            Some(2),
            "exactly one dispatch"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn two_volunteers_claiming_one_wish_one_wins_the_other_is_told() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let a = server.sign_in(VOLUNTEER).await;
    let b = server.sign_in(OTHER_VOLUNTEER).await;
    let wish = server
        .create_order(
            &resident,
            json!({"kind": "wish", "title": "想请人陪我去医院复查"}),
        )
        .await;
    let (first, second) = tokio::join!(
        step(
            &server,
            &a,
            &wish,
            Some(1),
            json!({"id": new_id(), "action": "claim"})
        ),
        step(
            &server,
            &b,
            &wish,
            Some(1),
            json!({"id": new_id(), "action": "claim"})
        ),
    );
    let (winner, loser) = if first.status() == 200 {
        (first, second)
    } else {
        (second, first)
    };
    assert_eq!(winner.status(), 200);
    let status = loser.status();
    let problem: Value = loser.json().await.expect("json");
    assert_eq!(status, 412, "{problem}");
    assert_eq!(problem["current"]["status"], "accepted");
    assert!(problem["current"]["assignee"]["name"].is_string());
    server.stop().await;
}

#[tokio::test]
async fn the_wrong_person_gets_403_the_wrong_moment_gets_422() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let volunteer = server.sign_in(VOLUNTEER).await;
    let order = server.create_order(&resident, service_order()).await;

    let by_resident = step(
        &server,
        &resident,
        &order,
        Some(1),
        json!({"id": new_id(), "action": "dispatch", "assignee_id": VOLUNTEER_ID}),
    )
    .await;
    assert_eq!(by_resident.status(), 403);
    assert_eq!(
        by_resident.json::<Value>().await.expect("json")["type"],
        "forbidden"
    );

    let confirm_early = step(
        &server,
        &resident,
        &order,
        Some(1),
        json!({"id": new_id(), "action": "confirm", "rating": 5}),
    )
    .await;
    assert_eq!(confirm_early.status(), 422);
    assert_eq!(
        confirm_early.json::<Value>().await.expect("json")["type"],
        "invalid_transition"
    );

    let wish = server
        .create_order(&resident, json!({"kind": "wish", "title": "帮忙搬米"}))
        .await;
    let accept_undispatched = step(
        &server,
        &volunteer,
        &wish,
        Some(1),
        json!({"id": new_id(), "action": "accept"}),
    )
    .await;
    assert_eq!(accept_undispatched.status(), 403, "not the assignee");
    server.stop().await;
}

#[tokio::test]
async fn reasons_and_ratings_are_checked_at_the_field() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let dispatcher = server.sign_in(DISPATCHER).await;
    let order = server.create_order(&resident, service_order()).await;
    let reject = step(
        &server,
        &dispatcher,
        &order,
        Some(1),
        json!({"id": new_id(), "action": "reject", "note": "  "}),
    )
    .await;
    assert_eq!(reject.status(), 422);
    assert!(reject.json::<Value>().await.expect("json")["errors"]["note"].is_array());
    let to_a_resident = step(
        &server,
        &dispatcher,
        &order,
        Some(1),
        json!({"id": new_id(), "action": "dispatch", "assignee_id": "u-13800000002"}),
    )
    .await;
    assert_eq!(to_a_resident.status(), 422);
    assert!(to_a_resident.json::<Value>().await.expect("json")["errors"]["assignee_id"].is_array());
    let unknown_action = step(
        &server,
        &dispatcher,
        &order,
        Some(1),
        json!({"id": new_id(), "action": "teleport"}),
    )
    .await;
    assert_eq!(unknown_action.status(), 422);
    // Nothing of that changed the order.
    let stored: Value = server
        .client
        .get(server.url(&format!("/api/v1/orders/{order}")))
        .bearer_auth(&resident)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(stored["version"], 1);
    server.stop().await;
}

/// Issue 13, 10 and 18: copies of one step arriving together (a resend overlapping the
/// original, a duplicated delivery) all get the stored result, never a 412 that would
/// park the resident's own applied step as "overtaken".
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn copies_of_one_step_arriving_together_all_get_the_applied_result() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    for _ in 0..5 {
        let order = server.create_order(&resident, service_order()).await;
        let cancel = json!({"id": new_id(), "action": "cancel", "note": "不用了"});
        let copies: Vec<_> = (0..8)
            .map(|_| step(&server, &resident, &order, Some(1), cancel.clone()))
            .collect();
        let answers = futures::future::join_all(copies).await;
        for answer in answers {
            let order = ok(answer).await;
            assert_eq!(order["status"], "cancelled");
            assert_eq!(order["version"], 2, "applied once");
        }
    }
    server.stop().await;
}

/// Issue 13, 9: a step whose id is the id the server gave a timeline entry of its own is
/// a conflict the client can read (409), not a 500 it would retry for ever.
#[tokio::test]
async fn a_step_with_the_id_of_the_servers_own_timeline_entry_is_a_conflict() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let order = server.create_order(&resident, service_order()).await;
    let stored = server
        .get_json(&resident, &format!("/api/v1/orders/{order}"))
        .await;
    let created_entry = stored["timeline"][0]["id"].as_str().expect("entry id");
    let response = step(
        &server,
        &resident,
        &order,
        Some(1),
        json!({"id": created_entry, "action": "cancel"}),
    )
    .await;
    assert_eq!(response.status(), 409);
    let problem: Value = response.json().await.expect("json");
    assert_eq!(problem["type"], "id_conflict");
    // Nothing happened to the order.
    let again = server
        .get_json(&resident, &format!("/api/v1/orders/{order}"))
        .await;
    assert_eq!(
        (again["status"].clone(), again["version"].clone()),
        (json!("submitted"), json!(1))
    );
    server.stop().await;
}

/// Issue 13, 5: a volunteer's stale claim on a wish that has since been done and closed
/// is told who was quicker, without the notes, rating and address that came after.
#[tokio::test]
async fn a_stale_claim_on_a_closed_wish_shows_nothing_that_came_after() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let a = server.sign_in(VOLUNTEER).await;
    let b = server.sign_in(OTHER_VOLUNTEER).await;
    let wish = server
        .create_order(
            &resident,
            json!({"kind": "wish", "title": "想请人帮忙买药", "address": "育华里 3 号楼 501"}),
        )
        .await;
    ok(step(
        &server,
        &a,
        &wish,
        Some(1),
        json!({"id": new_id(), "action": "claim"}),
    )
    .await)
    .await;
    ok(step(
        &server,
        &a,
        &wish,
        Some(2),
        json!({"id": new_id(), "action": "complete", "note": "药放在门口鞋柜里，钥匙在花盆下"}),
    )
    .await)
    .await;
    ok(step(
        &server,
        &resident,
        &wish,
        Some(3),
        json!({"id": new_id(), "action": "confirm", "rating": 5, "note": "谢谢小王，我腿脚不好"}),
    )
    .await)
    .await;

    let stale = step(
        &server,
        &b,
        &wish,
        Some(1),
        json!({"id": new_id(), "action": "claim"}),
    )
    .await;
    assert_eq!(stale.status(), 412);
    let problem: Value = stale.json().await.expect("json");
    let current = &problem["current"];
    assert_eq!(current["status"], "closed");
    assert_eq!(
        current["title"], "想请人帮忙买药",
        "what they saw while it was open"
    );
    assert_eq!(current["address"], Value::Null);
    assert_eq!(current["rating"], Value::Null);
    let text = problem.to_string();
    for secret in ["鞋柜", "花盆", "腿脚"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    server.stop().await;
}

/// Issue 13, 11: when an order leaves the sight of the volunteer it was sent to (they
/// declined it, or the resident reopened it after they completed it), their phone gets
/// a tombstone and keeps neither the resident's address nor their phone number.
#[tokio::test]
async fn an_order_that_leaves_a_volunteers_sight_reaches_their_phone_as_a_tombstone() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let dispatcher = server.sign_in(DISPATCHER).await;
    let volunteer = server.sign_in(VOLUNTEER).await;
    let mut body = service_order();
    body["address"] = json!("育华里 3 号楼 2 单元 501");
    let order = server.create_order(&resident, body).await;
    let dispatch = || json!({"id": new_id(), "action": "dispatch", "assignee_id": VOLUNTEER_ID});
    ok(step(&server, &dispatcher, &order, Some(1), dispatch()).await).await;

    // The volunteer's phone syncs and holds the order with the address.
    let page: Value = server.get_json(&volunteer, "/api/v1/orders").await;
    let held = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|o| o["id"] == order.as_str())
        .expect("the volunteer holds the order");
    assert_eq!(held["address"], "育华里 3 号楼 2 单元 501");
    let cursor = page["next_cursor"].as_str().expect("cursor").to_string();

    ok(step(
        &server,
        &volunteer,
        &order,
        Some(2),
        json!({"id": new_id(), "action": "accept"}),
    )
    .await)
    .await;
    ok(step(
        &server,
        &volunteer,
        &order,
        Some(3),
        json!({"id": new_id(), "action": "complete", "note": "换好了"}),
    )
    .await)
    .await;
    ok(step(
        &server,
        &resident,
        &order,
        Some(4),
        json!({"id": new_id(), "action": "reopen", "note": "又不亮了"}),
    )
    .await)
    .await;

    let (last, cursor) = last_change(&server, &volunteer, &cursor, &order).await;
    assert_eq!(last["deleted"], true, "{last}");
    assert_eq!(last["address"], Value::Null);
    assert_eq!(last["contact_phone"], Value::Null);

    // Sent to them again and declined: the same.
    ok(step(&server, &dispatcher, &order, Some(5), dispatch()).await).await;
    ok(step(
        &server,
        &volunteer,
        &order,
        Some(6),
        json!({"id": new_id(), "action": "decline", "note": "这周不在家"}),
    )
    .await)
    .await;
    let (last, _) = last_change(&server, &volunteer, &cursor, &order).await;
    assert_eq!(last["deleted"], true, "{last}");
    server.stop().await;
}

/// The last change to `order` a phone that synced up to `cursor` is sent, and the
/// cursor after it.
async fn last_change(
    server: &TestServer,
    token: &str,
    cursor: &str,
    order: &str,
) -> (Value, String) {
    let page: Value = server
        .get_json(token, &format!("/api/v1/orders?since={cursor}"))
        .await;
    let last = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .rfind(|o| o["id"] == order)
        .expect("the change reaches the phone")
        .clone();
    let next = page["next_cursor"].as_str().expect("cursor").to_string();
    (last, next)
}
