//! Issue 16: new orders are committed several at a time (one transaction, one fsync for
//! all that were waiting). Each keeps what it had alone: its own checks, its own change
//! number and its own answer. A refused order fails nothing else in its batch, and a 201
//! is answered only once the order is committed: another connection finds it the moment
//! the answer arrives.

mod common;

use common::TestServer;
use futures::future::join_all;
use serde_json::{json, Value};

const RESIDENT: &str = "13800000001";
const NEIGHBOUR: &str = "13800000002";

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A service order of the demo catalogue, its required answers given.
fn service_order(title: &str) -> Value {
    json!({"kind": "service", "service_id": "svc-p01", "title": title,
           "attributes": {"utility": ["water"], "account": "3100258811"}})
}

fn wish(title: &str) -> Value {
    json!({"kind": "wish", "title": title, "description": "下午在家"})
}

/// What one request should get.
enum Expect {
    /// 201 with the order as sent.
    Created,
    /// 200: a resend of an order that is (or is being) created.
    Resent,
    /// 201 or 200: one of two copies of one request sent at once.
    CreatedOrResent,
    /// 201 or 409: one of two requests under one new id sent at once.
    CreatedOrConflict,
    /// 422 naming this field.
    Invalid(&'static str),
    /// 409 `id_conflict`.
    Conflict,
}

struct Request {
    token: String,
    id: String,
    body: Value,
    expect: Expect,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_of_good_and_bad_orders_each_gets_its_own_answer() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let neighbour = server.sign_in(NEIGHBOUR).await;
    let db = server.db().await;
    // An order of the resident's to resend, and one of the neighbour's whose id the
    // resident's requests collide with.
    server.create_order(&neighbour, wish("邻居的单")).await;
    let resent = server.create_order(&resident, wish("早先的单")).await;
    let taken = server.create_order(&neighbour, wish("占用的号")).await;

    let mut requests = Vec::new();
    let twin = new_id();
    let rival = new_id();
    for i in 0..48 {
        let (id, body, expect) = match i % 8 {
            0 => (
                new_id(),
                service_order(&format!("代缴第{i}单")),
                Expect::Created,
            ),
            1 => (new_id(), wish(&format!("心愿第{i}单")), Expect::Created),
            2 => (
                new_id(),
                json!({"kind": "service", "service_id": "svc-nope", "title": format!("第{i}单")}),
                Expect::Invalid("service_id"),
            ),
            3 => (
                new_id(),
                json!({"kind": "service", "service_id": "svc-p01", "title": format!("第{i}单"),
                       "attributes": {}}),
                Expect::Invalid("attributes.account"),
            ),
            4 => (taken.clone(), wish(&format!("第{i}单")), Expect::Conflict),
            5 => (resent.clone(), wish("早先的单"), Expect::Resent),
            6 => (
                twin.clone(),
                wish("同一请求发了两次"),
                Expect::CreatedOrResent,
            ),
            _ => (
                rival.clone(),
                wish(&format!("同一个号，不同的单{i}")),
                Expect::CreatedOrConflict,
            ),
        };
        let token = resident.clone();
        requests.push(Request {
            token,
            id,
            body,
            expect,
        });
    }

    let answers = join_all(requests.into_iter().map(|request| {
        let (server, db) = (&server, &db);
        async move {
            let response = server
                .client
                .put(server.url(&format!("/api/v1/orders/{}", request.id)))
                .bearer_auth(&request.token)
                .json(&request.body)
                .send()
                .await
                .expect("put");
            let status = response.status().as_u16();
            // Committed before answered: another connection sees it at once.
            let stored: Option<String> =
                sqlx::query_scalar("SELECT title FROM orders WHERE id = ?")
                    .bind(&request.id)
                    .fetch_optional(db)
                    .await
                    .expect("read beside the server");
            let body: Value = response.json().await.expect("json");
            (request, status, body, stored)
        }
    }))
    .await;

    let (mut twins, mut rivals) = (Vec::new(), Vec::new());
    for (request, status, body, stored) in &answers {
        let sent_title = request.body["title"].as_str().unwrap_or_default();
        match request.expect {
            Expect::Created => {
                assert_eq!(*status, 201, "{body}");
                assert_eq!(body["id"], request.id.as_str());
                assert_eq!(body["title"], sent_title, "its own answer");
                assert_eq!(body["version"], 1);
                assert_eq!(body["timeline"].as_array().map(Vec::len), Some(1));
                assert_eq!(
                    stored.as_deref(),
                    Some(sent_title),
                    "committed when answered"
                );
            }
            Expect::Resent => {
                assert_eq!(*status, 200, "{body}");
                assert_eq!(body["title"], "早先的单");
            }
            Expect::CreatedOrResent => {
                assert!(*status == 201 || *status == 200, "{status} {body}");
                assert_eq!(stored.as_deref(), Some("同一请求发了两次"));
                twins.push(*status);
            }
            Expect::CreatedOrConflict => {
                assert!(*status == 201 || *status == 409, "{status} {body}");
                if *status == 201 {
                    assert_eq!(stored.as_deref(), Some(sent_title));
                }
                rivals.push(*status);
            }
            Expect::Invalid(field) => {
                assert_eq!(*status, 422, "{body}");
                assert!(body["errors"][field].is_array(), "{field}: {body}");
                assert_eq!(*stored, None, "nothing of a refused order is written");
            }
            Expect::Conflict => {
                assert_eq!(*status, 409, "{body}");
                assert_eq!(body["type"], "id_conflict");
                assert_eq!(
                    stored.as_deref(),
                    Some("占用的号"),
                    "the neighbour's order stays"
                );
            }
        }
    }
    assert_eq!(
        twins.iter().filter(|s| **s == 201).count(),
        1,
        "one copy made it"
    );
    assert_eq!(
        rivals.iter().filter(|s| **s == 201).count(),
        1,
        "one of the rivals made it, the others were refused"
    );

    // Every order has a change number of its own.
    let (orders, numbers): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT seq) FROM orders")
            .fetch_one(&db)
            .await
            .expect("count");
    // Three before; 6 + 6 new, one twin, one rival.
    assert_eq!(orders, 3 + 12 + 2);
    assert_eq!(numbers, orders);
    server.stop().await;
}
