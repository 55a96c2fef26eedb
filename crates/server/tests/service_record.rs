//! Extension `GET /me/record`: a volunteer's record of service, from the shifts they
//! served to the end and the orders they completed, timed from "start" to "complete".

mod common;

use common::TestServer;
use serde_json::{json, Value};

const RESIDENT: &str = "13800000001";
const VOLUNTEER: &str = "13800000003";
const VOLUNTEER_ID: &str = "u-13800000003";
const DISPATCHER: &str = "13800000005";

async fn act(server: &TestServer, token: &str, order: &str, body: Value) -> Value {
    let current = server
        .get_json(token, &format!("/api/v1/orders/{order}"))
        .await;
    let mut body = body;
    body["id"] = json!(uuid::Uuid::now_v7().to_string());
    let response = server
        .client
        .post(server.url(&format!("/api/v1/orders/{order}/transitions")))
        .bearer_auth(token)
        .header("if-match", format!("\"{}\"", current["version"]))
        .json(&body)
        .send()
        .await
        .expect("transition");
    assert_eq!(response.status(), 200);
    response.json().await.expect("order")
}

#[tokio::test]
async fn a_volunteers_record_counts_served_shifts_and_completed_orders_with_their_time() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let dispatcher = server.sign_in(DISPATCHER).await;
    let volunteer = server.sign_in(VOLUNTEER).await;
    let db = server.db().await;

    let empty = server.get_json(&volunteer, "/api/v1/me/record").await;
    assert_eq!(
        empty,
        json!({"shifts": 0, "shift_minutes": 0, "orders": 0, "order_minutes": 0})
    );

    // Served: a two-hour shift that ended yesterday. Not counted: one the community
    // cancelled, and one still to come.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    for (id, starts, ends, cancelled) in [
        ("sh-served", now - 86_400, now - 86_400 + 7_200, 0),
        ("sh-called-off", now - 50_000, now - 40_000, 1),
        ("sh-coming", now + 3_600, now + 7_200, 0),
    ] {
        sqlx::query(
            "INSERT INTO shifts (id, community_id, title, team, station_id, starts_at, ends_at, capacity, cancelled, updated_at)
             VALUES (?, 'c-yuhua', '周四大扫除', '环境整治队', 'st-1', ?, ?, 4, ?, ?)",
        )
        .bind(id)
        .bind(starts)
        .bind(ends)
        .bind(cancelled)
        .bind(now)
        .execute(&db)
        .await
        .expect("shift");
        sqlx::query("INSERT INTO shift_signups (shift_id, user_id, created_at) VALUES (?, ?, 0)")
            .bind(id)
            .bind(VOLUNTEER_ID)
            .execute(&db)
            .await
            .expect("signup");
    }

    // An order dispatched, accepted, started and completed: 90 minutes of work.
    let repair = server
        .create_order(
            &resident,
            json!({"kind": "wish", "title": "帮忙修一下晾衣架"}),
        )
        .await;
    act(
        &server,
        &dispatcher,
        &repair,
        json!({"action": "dispatch", "assignee_id": VOLUNTEER_ID}),
    )
    .await;
    act(&server, &volunteer, &repair, json!({"action": "accept"})).await;
    act(&server, &volunteer, &repair, json!({"action": "start"})).await;
    act(
        &server,
        &volunteer,
        &repair,
        json!({"action": "complete", "note": "换了两颗螺丝"}),
    )
    .await;
    sqlx::query(
        "UPDATE order_events SET at = at - 5400000 WHERE order_id = ? AND action = 'start'",
    )
    .bind(&repair)
    .execute(&db)
    .await
    .expect("the start an hour and a half earlier");
    // A wish claimed and completed at once: counted, with no time.
    let errand = server
        .create_order(&resident, json!({"kind": "wish", "title": "帮忙取药"}))
        .await;
    act(&server, &volunteer, &errand, json!({"action": "claim"})).await;
    act(&server, &volunteer, &errand, json!({"action": "complete"})).await;
    // Still in hand: not counted.
    let open = server
        .create_order(&resident, json!({"kind": "wish", "title": "陪同去医院"}))
        .await;
    act(&server, &volunteer, &open, json!({"action": "claim"})).await;

    let record = server.get_json(&volunteer, "/api/v1/me/record").await;
    assert_eq!(
        record,
        json!({"shifts": 1, "shift_minutes": 120, "orders": 2, "order_minutes": 90})
    );
    // The resident who asked has served nothing.
    let theirs = server.get_json(&resident, "/api/v1/me/record").await;
    assert_eq!(theirs["orders"], 0);
    assert_eq!(server.get("/api/v1/me/record").await.status(), 401);
}
