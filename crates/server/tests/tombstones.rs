//! api-contract.md, "Orders": `deleted:true` items are tombstones the client must drop.
//! Admins delete an order (an extension); a wish another volunteer claimed leaves the
//! others' phones the same way.

mod common;

use common::TestServer;
use reqwest::Method;
use serde_json::{json, Value};

const RESIDENT: &str = "13800000001";
const VOLUNTEER: &str = "13800000003";
const OTHER_VOLUNTEER: &str = "13800000004";
const DISPATCHER: &str = "13800000005";
const ADMIN: &str = "13800000006";

async fn place_wish(server: &TestServer, token: &str, title: &str) -> (String, Value) {
    let id = uuid::Uuid::now_v7().to_string();
    let body = json!({"kind": "wish", "title": title, "description": "需要有人帮忙",
                      "address": "育华里 3 号楼 501", "contact_phone": "13800000001"});
    let created = server
        .send(
            token,
            Method::PUT,
            &format!("/api/v1/orders/{id}"),
            Some(body.clone()),
        )
        .await;
    assert_eq!(created.status(), 201);
    (id, body)
}

/// Everything after `since`, as a device that synced before asks for it.
async fn changes(server: &TestServer, token: &str, since: Option<&str>) -> Value {
    let path = match since {
        Some(cursor) => format!("/api/v1/orders?since={cursor}"),
        None => "/api/v1/orders".to_string(),
    };
    let page = server.get_as(token, &path).await;
    assert_eq!(page.status(), 200);
    page.json().await.expect("json")
}

fn find<'a>(page: &'a Value, id: &str) -> Option<&'a Value> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|item| item["id"] == id)
}

#[tokio::test]
async fn a_deleted_order_reaches_devices_as_a_tombstone_with_nothing_personal_left() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let admin = server.sign_in(ADMIN).await;
    let dispatcher = server.sign_in(DISPATCHER).await;
    let (id, body) = place_wish(&server, &resident, "帮忙取药").await;
    let seen = changes(&server, &resident, None).await;
    let cursor = seen["next_cursor"].as_str().expect("cursor").to_string();
    let path = format!("/api/v1/orders/{id}");

    assert_eq!(
        server
            .send(&resident, Method::DELETE, &path, None)
            .await
            .status(),
        403
    );
    assert_eq!(
        server
            .send(&dispatcher, Method::DELETE, &path, None)
            .await
            .status(),
        403
    );
    let deleted = server.send(&admin, Method::DELETE, &path, None).await;
    assert_eq!(deleted.status(), 200);
    let deleted: Value = deleted.json().await.expect("json");
    assert_eq!(deleted["deleted"], true);
    assert_eq!(deleted["version"], 2);
    let again = server.send(&admin, Method::DELETE, &path, None).await;
    assert_eq!(
        again.json::<Value>().await.expect("json")["version"],
        2,
        "idempotent"
    );

    let later = changes(&server, &resident, Some(&cursor)).await;
    let tombstone = find(&later, &id).expect("the device hears of the deletion");
    assert_eq!(tombstone["deleted"], true);
    assert_eq!(tombstone["title"], "");
    assert_eq!(tombstone["address"], Value::Null);
    assert_eq!(tombstone["contact_phone"], Value::Null);
    assert_eq!(tombstone["timeline"], json!([]));
    let fresh = changes(&server, &resident, None).await;
    assert!(
        find(&fresh, &id).is_none(),
        "a new device has nothing to drop"
    );
    assert_eq!(server.get_as(&resident, &path).await.status(), 404);

    // The device's outbox resending the original create is answered, not re-created.
    let retry = server.send(&resident, Method::PUT, &path, Some(body)).await;
    assert_eq!(retry.status(), 200);
    assert_eq!(retry.json::<Value>().await.expect("json")["deleted"], true);
    let cancel = server
        .client
        .post(server.url(&format!("{path}/transitions")))
        .bearer_auth(&resident)
        .header("if-match", "\"2\"")
        .json(&json!({"id": uuid::Uuid::now_v7().to_string(), "action": "cancel"}))
        .send()
        .await
        .expect("cancel");
    assert_eq!(cancel.status(), 404);

    let db = server.db().await;
    let (title, address): (String, Option<String>) =
        sqlx::query_as("SELECT title, address FROM orders WHERE id = ?")
            .bind(&id)
            .fetch_one(&db)
            .await
            .expect("row");
    assert_eq!(
        (title.as_str(), address),
        ("", None),
        "wiped in the database too"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_wish_claimed_by_one_volunteer_leaves_the_others_phones() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let quick = server.sign_in(VOLUNTEER).await;
    let other = server.sign_in(OTHER_VOLUNTEER).await;
    let (id, _) = place_wish(&server, &resident, "陪老人去医院").await;
    let seen = changes(&server, &other, None).await;
    assert_eq!(
        find(&seen, &id).expect("an open wish")["title"],
        "陪老人去医院"
    );
    let cursor = seen["next_cursor"].as_str().expect("cursor").to_string();

    let claimed = server
        .client
        .post(server.url(&format!("/api/v1/orders/{id}/transitions")))
        .bearer_auth(&quick)
        .header("if-match", "\"1\"")
        .json(&json!({"id": uuid::Uuid::now_v7().to_string(), "action": "claim"}))
        .send()
        .await
        .expect("claim");
    assert_eq!(claimed.status(), 200);

    let later = changes(&server, &other, Some(&cursor)).await;
    let gone = find(&later, &id).expect("the other volunteer hears it is gone");
    assert_eq!(gone["deleted"], true);
    assert_eq!(gone["title"], "");
    let mine = changes(&server, &quick, None).await;
    let kept = find(&mine, &id).expect("the claimer keeps it");
    assert_eq!(kept["deleted"], false);
    assert_eq!(kept["status"], "accepted");
    let owner = changes(&server, &resident, Some(&cursor)).await;
    assert_eq!(
        find(&owner, &id).expect("the owner sees it")["deleted"],
        false
    );
    server.stop().await;
}
