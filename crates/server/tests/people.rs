//! Extensions (issue 17): staff find people by phone digits or name, register residents
//! who have no account (with their consent), and admins deactivate accounts; a resident
//! edits their own profile, and moves grid only where the community lets them.

mod common;

use common::TestServer;
use reqwest::Method;
use serde_json::{json, Value};

const RESIDENT: &str = "13800000001";
const NEIGHBOUR: &str = "13800000002";
const DISPATCHER: &str = "13800000005";
const ADMIN: &str = "13800000006";
const GRID_WORKER: &str = "13800000007";

fn names(list: &Value) -> Vec<&str> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|u| u["name"].as_str())
        .collect()
}

#[tokio::test]
async fn staff_find_people_by_the_digits_of_their_phone_or_part_of_their_name() {
    let server = TestServer::start(&["--demo"]).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let admin = server.demo_sign_in(ADMIN).await;

    let by_digits = server.get_json(&dispatcher, "/api/v1/users?q=0003").await;
    assert_eq!(names(&by_digits), ["王静"]);
    let written_out = server
        .get_json(&dispatcher, "/api/v1/users?q=%2B86%20138-0000-0004")
        .await;
    assert_eq!(names(&written_out), ["许礼文"]);
    let by_name = server
        .get_json(&dispatcher, "/api/v1/users?q=%E8%8F%8A")
        .await; // 菊
    assert_eq!(names(&by_name), ["曹菊兰"]);
    let literal = server.get_json(&dispatcher, "/api/v1/users?q=%25").await; // %
    assert_eq!(names(&literal), Vec::<&str>::new());

    // What each row says: active, the phone masked; minutes of service for volunteers.
    let volunteer = &by_digits["items"][0];
    assert_eq!(volunteer["active"], true);
    assert_eq!(volunteer["phone_masked"], "138****0003");
    assert!(
        volunteer.get("phone").is_none(),
        "dispatchers see it masked"
    );
    assert_eq!(volunteer["service_minutes"], 0);
    assert!(
        by_name["items"][0]["service_minutes"].is_null(),
        "not a volunteer"
    );
    // Admins see the phone whole.
    let for_admin = server.get_json(&admin, "/api/v1/users?q=0003").await;
    assert_eq!(for_admin["items"][0]["phone"], "13800000003");

    let page = server.get_json(&dispatcher, "/api/v1/users?limit=2").await;
    assert_eq!(names(&page).len(), 2);
    assert_eq!(page["has_more"], true);
    let all = server.get_json(&dispatcher, "/api/v1/users").await;
    assert_eq!(all["has_more"], false);
    let workers = server
        .get_json(&dispatcher, "/api/v1/users?role=grid_worker")
        .await;
    assert_eq!(names(&workers), ["张秀梅"]);
    for bad in ["limit=0", "limit=201", "role=mayor", "q=%07"] {
        let refused = server
            .get_as(&dispatcher, &format!("/api/v1/users?{bad}"))
            .await;
        assert_eq!(refused.status(), 422, "{bad}");
    }
    server.stop().await;
}

#[tokio::test]
async fn a_deactivated_user_cannot_sign_in_and_their_token_stops_working() {
    let server = TestServer::start(&["--demo"]).await;
    let neighbour = server.demo_sign_in(NEIGHBOUR).await;
    let admin = server.demo_sign_in(ADMIN).await;
    assert_eq!(server.get_as(&neighbour, "/api/v1/me").await.status(), 200);

    let deactivated = server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/users/u-13800000002",
            Some(
                json!({"name": "曹菊兰", "grid_id": "g-2", "address": "6 号楼 302",
                        "active": false}),
            ),
        )
        .await;
    assert_eq!(deactivated.status(), 200);
    let user: Value = deactivated.json().await.expect("json");
    assert_eq!(user["active"], false);
    assert_eq!(user["address"], "6 号楼 302");

    assert_eq!(server.get_as(&neighbour, "/api/v1/me").await.status(), 401);
    for (path, body) in [
        ("/api/v1/auth/code", json!({"phone": NEIGHBOUR})),
        (
            "/api/v1/auth/session",
            json!({"phone": NEIGHBOUR, "code": "246810"}),
        ),
    ] {
        let refused = server.post_json(path, body).await;
        assert_eq!(refused.status(), 401, "{path}");
        let problem: Value = refused.json().await.expect("json");
        assert_eq!(problem["type"], "account_inactive", "{path}");
    }
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'user_updated'
           AND subject = 'u-13800000002' AND actor_id = 'u-13800000006'",
    )
    .fetch_one(&server.db().await)
    .await
    .expect("audit");
    assert_eq!(audited, 1);

    // No admin deactivates themselves; others may not edit people at all.
    let myself = server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/users/u-13800000006",
            Some(json!({"name": "陈主任", "grid_id": "g-1", "address": null, "active": false})),
        )
        .await;
    assert_eq!(myself.status(), 422);
    let problem: Value = myself.json().await.expect("json");
    assert!(problem["errors"]["active"].is_array(), "{problem}");
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let refused = server
        .send(
            &dispatcher,
            Method::PUT,
            "/api/v1/users/u-13800000002",
            Some(json!({"name": "曹菊兰", "grid_id": "g-2", "address": null, "active": true})),
        )
        .await;
    assert_eq!(refused.status(), 403);

    // Active again, they sign in again.
    let again = server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/users/u-13800000002",
            Some(json!({"name": "曹菊兰", "grid_id": "g-2", "address": null, "active": true})),
        )
        .await;
    assert_eq!(again.status(), 200);
    let token = server.demo_sign_in(NEIGHBOUR).await;
    assert_eq!(server.get_as(&token, "/api/v1/me").await.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn a_grid_worker_registers_a_resident_once_and_only_with_their_consent() {
    let server = TestServer::start(&["--demo"]).await;
    let worker = server.demo_sign_in(GRID_WORKER).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let body = json!({"phone": "+86 139-0000-0009", "name": "赵奶奶",
                      "address": "5 号楼 101", "consent": false});
    let refused = server
        .send(&worker, Method::POST, "/api/v1/users", Some(body.clone()))
        .await;
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.expect("json");
    assert!(problem["errors"]["consent"].is_array(), "{problem}");

    let mut body = body;
    body["consent"] = json!(true);
    let made = server
        .send(&worker, Method::POST, "/api/v1/users", Some(body.clone()))
        .await;
    assert_eq!(made.status(), 201);
    let made: Value = made.json().await.expect("json");
    assert_eq!(made["phone_masked"], "139****0009");
    assert_eq!(made["grid_id"], "g-1", "the grid worker's grid");
    assert_eq!(made["roles"], json!(["resident"]));
    // The same number again is the same resident.
    let again = server
        .send(&worker, Method::POST, "/api/v1/users", Some(body.clone()))
        .await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.expect("json");
    assert_eq!(again["id"], made["id"]);

    let db = server.db().await;
    let (count, consent): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM users WHERE phone = '13900000009'),
                (SELECT COUNT(*) FROM audit_log WHERE action = 'resident_registered'
                   AND actor_id = 'u-13800000007' AND subject = ?)",
    )
    .bind(made["id"].as_str())
    .fetch_one(&db)
    .await
    .expect("counts");
    assert_eq!((count, consent), (1, 1));

    let not_staff = server
        .send(&resident, Method::POST, "/api/v1/users", Some(body))
        .await;
    assert_eq!(not_staff.status(), 403);

    // A grid worker is a role an admin grants.
    let admin = server.demo_sign_in(ADMIN).await;
    let granted = server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/users/u-13800000001/roles",
            Some(json!({"roles": ["resident", "grid_worker"]})),
        )
        .await;
    assert_eq!(granted.status(), 200);
    let granted: Value = granted.json().await.expect("json");
    assert_eq!(granted["roles"], json!(["resident", "grid_worker"]));
    server.stop().await;
}

#[tokio::test]
async fn a_resident_edits_their_profile_and_moves_grid_only_where_the_community_lets_them() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let admin = server.demo_sign_in(ADMIN).await;
    let put_me = |body: Value| {
        let server = &server;
        let resident = &resident;
        async move {
            server
                .send(resident, Method::PUT, "/api/v1/me", Some(body))
                .await
        }
    };

    let edited = put_me(json!({"name": " 李万章 ", "address": "3 号楼 501"})).await;
    assert_eq!(edited.status(), 200);
    let me: Value = edited.json().await.expect("json");
    assert_eq!(
        (me["name"].as_str(), me["address"].as_str()),
        (Some("李万章"), Some("3 号楼 501"))
    );
    assert_eq!(me["grid_id"], "g-1");

    let moved = put_me(json!({"name": "李万章", "address": null, "grid_id": "g-2"})).await;
    assert_eq!(moved.status(), 422);
    let problem: Value = moved.json().await.expect("json");
    assert!(problem["errors"]["grid_id"].is_array(), "{problem}");
    // Their own grid again is no move.
    let same = put_me(json!({"name": "李万章", "address": null, "grid_id": "g-1"})).await;
    assert_eq!(same.status(), 200);

    let mut community = server.get_json(&admin, "/api/v1/community").await;
    community["residents_choose_grid"] = json!(true);
    let put = server
        .send(&admin, Method::PUT, "/api/v1/community", Some(community))
        .await;
    assert_eq!(put.status(), 200);
    let community = server.get_json(&resident, "/api/v1/community").await;
    assert_eq!(community["residents_choose_grid"], true);

    let moved = put_me(json!({"name": "李万章", "address": null, "grid_id": "g-2"})).await;
    assert_eq!(moved.status(), 200);
    let me: Value = moved.json().await.expect("json");
    assert_eq!(me["grid_id"], "g-2");
    assert!(me["address"].is_null());
    assert_eq!(
        server.get_json(&resident, "/api/v1/me").await["grid_id"],
        "g-2"
    );

    for (body, field) in [
        (json!({"name": "李万章", "grid_id": "g-nope"}), "grid_id"),
        (json!({"name": "名".repeat(31)}), "name"),
        (json!({"name": "  "}), "name"),
        (
            json!({"name": "李万章", "address": "址".repeat(121)}),
            "address",
        ),
    ] {
        let refused = put_me(body).await;
        assert_eq!(refused.status(), 422, "{field}");
        let problem: Value = refused.json().await.expect("json");
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
    server.stop().await;
}
