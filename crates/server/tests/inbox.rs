//! Issue 18: who is told what, from the events the server records. Residents hear of
//! their own order, volunteers of what is sent to them, dispatchers of what needs them;
//! nobody of their own act or of an order they may not see; one event tells a person
//! once, however often it was sent; read on one device, read on all.
mod common;

use common::TestServer;
use serde_json::{json, Value};

const RESIDENT: &str = "13800000001"; // 李万章
const NEIGHBOUR: &str = "13800000002"; // 曹菊兰, a resident who must hear nothing
const VOLUNTEER: &str = "13800000003"; // 王静
const OTHER_VOLUNTEER: &str = "13800000004"; // 许礼文
const DISPATCHER: &str = "13800000005"; // 郑翔
const ADMIN_DISPATCHER: &str = "13800000006"; // 陈主任, dispatcher and admin

async fn step(server: &TestServer, token: &str, order: &str, body: Value) -> Value {
    let current = server
        .get_json(token, &format!("/api/v1/orders/{order}"))
        .await;
    let version = current["version"].as_i64().expect("version");
    let response = server
        .client
        .post(server.url(&format!("/api/v1/orders/{order}/transitions")))
        .bearer_auth(token)
        .header("if-match", format!("\"{version}\""))
        .json(&body)
        .send()
        .await
        .expect("transition");
    assert_eq!(response.status(), 200, "{body}");
    response.json().await.expect("order json")
}

fn id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// `POST /inbox/read` with `body` as the holder of `token`.
async fn mark_read(server: &TestServer, token: &str, body: Value) -> reqwest::Response {
    server
        .send(
            token,
            reqwest::Method::POST,
            "/api/v1/inbox/read",
            Some(body),
        )
        .await
}

/// Takes step `action` (with `extra`'s fields) under a fresh id.
async fn act(server: &TestServer, token: &str, order: &str, action: &str, extra: Value) -> Value {
    let mut body = json!({"id": id(), "action": action});
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    step(server, token, order, body).await
}

/// (kind, order id, note) of everything `token`'s holder was told, oldest first.
async fn told(server: &TestServer, token: &str) -> Vec<(String, String, Option<String>)> {
    let page = server.get_json(token, "/api/v1/inbox").await;
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| {
            (
                item["kind"].as_str().unwrap_or_default().to_string(),
                item["order_id"].as_str().unwrap_or_default().to_string(),
                item["note"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn service_order(title: &str) -> Value {
    json!({"kind": "service", "service_id": "svc-s03", "title": title,
           "attributes": {"location": "3 号楼 2 单元 4 楼"}, "contact_phone": "13800000001"})
}

#[tokio::test]
async fn each_is_told_what_concerns_them_and_nobody_of_their_own_act_or_of_what_they_cannot_see() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let neighbour = server.demo_sign_in(NEIGHBOUR).await;
    let volunteer = server.demo_sign_in(VOLUNTEER).await;
    let other_volunteer = server.demo_sign_in(OTHER_VOLUNTEER).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let admin = server.demo_sign_in(ADMIN_DISPATCHER).await;

    let order = server
        .create_order(&resident, service_order("楼道灯不亮"))
        .await;
    let new = ("new_order".to_string(), order.clone(), None);
    assert_eq!(told(&server, &dispatcher).await, std::slice::from_ref(&new));
    assert_eq!(told(&server, &admin).await, [new], "every dispatcher");
    assert!(
        told(&server, &resident).await.is_empty(),
        "not of one's own order"
    );

    let volunteer_id = server.get_json(&volunteer, "/api/v1/me").await["id"]
        .as_str()
        .expect("id")
        .to_string();
    act(
        &server,
        &dispatcher,
        &order,
        "dispatch",
        json!({"assignee_id": volunteer_id}),
    )
    .await;
    act(&server, &volunteer, &order, "accept", json!({})).await;
    act(&server, &volunteer, &order, "start", json!({})).await;
    act(
        &server,
        &volunteer,
        &order,
        "complete",
        json!({"note": "换了灯泡"}),
    )
    .await;
    act(&server, &resident, &order, "confirm", json!({"rating": 5})).await;

    let kinds = |list: Vec<(String, String, Option<String>)>| -> Vec<String> {
        list.into_iter().map(|(kind, ..)| kind).collect()
    };
    assert_eq!(
        kinds(told(&server, &resident).await),
        ["dispatched", "accepted", "done"]
    );
    assert_eq!(kinds(told(&server, &volunteer).await), ["sent_to_you"]);
    assert_eq!(
        kinds(told(&server, &dispatcher).await),
        ["new_order"],
        "not of their own dispatch"
    );
    assert!(
        told(&server, &neighbour).await.is_empty(),
        "not their order"
    );
    assert!(
        told(&server, &other_volunteer).await.is_empty(),
        "not sent to them"
    );

    // Sent back by a volunteer, with the reason: the dispatchers hear it.
    let second = server
        .create_order(&resident, service_order("水管漏水"))
        .await;
    act(
        &server,
        &admin,
        &second,
        "dispatch",
        json!({"assignee_id": volunteer_id}),
    )
    .await;
    act(
        &server,
        &volunteer,
        &second,
        "decline",
        json!({"note": "今天不在小区"}),
    )
    .await;
    let declined = (
        "declined".to_string(),
        second.clone(),
        Some("今天不在小区".to_string()),
    );
    assert!(told(&server, &dispatcher).await.contains(&declined));
    assert!(told(&server, &admin).await.contains(&declined));
    // Turned down, with the reason: the resident hears it.
    act(
        &server,
        &dispatcher,
        &second,
        "reject",
        json!({"note": "请联系物业"}),
    )
    .await;
    assert!(told(&server, &resident).await.contains(&(
        "rejected".to_string(),
        second.clone(),
        Some("请联系物业".to_string())
    )));
    assert!(told(&server, &neighbour).await.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn a_step_sent_twice_tells_once() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let volunteer = server.demo_sign_in(VOLUNTEER).await;
    let volunteer_id = server.get_json(&volunteer, "/api/v1/me").await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let order = server
        .create_order(&resident, service_order("门禁坏了"))
        .await;
    let dispatch = json!({"id": id(), "action": "dispatch", "assignee_id": volunteer_id});
    step(&server, &dispatcher, &order, dispatch.clone()).await;
    // The answer was lost; the phone sends the same step again (the server answers it
    // as applied, whatever version it carries).
    let again = server
        .client
        .post(server.url(&format!("/api/v1/orders/{order}/transitions")))
        .bearer_auth(&dispatcher)
        .header("if-match", "\"1\"")
        .json(&dispatch)
        .send()
        .await
        .expect("resend");
    assert_eq!(again.status(), 200);
    assert_eq!(told(&server, &resident).await.len(), 1);
    assert_eq!(told(&server, &volunteer).await.len(), 1);
    server.stop().await;
}

#[tokio::test]
async fn read_on_one_device_is_read_on_all_and_nobody_marks_anothers() {
    let server = TestServer::start(&["--demo"]).await;
    let phone = server.demo_sign_in(RESIDENT).await;
    let tablet = server.demo_sign_in(RESIDENT).await;
    let neighbour = server.demo_sign_in(NEIGHBOUR).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let volunteer_id = server
        .get_json(&server.demo_sign_in(VOLUNTEER).await, "/api/v1/me")
        .await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let order = server.create_order(&phone, service_order("电梯异响")).await;
    act(
        &server,
        &dispatcher,
        &order,
        "dispatch",
        json!({"assignee_id": volunteer_id}),
    )
    .await;

    let first = server.get_json(&tablet, "/api/v1/inbox").await;
    assert_eq!(first["unread"], 1);
    let cursor = first["next_cursor"].as_str().expect("cursor").to_string();
    let item = first["items"][0]["id"]
        .as_str()
        .expect("item id")
        .to_string();
    let unchanged = server
        .get_json(&tablet, &format!("/api/v1/inbox?since={cursor}"))
        .await;
    assert_eq!(unchanged["items"], json!([]), "nothing new");
    assert_eq!(unchanged["next_cursor"], cursor.as_str());

    // Someone else's id changes nothing.
    let theirs = mark_read(&server, &neighbour, json!({ "ids": [item] })).await;
    assert_eq!(theirs.status(), 200);
    assert_eq!(server.get_json(&tablet, "/api/v1/inbox").await["unread"], 1);

    let read = mark_read(&server, &phone, json!({ "ids": [item] })).await;
    assert_eq!(read.status(), 200);
    assert_eq!(read.json::<Value>().await.expect("json")["unread"], 0);
    let pulled = server
        .get_json(&tablet, &format!("/api/v1/inbox?since={cursor}"))
        .await;
    assert_eq!(pulled["items"][0]["id"], item.as_str());
    assert_eq!(pulled["items"][0]["read"], true, "read on the other device");
    assert_eq!(pulled["unread"], 0);

    for bad in [
        "/api/v1/inbox?since=-1",
        "/api/v1/inbox?since=abc",
        "/api/v1/inbox?limit=0",
    ] {
        assert_eq!(server.get_as(&phone, bad).await.status(), 422, "{bad}");
    }
    let empty = mark_read(&server, &phone, json!({ "ids": [] })).await;
    assert_eq!(empty.status(), 422);
    server.stop().await;
}

#[tokio::test]
async fn who_filed_for_a_resident_hears_it_is_done_and_a_cancel_by_the_community_tells_both_sides()
{
    let server = TestServer::start(&["--demo"]).await;
    let worker = server.demo_sign_in("13800000007").await; // 张秀梅, grid worker
    let neighbour = server.demo_sign_in(NEIGHBOUR).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let volunteer = server.demo_sign_in(VOLUNTEER).await;
    let volunteer_id = server.get_json(&volunteer, "/api/v1/me").await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let mut filed = service_order("门口台阶松了");
    filed["on_behalf_of"] = json!({"phone": NEIGHBOUR, "consent": true});
    filed["channel"] = json!("visit");
    let order = server.create_order(&worker, filed).await;
    act(
        &server,
        &dispatcher,
        &order,
        "dispatch",
        json!({"assignee_id": volunteer_id}),
    )
    .await;
    act(&server, &volunteer, &order, "accept", json!({})).await;
    act(
        &server,
        &volunteer,
        &order,
        "complete",
        json!({"note": "修好了"}),
    )
    .await;
    let done = (
        "done".to_string(),
        order.clone(),
        Some("修好了".to_string()),
    );
    assert!(
        told(&server, &worker).await.contains(&done),
        "the filer relays it"
    );
    assert!(
        told(&server, &neighbour).await.contains(&done),
        "and the resident"
    );

    // Cancelled by the community while a volunteer is on the way: both are told.
    let second = server
        .create_order(&neighbour, service_order("窗户关不上"))
        .await;
    act(
        &server,
        &dispatcher,
        &second,
        "dispatch",
        json!({"assignee_id": volunteer_id}),
    )
    .await;
    act(
        &server,
        &dispatcher,
        &second,
        "cancel",
        json!({"note": "居民已自行修好"}),
    )
    .await;
    assert!(told(&server, &neighbour).await.contains(&(
        "cancelled".to_string(),
        second.clone(),
        Some("居民已自行修好".to_string())
    )));
    assert!(told(&server, &volunteer)
        .await
        .iter()
        .any(|(kind, id, _)| kind == "withdrawn" && *id == second));

    // A page at a time: the cursor carries on where the page ended.
    let first = server.get_json(&volunteer, "/api/v1/inbox?limit=1").await;
    assert_eq!(first["has_more"], true);
    let cursor = first["next_cursor"].as_str().expect("cursor");
    let rest = server
        .get_json(
            &volunteer,
            &format!("/api/v1/inbox?since={cursor}&limit=200"),
        )
        .await;
    let all = told(&server, &volunteer).await.len();
    assert_eq!(rest["items"].as_array().map(Vec::len), Some(all - 1));
    assert_eq!(rest["has_more"], false);
    server.stop().await;
}

#[tokio::test]
async fn an_open_app_waiting_on_its_inbox_hears_of_a_new_order_within_seconds() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let first = server.get_json(&dispatcher, "/api/v1/inbox").await;
    let cursor = first["next_cursor"].as_str().expect("cursor").to_string();

    // Nothing new: held for the seconds asked, then an empty page at the same cursor.
    let started = std::time::Instant::now();
    let quiet = server
        .get_json(&dispatcher, &format!("/api/v1/inbox?since={cursor}&wait=2"))
        .await;
    assert!(started.elapsed() >= std::time::Duration::from_secs(2));
    assert_eq!(quiet["items"], json!([]));
    assert_eq!(quiet["next_cursor"], cursor.as_str());

    // A new order while the dispatcher's app waits: the answer comes with it, in seconds.
    let waiting = {
        let client = server.client.clone();
        let url = server.url(&format!("/api/v1/inbox?since={cursor}&wait=20"));
        let token = dispatcher.clone();
        tokio::spawn(async move {
            let started = std::time::Instant::now();
            let page: Value = client
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .expect("wait")
                .json()
                .await
                .expect("json");
            (started.elapsed(), page)
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let order = server
        .create_order(&resident, service_order("单元门禁坏了"))
        .await;
    let (took, page) = waiting.await.expect("joined");
    assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    assert_eq!(page["items"][0]["kind"], "new_order");
    assert_eq!(page["items"][0]["order_id"], order.as_str());

    for bad in ["0", "26", "soon"] {
        let answer = server
            .get_as(&dispatcher, &format!("/api/v1/inbox?wait={bad}"))
            .await;
        assert_eq!(answer.status(), 422, "wait={bad}");
    }
}

/// (kind, shift or notice or order id, note) of everything `token`'s holder was told.
async fn told_any(server: &TestServer, token: &str) -> Vec<(String, String, Option<String>)> {
    let page = server.get_json(token, "/api/v1/inbox?limit=200").await;
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| {
            let about = ["order_id", "shift_id", "notice_id"]
                .iter()
                .find_map(|key| item[*key].as_str())
                .unwrap_or_default();
            (
                item["kind"].as_str().unwrap_or_default().to_string(),
                about.to_string(),
                item["note"].as_str().map(str::to_string),
            )
        })
        .collect()
}

#[tokio::test]
async fn volunteers_signed_up_hear_their_shift_moved_or_cancelled_and_nobody_else_does() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.demo_sign_in(ADMIN_DISPATCHER).await;
    let volunteer = server.demo_sign_in(VOLUNTEER).await;
    let other = server.demo_sign_in(OTHER_VOLUNTEER).await;
    let body = |starts: &str, ends: &str| {
        json!({"title": "周六义诊", "team": "志愿服务队", "station_id": "st-1",
               "starts_at": starts, "ends_at": ends, "capacity": 4})
    };
    let made: Value = server
        .send(
            &admin,
            reqwest::Method::POST,
            "/api/v1/shifts",
            Some(body(
                "2099-06-06T09:00:00+08:00",
                "2099-06-06T11:00:00+08:00",
            )),
        )
        .await
        .json()
        .await
        .expect("json");
    let shift = made["id"].as_str().expect("id").to_string();
    let path = format!("/api/v1/shifts/{shift}");
    let signup = server
        .send(
            &volunteer,
            reqwest::Method::PUT,
            &format!("{path}/signup"),
            None,
        )
        .await;
    assert_eq!(signup.status(), 200);
    // The admin who changes it is on it too (as staff may be): never told of their own
    // change.
    let db = server.db().await;
    sqlx::query(
        "INSERT INTO shift_signups (shift_id, user_id, created_at) VALUES (?, 'u-13800000006', 0)",
    )
    .bind(&shift)
    .execute(&db)
    .await
    .expect("admin signed up");

    // The same shift sent back unchanged is no news; moved an hour, it is.
    let same = body("2099-06-06T09:00:00+08:00", "2099-06-06T11:00:00+08:00");
    let moved = body("2099-06-06T10:00:00+08:00", "2099-06-06T12:00:00+08:00");
    for shift_body in [same, moved.clone(), moved] {
        let answer = server
            .send(&admin, reqwest::Method::PUT, &path, Some(shift_body))
            .await;
        assert_eq!(answer.status(), 200);
    }
    assert_eq!(
        told_any(&server, &volunteer).await,
        [(
            "shift_changed".to_string(),
            shift.clone(),
            Some("06-06 10:00".to_string())
        )]
    );
    let cancelled = server
        .send(&admin, reqwest::Method::DELETE, &path, None)
        .await;
    assert_eq!(cancelled.status(), 200);
    let kinds: Vec<String> = told_any(&server, &volunteer)
        .await
        .into_iter()
        .map(|(kind, _, _)| kind)
        .collect();
    assert_eq!(kinds, ["shift_changed", "shift_cancelled"]);
    assert!(told_any(&server, &other).await.is_empty(), "not signed up");
    assert!(
        told_any(&server, &admin)
            .await
            .iter()
            .all(|(k, _, _)| !k.starts_with("shift")),
        "not of one's own change"
    );
}

#[tokio::test]
async fn a_notice_is_news_to_everyone_once_on_its_first_day() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.demo_sign_in(ADMIN_DISPATCHER).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let db = server.db().await;
    let notice = |starts: &str| {
        json!({"title": "周日停水", "body": "周日 8:00-12:00 停水检修。",
               "starts_on": starts, "ends_on": null, "pinned": false})
    };
    let put = server
        .send(
            &admin,
            reqwest::Method::PUT,
            "/api/v1/notices/water",
            Some(notice("2099-03-01")),
        )
        .await;
    assert_eq!(put.status(), 201, "{:?}", put.text().await);
    let announce = |date: time::Date| {
        let db = db.clone();
        async move {
            yizhan_server::reference::notices_admin::announce_due(&db, date)
                .await
                .expect("announce")
        }
    };
    let day = |text: &str| {
        time::Date::parse(text, &time::format_description::well_known::Iso8601::DATE).expect("date")
    };
    assert_eq!(
        announce(day("2099-02-28")).await,
        0,
        "not before its first day"
    );
    let everyone: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE active = 1 AND community_id = (SELECT community_id FROM users WHERE phone = '13800000006')")
            .fetch_one(&db)
            .await
            .expect("count");
    assert_eq!(i64::from(announce(day("2099-03-01")).await), everyone);
    assert_eq!(announce(day("2099-03-02")).await, 0, "once");
    assert_eq!(
        told_any(&server, &resident).await,
        [("new_notice".to_string(), "water".to_string(), None)]
    );
}

#[tokio::test]
async fn dispatchers_hear_once_that_an_order_is_past_its_promised_time() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let db = server.db().await;
    let order = server
        .create_order(&resident, service_order("水管漏水"))
        .await;
    let (created, hours): (i64, i64) = sqlx::query_as(
        "SELECT o.created_at, s.sla_hours FROM orders o JOIN services s ON s.id = o.service_id WHERE o.id = ?",
    )
    .bind(&order)
    .fetch_one(&db)
    .await
    .expect("promise");
    let due = created + hours * 3_600_000;
    let tell = |at: i64| {
        let db = db.clone();
        async move {
            yizhan_server::orders::overdue::tell_overdue(&db, at)
                .await
                .expect("overdue")
        }
    };
    let of_this = || async {
        told_any(&server, &dispatcher)
            .await
            .into_iter()
            .filter(|(kind, about, _)| kind == "overdue" && *about == order)
            .count()
    };
    tell(due).await;
    assert_eq!(of_this().await, 0, "not yet: at the promise itself");
    tell(due + 1).await;
    tell(due + 60_000).await;
    let overdue = of_this().await;
    assert_eq!(overdue, 1, "once");
    assert!(
        told_any(&server, &resident)
            .await
            .iter()
            .all(|(k, _, _)| k != "overdue"),
        "a dispatcher's news, not the resident's"
    );
}
