//! Extension (issue 17): orders filed on a resident's behalf (事务代办) by a grid worker,
//! a dispatcher or an admin, for residents who cannot file them. The order is the
//! resident's (an account made for them, once, with their consent); the filer sees it and
//! may confirm it for them with a note.

mod common;

use common::TestServer;
use reqwest::Method;
use serde_json::{json, Value};

const RESIDENT: &str = "13800000001";
const NEIGHBOUR: &str = "13800000002";
const VOLUNTEER: &str = "13800000003";
const GRID_WORKER: &str = "13800000007";

fn for_grandma(consent: bool) -> Value {
    json!({"kind": "wish", "title": "帮赵奶奶买降压药", "address": "5 号楼 101",
           "on_behalf_of": {"phone": "139 0000 0009", "name": "赵奶奶", "consent": consent},
           "channel": "phone"})
}

async fn put_order(server: &TestServer, token: &str, id: &str, body: &Value) -> reqwest::Response {
    server
        .send(
            token,
            Method::PUT,
            &format!("/api/v1/orders/{id}"),
            Some(body.clone()),
        )
        .await
}

async fn step(server: &TestServer, token: &str, order: &str, body: Value) -> reqwest::Response {
    let current = server
        .get_json(token, &format!("/api/v1/orders/{order}"))
        .await;
    let mut body = body;
    body["id"] = json!(uuid::Uuid::now_v7().to_string());
    server
        .client
        .post(server.url(&format!("/api/v1/orders/{order}/transitions")))
        .bearer_auth(token)
        .header("if-match", format!("\"{}\"", current["version"]))
        .json(&body)
        .send()
        .await
        .expect("transition")
}

fn ids(list: &Value) -> Vec<&str> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|o| o["id"].as_str())
        .collect()
}

#[tokio::test]
async fn a_grid_worker_files_for_a_resident_without_an_account_once_however_often_it_is_sent() {
    let server = TestServer::start(&["--demo"]).await;
    let worker = server.demo_sign_in(GRID_WORKER).await;
    let db = server.db().await;
    let accounts = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users WHERE phone = '13900000009'")
            .fetch_one(&db)
            .await
            .expect("count")
    };

    // Without her consent no account is made, and so no order.
    let id = uuid::Uuid::now_v7().to_string();
    let refused = put_order(&server, &worker, &id, &for_grandma(false)).await;
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.expect("json");
    assert!(
        problem["errors"]["on_behalf_of.consent"].is_array(),
        "{problem}"
    );
    assert_eq!(accounts().await, 0);

    let id = uuid::Uuid::now_v7().to_string();
    let body = for_grandma(true);
    let made = put_order(&server, &worker, &id, &body).await;
    assert_eq!(made.status(), 201);
    let order: Value = made.json().await.expect("json");
    assert_ne!(order["owner_id"], "u-13800000007");
    assert_eq!(
        order["filed_by"],
        json!({"id": "u-13800000007", "name": "张秀梅", "channel": "phone"})
    );
    // The filer sees what they filed whole; the order gives her number to call.
    assert_eq!(order["contact_phone"], "13900000009");
    assert_eq!(order["address"], "5 号楼 101");
    assert_eq!(order["timeline"][0]["by_role"], "grid_worker");
    assert_eq!(order["timeline"][0]["note"], "phone");

    // Resent (the answer lost), one after another and several at once: one order, one
    // account.
    let again = put_order(&server, &worker, &id, &body).await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.expect("json");
    assert_eq!(again["owner_id"], order["owner_id"]);
    let resends = (0..4).map(|_| put_order(&server, &worker, &id, &body));
    for answer in futures::future::join_all(resends).await {
        assert_eq!(answer.status(), 200);
    }
    assert_eq!(accounts().await, 1);
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE owner_id = ?")
        .bind(order["owner_id"].as_str())
        .fetch_one(&db)
        .await
        .expect("count");
    assert_eq!(orders, 1);
    let consent: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'resident_registered'
           AND actor_id = 'u-13800000007'",
    )
    .fetch_one(&db)
    .await
    .expect("audit");
    assert_eq!(consent, 1);

    // She finds it among her own orders when she signs in herself, named as given.
    let code = server.request_code("13900000009").await;
    let session: Value = server
        .post_json(
            "/api/v1/auth/session",
            json!({"phone": "13900000009", "code": code}),
        )
        .await
        .json()
        .await
        .expect("session");
    let grandma = session["token"].as_str().expect("token").to_string();
    assert_eq!(session["user"]["name"], "赵奶奶");
    assert_eq!(session["user"]["grid_id"], "g-1");
    let hers = server.get_json(&grandma, "/api/v1/orders").await;
    assert_eq!(ids(&hers), [id.as_str()]);
    assert_eq!(hers["items"][0]["filed_by"]["name"], "张秀梅");

    // The filer keeps it in their list too; a neighbour is told it does not exist.
    let filed = server.get_json(&worker, "/api/v1/orders").await;
    assert_eq!(ids(&filed), [id.as_str()]);
    let one = server
        .get_json(&worker, &format!("/api/v1/orders/{id}"))
        .await;
    assert_eq!(one["contact_phone"], "13900000009");
    let neighbour = server.demo_sign_in(NEIGHBOUR).await;
    let hidden = server
        .get_as(&neighbour, &format!("/api/v1/orders/{id}"))
        .await;
    assert_eq!(hidden.status(), 404);
    server.stop().await;
}

#[tokio::test]
async fn only_staff_file_for_others_and_both_members_come_together() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let worker = server.demo_sign_in(GRID_WORKER).await;
    let volunteer = server.demo_sign_in(VOLUNTEER).await;
    for token in [&resident, &volunteer] {
        let id = uuid::Uuid::now_v7().to_string();
        let refused = put_order(&server, token, &id, &for_grandma(true)).await;
        assert_eq!(refused.status(), 403);
    }
    let mut half = for_grandma(true);
    half.as_object_mut().expect("object").remove("on_behalf_of");
    let id = uuid::Uuid::now_v7().to_string();
    let refused = put_order(&server, &worker, &id, &half).await;
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.expect("json");
    assert!(problem["errors"]["on_behalf_of"].is_array(), "{problem}");
    for (change, field) in [
        (
            json!({"phone": "12345", "consent": true}),
            "on_behalf_of.phone",
        ),
        (
            json!({"phone": "13900000009", "name": "名".repeat(31), "consent": true}),
            "on_behalf_of.name",
        ),
    ] {
        let mut body = for_grandma(true);
        body["on_behalf_of"] = change;
        let id = uuid::Uuid::now_v7().to_string();
        let refused = put_order(&server, &worker, &id, &body).await;
        assert_eq!(refused.status(), 422, "{field}");
        let problem: Value = refused.json().await.expect("json");
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
    // For a resident who has an account, their consent to one is not needed.
    let mut body = for_grandma(false);
    body["on_behalf_of"] = json!({"phone": RESIDENT, "consent": false});
    body["channel"] = json!("visit");
    let id = uuid::Uuid::now_v7().to_string();
    let made = put_order(&server, &worker, &id, &body).await;
    assert_eq!(made.status(), 201);
    let made: Value = made.json().await.expect("json");
    assert_eq!(made["owner_id"], "u-13800000001");
    assert_eq!(made["filed_by"]["channel"], "visit");
    server.stop().await;
}

#[tokio::test]
async fn the_filer_confirms_with_a_note_and_the_owner_can_still_confirm_and_rate() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let worker = server.demo_sign_in(GRID_WORKER).await;
    let volunteer = server.demo_sign_in(VOLUNTEER).await;
    let mut orders = Vec::new();
    for _ in 0..2 {
        let mut body = for_grandma(true);
        body["on_behalf_of"] = json!({"phone": RESIDENT, "consent": true});
        body["channel"] = json!("counter");
        let id = uuid::Uuid::now_v7().to_string();
        assert_eq!(put_order(&server, &worker, &id, &body).await.status(), 201);
        for action in ["claim", "complete"] {
            let done = step(&server, &volunteer, &id, json!({"action": action})).await;
            assert_eq!(done.status(), 200, "{action}");
        }
        orders.push(id);
    }

    // The filer confirms for her, saying how they know; the stars are hers to give.
    let bare = step(&server, &worker, &orders[0], json!({"action": "confirm"})).await;
    assert_eq!(bare.status(), 422);
    let problem: Value = bare.json().await.expect("json");
    assert!(problem["errors"]["note"].is_array(), "{problem}");
    assert!(problem["errors"]["rating"].is_null(), "{problem}");
    let reopen = step(
        &server,
        &worker,
        &orders[0],
        json!({"action": "reopen", "note": "她说还没送到"}),
    )
    .await;
    assert_eq!(reopen.status(), 403, "reopening stays hers");
    let confirmed = step(
        &server,
        &worker,
        &orders[0],
        json!({"action": "confirm", "note": "电话里和她确认了"}),
    )
    .await;
    assert_eq!(confirmed.status(), 200);
    let confirmed: Value = confirmed.json().await.expect("json");
    assert_eq!(confirmed["status"], "closed");
    assert!(confirmed["rating"].is_null());
    let last = confirmed["timeline"]
        .as_array()
        .and_then(|t| t.last())
        .cloned()
        .unwrap_or_default();
    assert_eq!(last["by_role"], "grid_worker");
    assert_eq!(last["note"], "电话里和她确认了");

    // She confirms and rates the other herself, as any owner does.
    let rated = step(
        &server,
        &resident,
        &orders[1],
        json!({"action": "confirm", "rating": 5}),
    )
    .await;
    assert_eq!(rated.status(), 200);
    let rated: Value = rated.json().await.expect("json");
    assert_eq!(rated["rating"], 5);
    assert_eq!(rated["filed_by"]["name"], "张秀梅");
    server.stop().await;
}
