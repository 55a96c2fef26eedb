//! api-contract.md, "Administration": volunteers with their load for dispatchers, roles,
//! and the rota written by staff.

mod common;

use common::TestServer;
use serde_json::{json, Value};

const RESIDENT: &str = "13800000001";
const VOLUNTEER: &str = "13800000003";
const DISPATCHER: &str = "13800000005";
const ADMIN: &str = "13800000006";

async fn send(
    server: &TestServer,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    server.send(token, method, path, body).await
}

fn shift_body(title: &str, starts: &str, ends: &str) -> Value {
    json!({"title": title, "team": "志愿服务队", "station_id": "st-1",
           "starts_at": starts, "ends_at": ends, "capacity": 4})
}

#[tokio::test]
async fn dispatchers_see_volunteers_with_who_is_on_shift_and_their_load() {
    let server = TestServer::start(&["--demo"]).await;
    let dispatcher = server.sign_in(DISPATCHER).await;
    let resident = server.sign_in(RESIDENT).await;
    let db = server.db().await;
    // 王静 is on a shift right now and carries one dispatched order.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    sqlx::query("INSERT INTO shifts (id, community_id, title, team, station_id, starts_at, ends_at, capacity, updated_at)
                 VALUES ('sh-now', 'c-yuhua', '临时值守', '党员先锋队', 'st-1', ?, ?, 2, ?)")
        .bind(now - 600).bind(now + 3000).bind(now)
        .execute(&db).await.expect("shift");
    sqlx::query("INSERT INTO shift_signups (shift_id, user_id, created_at) VALUES ('sh-now', 'u-13800000003', 0)")
        .execute(&db).await.expect("signup");
    let order = uuid::Uuid::now_v7().to_string();
    send(
        &server,
        &resident,
        reqwest::Method::PUT,
        &format!("/api/v1/orders/{order}"),
        Some(json!({"kind": "wish", "title": "帮忙换灯泡"})),
    )
    .await;
    let dispatched = server.client.post(server.url(&format!("/api/v1/orders/{order}/transitions")))
        .bearer_auth(&dispatcher).header("if-match", "\"1\"")
        .json(&json!({"id": uuid::Uuid::now_v7().to_string(), "action": "dispatch", "assignee_id": "u-13800000003"}))
        .send().await.expect("dispatch");
    assert_eq!(dispatched.status(), 200);

    let list: Value = send(
        &server,
        &dispatcher,
        reqwest::Method::GET,
        "/api/v1/users?role=volunteer",
        None,
    )
    .await
    .json()
    .await
    .expect("json");
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    let wang = items.iter().find(|u| u["name"] == "王静").expect("王静");
    assert_eq!(wang["on_shift_now"], true);
    assert_eq!(wang["open_orders"], 1);
    assert_eq!(wang["phone_masked"], "138****0003");
    let xu = items
        .iter()
        .find(|u| u["name"] == "许礼文")
        .expect("许礼文");
    assert_eq!(xu["on_shift_now"], false);
    assert_eq!(xu["open_orders"], 0);

    assert_eq!(
        send(
            &server,
            &resident,
            reqwest::Method::GET,
            "/api/v1/users?role=volunteer",
            None
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        send(
            &server,
            &dispatcher,
            reqwest::Method::GET,
            "/api/v1/users?role=boss",
            None
        )
        .await
        .status(),
        422
    );
    server.stop().await;
}

#[tokio::test]
async fn an_admin_grants_roles_and_nobody_else_can() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.sign_in(ADMIN).await;
    let dispatcher = server.sign_in(DISPATCHER).await;
    let path = "/api/v1/users/u-13800000002/roles";
    let refused = send(
        &server,
        &dispatcher,
        reqwest::Method::PUT,
        path,
        Some(json!({"roles": ["volunteer"]})),
    )
    .await;
    assert_eq!(refused.status(), 403);
    let granted = send(
        &server,
        &admin,
        reqwest::Method::PUT,
        path,
        Some(json!({"roles": ["resident", "volunteer"]})),
    )
    .await;
    assert_eq!(granted.status(), 200);
    assert_eq!(
        granted.json::<Value>().await.expect("json")["roles"],
        json!(["resident", "volunteer"])
    );
    let unknown = send(
        &server,
        &admin,
        reqwest::Method::PUT,
        path,
        Some(json!({"roles": ["king"]})),
    )
    .await;
    assert_eq!(unknown.status(), 422);
    let own = send(
        &server,
        &admin,
        reqwest::Method::PUT,
        "/api/v1/users/u-13800000006/roles",
        Some(json!({"roles": ["resident"]})),
    )
    .await;
    assert_eq!(
        own.status(),
        422,
        "an admin cannot drop their own admin role"
    );
    // The new volunteer may sign up for shifts now.
    let cao = server.sign_in("13800000002").await;
    let me: Value = send(&server, &cao, reqwest::Method::GET, "/api/v1/me", None)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(me["roles"], json!(["resident", "volunteer"]));
    server.stop().await;
}

#[tokio::test]
async fn staff_write_the_rota_and_a_deleted_shift_stays_visible_as_cancelled() {
    let server = TestServer::start(&["--demo"]).await;
    let dispatcher = server.sign_in(DISPATCHER).await;
    let volunteer = server.sign_in(VOLUNTEER).await;
    let body = shift_body(
        "冬季扫雪",
        "2027-01-12T07:00:00+08:00",
        "2027-01-12T09:00:00+08:00",
    );

    let refused = send(
        &server,
        &volunteer,
        reqwest::Method::POST,
        "/api/v1/shifts",
        Some(body.clone()),
    )
    .await;
    assert_eq!(refused.status(), 403);
    let created = send(
        &server,
        &dispatcher,
        reqwest::Method::POST,
        "/api/v1/shifts",
        Some(body),
    )
    .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.expect("json");
    assert_eq!(created["status"], "open");
    assert_eq!(created["starts_at"], "2027-01-12T07:00:00+08:00");
    let id = created["id"].as_str().expect("id").to_string();

    let bad = send(
        &server,
        &dispatcher,
        reqwest::Method::POST,
        "/api/v1/shifts",
        Some(shift_body(
            "",
            "2027-01-12T09:00:00+08:00",
            "2027-01-12T07:00:00+08:00",
        )),
    )
    .await;
    assert_eq!(bad.status(), 422);
    let problem: Value = bad.json().await.expect("json");
    assert!(
        problem["errors"]["title"].is_array() && problem["errors"]["ends_at"].is_array(),
        "{problem}"
    );

    let moved = send(
        &server,
        &dispatcher,
        reqwest::Method::PUT,
        &format!("/api/v1/shifts/{id}"),
        Some(shift_body(
            "冬季扫雪",
            "2027-01-13T07:00:00+08:00",
            "2027-01-13T09:00:00+08:00",
        )),
    )
    .await;
    assert_eq!(moved.status(), 200);
    assert_eq!(
        moved.json::<Value>().await.expect("json")["starts_at"],
        "2027-01-13T07:00:00+08:00"
    );

    assert_eq!(
        send(
            &server,
            &volunteer,
            reqwest::Method::PUT,
            &format!("/api/v1/shifts/{id}/signup"),
            None
        )
        .await
        .status(),
        200
    );
    let cancelled = send(
        &server,
        &dispatcher,
        reqwest::Method::DELETE,
        &format!("/api/v1/shifts/{id}"),
        None,
    )
    .await;
    assert_eq!(
        cancelled.json::<Value>().await.expect("json")["status"],
        "cancelled"
    );
    let rota: Value = send(
        &server,
        &volunteer,
        reqwest::Method::GET,
        "/api/v1/shifts?from=2027-01-13&to=2027-01-13",
        None,
    )
    .await
    .json()
    .await
    .expect("json");
    let shift = rota["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|s| s["id"] == id.as_str())
        .expect("still listed");
    assert_eq!(shift["status"], "cancelled");
    assert_eq!(shift["me"], true);
    server.stop().await;
}
