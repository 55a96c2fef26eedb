//! api-contract.md, "Orders": idempotent creation by the client's UUID, validation, who
//! sees what, and the cursor.

mod common;

use common::{header, TestServer};
use serde_json::{json, Value};

const RESIDENT: &str = "13800000001";
const NEIGHBOUR: &str = "13800000002";
const VOLUNTEER: &str = "13800000003";
const DISPATCHER: &str = "13800000005";

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

fn wish(title: &str) -> Value {
    json!({
        "kind": "wish",
        "title": title,
        "description": "楼道里的灯坏了一个多星期，晚上看不见台阶。",
        "address": "育华里 3 号楼 2 单元 501",
        "contact_phone": "138 0000 0001",
        "preferred_time": "2026-11-25T09:00:00+08:00"
    })
}

async fn put(server: &TestServer, token: &str, id: &str, body: &Value) -> reqwest::Response {
    server
        .client
        .put(server.url(&format!("/api/v1/orders/{id}")))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("put")
}

async fn count_orders(server: &TestServer) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&server.db().await)
        .await
        .expect("count")
}

#[tokio::test]
async fn a_wish_is_created_once_and_a_retry_returns_the_same_order() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in(RESIDENT).await;
    let id = new_id();
    let first = put(&server, &token, &id, &wish("修楼道灯")).await;
    assert_eq!(first.status(), 201);
    assert_eq!(header(&first, "etag"), "\"1\"");
    let first: Value = first.json().await.expect("json");
    assert_eq!(first["id"], id);
    assert_eq!(first["status"], "submitted");
    assert_eq!(first["version"], 1);
    assert_eq!(first["contact_phone"], "13800000001");
    assert_eq!(first["timeline"].as_array().map(Vec::len), Some(1));
    assert_eq!(first["timeline"][0]["action"], "create");

    let retry = put(&server, &token, &id, &wish("修楼道灯")).await;
    assert_eq!(retry.status(), 200);
    let retry: Value = retry.json().await.expect("json");
    assert_eq!(retry, first, "a retry answers the stored order unchanged");
    assert_eq!(count_orders(&server).await, 1);

    let read = server.get_as(&token, &format!("/api/v1/orders/{id}")).await;
    assert_eq!(read.status(), 200);
    assert_eq!(read.json::<Value>().await.expect("json"), first);
    server.stop().await;
}

#[tokio::test]
async fn the_same_id_with_another_body_is_a_conflict_not_a_second_order() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in(RESIDENT).await;
    let id = new_id();
    assert_eq!(
        put(&server, &token, &id, &wish("修楼道灯")).await.status(),
        201
    );
    let other = put(&server, &token, &id, &wish("买菜")).await;
    assert_eq!(other.status(), 409);
    assert_eq!(
        other.json::<Value>().await.expect("json")["type"],
        "id_conflict"
    );
    // Another resident guessing the id gets the same answer and learns nothing.
    let neighbour = server.sign_in(NEIGHBOUR).await;
    let guessed = put(&server, &neighbour, &id, &wish("修楼道灯")).await;
    assert_eq!(guessed.status(), 409);
    assert_eq!(count_orders(&server).await, 1);
    let stored: Value = server
        .get_as(&token, &format!("/api/v1/orders/{id}"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(stored["title"], "修楼道灯");
    server.stop().await;
}

#[tokio::test]
async fn bad_input_is_refused_at_the_field_and_nothing_is_written() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in(RESIDENT).await;
    let cases: Vec<(String, Value, &str)> = vec![
        ("not-a-uuid".into(), wish("修灯"), "id"),
        (new_id(), wish(&"灯".repeat(61)), "title"),
        (new_id(), wish("   "), "title"),
        (
            new_id(),
            {
                let mut w = wish("修灯");
                w["description"] = json!("字".repeat(1001));
                w
            },
            "description",
        ),
        (
            new_id(),
            {
                let mut w = wish("修灯");
                w["address"] = json!("址".repeat(121));
                w
            },
            "address",
        ),
        (
            new_id(),
            {
                let mut w = wish("修灯");
                w["contact_phone"] = json!("12345");
                w
            },
            "contact_phone",
        ),
        (
            new_id(),
            {
                let mut w = wish("修灯");
                w["kind"] = json!("favour");
                w
            },
            "body",
        ),
        (
            new_id(),
            {
                let mut w = wish("修灯");
                w["title"] = json!(42);
                w
            },
            "body",
        ),
        (new_id(), json!({"kind": "wish"}), "body"),
        (
            new_id(),
            json!({"kind": "service", "title": "开证明"}),
            "service_id",
        ),
        (
            new_id(),
            json!({"kind": "service", "service_id": "svc-nope", "title": "开证明"}),
            "service_id",
        ),
        (
            new_id(),
            json!({"kind": "service", "service_id": "svc-d05", "title": "开证明"}),
            "attributes.purpose",
        ),
    ];
    for (id, body, field) in cases {
        let response = put(&server, &token, &id, &body).await;
        assert_eq!(response.status(), 422, "{field}: {body}");
        let problem: Value = response.json().await.expect("json");
        assert_eq!(problem["type"], "validation");
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
    assert_eq!(
        count_orders(&server).await,
        0,
        "a refused request wrote something"
    );

    // At the limits exactly, it is accepted: 60 characters of Chinese are 180 bytes.
    let ok = put(&server, &token, &new_id(), &wish(&"灯".repeat(60))).await;
    assert_eq!(ok.status(), 201);
    server.stop().await;
}

#[tokio::test]
async fn a_service_order_carries_the_answers_to_its_questions() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in(RESIDENT).await;
    let body = json!({
        "kind": "service",
        "service_id": "svc-p01",
        "title": "代缴电费",
        "attributes": {"utility": ["power", "gas"], "account": "0012345678"}
    });
    let response = put(&server, &token, &new_id(), &body).await;
    assert_eq!(response.status(), 201);
    let order: Value = response.json().await.expect("json");
    assert_eq!(order["service_id"], "svc-p01");
    assert_eq!(order["attributes"]["utility"], json!(["power", "gas"]));
    assert_eq!(order["attributes"]["account"], "0012345678");
    server.stop().await;
}

#[tokio::test]
async fn text_is_stored_and_returned_verbatim() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in(RESIDENT).await;
    let title = "<script>alert(1)</script> & \"灯\"";
    let response = put(&server, &token, &new_id(), &wish(title)).await;
    assert_eq!(
        response.json::<Value>().await.expect("json")["title"],
        title
    );
    server.stop().await;
}

#[tokio::test]
async fn each_role_sees_what_the_contract_says_and_no_more() {
    let server = TestServer::start(&["--demo"]).await;
    let owner = server.sign_in(RESIDENT).await;
    let id = new_id();
    assert_eq!(
        put(&server, &owner, &id, &wish("修楼道灯")).await.status(),
        201
    );
    let service_id = new_id();
    let service = json!({"kind": "service", "service_id": "svc-d01", "title": "复印材料", "contact_phone": "13800000001"});
    assert_eq!(
        put(&server, &owner, &service_id, &service).await.status(),
        201
    );

    // Another resident: neither by id nor in the list.
    let neighbour = server.sign_in(NEIGHBOUR).await;
    let peek = server
        .get_as(&neighbour, &format!("/api/v1/orders/{id}"))
        .await;
    assert_eq!(peek.status(), 404);
    let list: Value = server.get_json(&neighbour, "/api/v1/orders").await;
    assert_eq!(list["items"], json!([]));

    // A volunteer: the open wish, with the phone masked and no address; not the service order.
    let volunteer = server.sign_in(VOLUNTEER).await;
    let list: Value = server.get_json(&volunteer, "/api/v1/orders").await;
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], id);
    assert_eq!(items[0]["contact_phone"], "138****0001");
    assert_eq!(items[0]["address"], Value::Null);
    assert_eq!(
        server
            .get_as(&volunteer, &format!("/api/v1/orders/{service_id}"))
            .await
            .status(),
        404
    );

    // A dispatcher: both, whole.
    let dispatcher = server.sign_in(DISPATCHER).await;
    let list: Value = server.get_json(&dispatcher, "/api/v1/orders").await;
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|o| o["contact_phone"] == "13800000001"));
    server.stop().await;
}

#[tokio::test]
async fn the_cursor_never_skips_or_repeats_orders_that_share_a_time() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in(RESIDENT).await;
    let mut ids = Vec::new();
    for n in 0..7 {
        let id = new_id();
        assert_eq!(
            put(&server, &token, &id, &wish(&format!("心愿 {n}")))
                .await
                .status(),
            201
        );
        ids.push(id);
    }
    // Five of them written in the same millisecond.
    sqlx::query("UPDATE orders SET updated_at = 1700000000000 WHERE id IN (?, ?, ?, ?, ?)")
        .bind(&ids[1])
        .bind(&ids[2])
        .bind(&ids[3])
        .bind(&ids[4])
        .bind(&ids[5])
        .execute(&server.db().await)
        .await
        .expect("share a time");

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/orders?limit=2&since={c}"),
            None => "/api/v1/orders?limit=2".to_string(),
        };
        let page: Value = server.get_json(&token, &path).await;
        let items = page["items"].as_array().expect("items");
        assert!(items.len() <= 2);
        seen.extend(
            items
                .iter()
                .map(|o| o["id"].as_str().expect("id").to_string()),
        );
        cursor = page["next_cursor"].as_str().map(str::to_string);
        if page["has_more"] == false {
            break;
        }
    }
    let mut expected = ids.clone();
    expected.sort();
    let mut got = seen.clone();
    got.sort();
    assert_eq!(got, expected, "every order exactly once");
    assert_eq!(seen.len(), 7);

    // Resuming from the last cursor gives nothing new.
    let rest: Value = server
        .get_as(
            &token,
            &format!("/api/v1/orders?since={}", cursor.expect("cursor")),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(rest["items"], json!([]));
    assert_eq!(rest["has_more"], false);
    server.stop().await;
}

#[tokio::test]
async fn a_limit_outside_1_to_200_or_a_made_up_cursor_is_refused() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in(RESIDENT).await;
    for query in ["limit=0", "limit=201", "limit=ten", "since=garbage"] {
        let response = server
            .get_as(&token, &format!("/api/v1/orders?{query}"))
            .await;
        assert_eq!(response.status(), 422, "{query}");
    }
    assert_eq!(
        server
            .get_as(&token, "/api/v1/orders?limit=200")
            .await
            .status(),
        200
    );
    server.stop().await;
}

/// Issue 13, 8: what a resident cannot have meant is refused at its field.
#[tokio::test]
async fn nonsense_in_the_fields_is_refused_at_the_field() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in(RESIDENT).await;
    let cases = [
        (
            "preferred_time",
            json!({"kind": "wish", "title": "买菜", "preferred_time": "明天上午随便"}),
        ),
        (
            "preferred_time",
            json!({"kind": "wish", "title": "买菜", "preferred_time": "9".repeat(60_000)}),
        ),
        (
            "title",
            json!({"kind": "wish", "title": "\u{200B}\u{200B}\u{FEFF}"}),
        ),
        ("title", json!({"kind": "wish", "title": "灯\u{0007}坏了"})),
        (
            "attributes",
            json!({"kind": "wish", "title": "买菜", "attributes": {"x": "字".repeat(20_000)}}),
        ),
    ];
    for (field, body) in cases {
        let response = put(&server, &token, &new_id(), &body).await;
        let status = response.status();
        let problem: Value = response.json().await.expect("json");
        assert_eq!(status, 422, "{field}: {problem}");
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
    assert_eq!(count_orders(&server).await, 0, "nothing was stored");
    server.stop().await;
}

/// Issue 13, 12: an id written another way than the one way is refused, rather than
/// stored under a different spelling that the next GET cannot find.
#[tokio::test]
async fn an_order_id_is_written_one_way_only() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in(RESIDENT).await;
    let id = new_id();
    for spelling in [
        id.to_uppercase(),
        format!("{{{id}}}"),
        id.replace('-', ""),
        format!("urn:uuid:{id}"),
    ] {
        let response = put(&server, &token, &spelling, &wish("修灯")).await;
        assert_eq!(response.status(), 422, "{spelling}");
    }
    assert_eq!(count_orders(&server).await, 0);
    assert_eq!(put(&server, &token, &id, &wish("修灯")).await.status(), 201);
    assert_eq!(
        server
            .get_as(&token, &format!("/api/v1/orders/{id}"))
            .await
            .status(),
        200
    );
    server.stop().await;
}

/// Issue 13, 15: a resend is recognised by the request as the client sent it, whatever
/// this server stores beside it: an order stored by another server version (its own
/// serialisation differs) still answers the resend 200, and the same JSON with its
/// members in another order and nulls spelled out is the same request.
#[tokio::test]
async fn a_resend_is_recognised_by_what_the_client_sent() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in(RESIDENT).await;
    let id = new_id();
    let body = json!({"kind": "wish", "title": "修灯", "description": "三楼"});
    assert_eq!(put(&server, &token, &id, &body).await.status(), 201);
    // As if stored by a server version that serialised orders differently.
    sqlx::query("UPDATE orders SET request_hash = 'stored-by-another-version'")
        .execute(&server.db().await)
        .await
        .expect("age the row");
    let reordered: Value = serde_json::from_str(
        r#"{"description": "三楼", "address": null, "title": "修灯", "kind": "wish"}"#,
    )
    .expect("json");
    assert_eq!(put(&server, &token, &id, &reordered).await.status(), 200);
    let changed = json!({"kind": "wish", "title": "修灯", "description": "四楼"});
    assert_eq!(put(&server, &token, &id, &changed).await.status(), 409);
    assert_eq!(count_orders(&server).await, 1);
    server.stop().await;
}
