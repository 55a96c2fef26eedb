//! Issue 16: the whole reference reads (`/community`, `/services`, `/grids`, `/stations`)
//! are answered from bytes the server keeps. A device that read one before an admin's
//! write must, at its next read after the write, get the new body and a new ETag, and its
//! old ETag must no longer answer 304: a kept answer is never older than the last write,
//! whether the API made it or something beside the server (a `sqlite3` shell).

mod common;

use common::{header, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

const RESIDENT: &str = "13800000001";
const ADMIN: &str = "13800000006";

/// What a device holds after a read: the body and its tag.
struct Seen {
    body: Value,
    tag: String,
}

/// Reads `path` twice, the second time as a device revalidating (304), so that the answer
/// is certainly kept before the write that follows.
async fn read_and_keep(server: &TestServer, token: &str, path: &str) -> Seen {
    let first = server.get_as(token, path).await;
    assert_eq!(first.status(), 200, "{path}");
    let tag = header(&first, "etag");
    let body: Value = first.json().await.expect("json");
    assert_eq!(revalidate(server, token, path, &tag).await, 304, "{path}");
    Seen { body, tag }
}

async fn revalidate(server: &TestServer, token: &str, path: &str, tag: &str) -> u16 {
    server
        .client
        .get(server.url(path))
        .bearer_auth(token)
        .header("if-none-match", tag)
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

/// After a write: the next read is the new body under a new tag; the old tag gets the
/// whole body (200), the new one a 304.
async fn assert_fresh(server: &TestServer, token: &str, path: &str, before: &Seen) -> Seen {
    assert_eq!(
        revalidate(server, token, path, &before.tag).await,
        200,
        "{path}: the tag from before the write must not answer 304"
    );
    let after = server.get_as(token, path).await;
    assert_eq!(after.status(), 200, "{path}");
    let tag = header(&after, "etag");
    let body: Value = after.json().await.expect("json");
    assert_ne!(tag, before.tag, "{path}: a new body has a new tag");
    assert_ne!(body, before.body, "{path}: the body after the write");
    assert_eq!(revalidate(server, token, path, &tag).await, 304, "{path}");
    Seen { body, tag }
}

fn service(items: &Value, id: &str) -> Value {
    items["items"]
        .as_array()
        .and_then(|items| items.iter().find(|s| s["id"] == id))
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn the_catalogue_after_an_admin_replaces_and_retires_a_service() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.sign_in(ADMIN).await;
    let resident = server.sign_in(RESIDENT).await;
    let path = "/api/v1/services";
    let before = read_and_keep(&server, &resident, path).await;

    let mut renamed = service(&before.body, "svc-p01");
    renamed["name"] = json!("代缴水电燃气物业费");
    let replaced = server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/services/svc-p01",
            Some(renamed),
        )
        .await;
    assert_eq!(replaced.status(), 200);
    let after = assert_fresh(&server, &resident, path, &before).await;
    assert_eq!(
        service(&after.body, "svc-p01")["name"],
        "代缴水电燃气物业费"
    );

    // Kept again, then retired.
    let after = read_and_keep(&server, &resident, path).await;
    let retired = server
        .send(&admin, Method::DELETE, "/api/v1/services/svc-p01", None)
        .await;
    assert_eq!(retired.status(), 200);
    let last = assert_fresh(&server, &resident, path, &after).await;
    assert_eq!(service(&last.body, "svc-p01")["active"], false);
    // A retired service takes no new orders: the order's check reads the database, not
    // the kept catalogue.
    let order = server
        .send(
            &resident,
            Method::PUT,
            &format!("/api/v1/orders/{}", uuid::Uuid::now_v7()),
            Some(
                json!({"kind": "service", "service_id": "svc-p01", "title": "代缴水费",
                        "attributes": {"utility": ["water"], "account": "3100258811"}}),
            ),
        )
        .await;
    assert_eq!(order.status(), 422);

    // A new service goes last.
    let after = read_and_keep(&server, &resident, path).await;
    let mut added = service(&after.body, "svc-p02");
    added["code"] = json!("P99");
    let created = server
        .send(&admin, Method::PUT, "/api/v1/services/svc-p99", Some(added))
        .await;
    assert_eq!(created.status(), 201);
    let last = assert_fresh(&server, &resident, path, &after).await;
    assert_eq!(last.body["items"][26]["id"], "svc-p99");
    server.stop().await;
}

#[tokio::test]
async fn the_community_grids_and_stations_after_an_admin_writes_them() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.sign_in(ADMIN).await;
    let resident = server.sign_in(RESIDENT).await;

    let path = "/api/v1/community";
    let before = read_and_keep(&server, &resident, path).await;
    let mut community = before.body.clone();
    community["announcement"] = json!("本周六上午九点，小区广场义诊。");
    let saved = server
        .send(&admin, Method::PUT, path, Some(community))
        .await;
    assert_eq!(saved.status(), 200);
    let after = assert_fresh(&server, &resident, path, &before).await;
    assert_eq!(after.body["announcement"], "本周六上午九点，小区广场义诊。");

    let path = "/api/v1/grids";
    let before = read_and_keep(&server, &resident, path).await;
    let mut grid = before.body["items"][0].clone();
    let grid_id = grid["id"].as_str().expect("grid id").to_string();
    grid["name"] = json!("第一网格（东）");
    let saved = server
        .send(
            &admin,
            Method::PUT,
            &format!("/api/v1/grids/{grid_id}"),
            Some(grid),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let after = assert_fresh(&server, &resident, path, &before).await;
    assert_eq!(after.body["items"][0]["name"], "第一网格（东）");

    let path = "/api/v1/stations";
    let before = read_and_keep(&server, &resident, path).await;
    let mut station = before.body["items"][0].clone();
    let station_id = station["id"].as_str().expect("station id").to_string();
    station["phone"] = json!("021-6666 0909");
    let saved = server
        .send(
            &admin,
            Method::PUT,
            &format!("/api/v1/stations/{station_id}"),
            Some(station),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let after = assert_fresh(&server, &resident, path, &before).await;
    assert_eq!(after.body["items"][0]["phone"], "021-6666 0909");
    server.stop().await;
}

#[tokio::test]
async fn the_catalogue_after_a_row_is_written_beside_the_server() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let path = "/api/v1/services";
    let before = read_and_keep(&server, &resident, path).await;
    // `updated_at` left as it was: only the content moves.
    sqlx::query("UPDATE services SET description = '每月 25 日前代缴' WHERE id = 'svc-p01'")
        .execute(&server.db().await)
        .await
        .expect("edit a service");
    let after = assert_fresh(&server, &resident, path, &before).await;
    assert_eq!(
        service(&after.body, "svc-p01")["description"],
        "每月 25 日前代缴"
    );
    server.stop().await;
}

#[tokio::test]
async fn without_its_version_row_the_catalogue_is_read_every_time() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let path = "/api/v1/services";
    let before = read_and_keep(&server, &resident, path).await;
    let db = server.db().await;
    sqlx::query("DELETE FROM reference_versions WHERE whole = 'services'")
        .execute(&db)
        .await
        .expect("lose the version");
    let again = read_and_keep(&server, &resident, path).await;
    assert_eq!(again.tag, before.tag, "the same rows, the same answer");
    // A change with no version to move still shows at the next read.
    sqlx::query("UPDATE services SET name = '代缴水费' WHERE id = 'svc-p01'")
        .execute(&db)
        .await
        .expect("edit a service");
    let after = assert_fresh(&server, &resident, path, &again).await;
    assert_eq!(service(&after.body, "svc-p01")["name"], "代缴水费");
    server.stop().await;
}

#[tokio::test]
async fn a_refused_write_leaves_the_answer_and_its_tag() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.sign_in(ADMIN).await;
    let resident = server.sign_in(RESIDENT).await;
    let path = "/api/v1/services";
    let before = read_and_keep(&server, &resident, path).await;
    let mut bad = service(&before.body, "svc-p01");
    bad["name"] = json!("");
    let refused = server
        .send(&admin, Method::PUT, "/api/v1/services/svc-p01", Some(bad))
        .await;
    assert_eq!(refused.status(), 422);
    assert_eq!(revalidate(&server, &resident, path, &before.tag).await, 304);
    let again = server.get_as(&resident, path).await;
    assert_eq!(header(&again, "etag"), before.tag);
    assert_eq!(again.json::<Value>().await.expect("json"), before.body);
    server.stop().await;
}
