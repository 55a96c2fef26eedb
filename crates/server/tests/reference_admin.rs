//! api-contract.md, "Administration": admins write the community, the catalogue, grids and
//! stations; every write moves the ETag residents' devices revalidate with.

mod common;

use common::{header, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

const RESIDENT: &str = "13800000001";
const DISPATCHER: &str = "13800000005";
const ADMIN: &str = "13800000006";

async fn etag_of(server: &TestServer, token: &str, path: &str) -> String {
    let response = server.get_as(token, path).await;
    assert_eq!(response.status(), 200, "{path}");
    header(&response, "etag")
}

async fn status_if_none_match(server: &TestServer, token: &str, path: &str, tag: &str) -> u16 {
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

#[tokio::test]
async fn an_admin_edits_the_community_and_devices_see_a_new_etag() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.sign_in(ADMIN).await;
    let resident = server.sign_in(RESIDENT).await;
    let before = etag_of(&server, &resident, "/api/v1/community").await;
    let mut community: Value = server.get_json(&admin, "/api/v1/community").await;
    community["announcement"] = json!("本周六上午九点，小区广场义诊，欢迎参加。");

    // The body as GET returned it, id and updated_at included, is accepted.
    let refused = server
        .send(
            &resident,
            Method::PUT,
            "/api/v1/community",
            Some(community.clone()),
        )
        .await;
    assert_eq!(refused.status(), 403);
    let dispatcher = server.sign_in(DISPATCHER).await;
    let refused = server
        .send(
            &dispatcher,
            Method::PUT,
            "/api/v1/community",
            Some(community.clone()),
        )
        .await;
    assert_eq!(refused.status(), 403, "only admins write the community");
    let saved = server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/community",
            Some(community.clone()),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.expect("json");
    assert_eq!(
        saved["announcement"],
        "本周六上午九点，小区广场义诊，欢迎参加。"
    );
    assert_eq!(saved["name"], community["name"]);

    assert_eq!(
        status_if_none_match(&server, &resident, "/api/v1/community", &before).await,
        200,
        "the resident's cached copy is stale now"
    );
    let after = etag_of(&server, &resident, "/api/v1/community").await;
    assert_ne!(before, after);
    // The same body again still moves updated_at, so the ETag moves too.
    server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/community",
            Some(community.clone()),
        )
        .await;
    assert_ne!(
        etag_of(&server, &resident, "/api/v1/community").await,
        after
    );

    community["name"] = json!("  ");
    community["hotline"] = json!("call us");
    community["announcement"] = json!("告".repeat(1001));
    let bad = server
        .send(&admin, Method::PUT, "/api/v1/community", Some(community))
        .await;
    assert_eq!(bad.status(), 422);
    let problem: Value = bad.json().await.expect("json");
    assert_eq!(problem["type"], "validation");
    for field in ["name", "hotline", "announcement"] {
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
    server.stop().await;
}

fn repair_service() -> Value {
    json!({
        "code": "D30", "name": "楼道灯维修", "category": "物业维修", "kind": "direct",
        "description": "楼道、电梯厅照明故障，物业电工上门。", "sla_hours": 24,
        "fields": [
            {"code": "floor", "label": "楼层", "datatype": "number", "required": true},
            {"code": "when", "label": "方便时间", "datatype": "single", "required": false,
             "options": [{"key": "am", "label": "上午"}, {"key": "pm", "label": "下午"}]}
        ]
    })
}

#[tokio::test]
async fn an_admin_adds_replaces_and_retires_a_service_and_old_orders_keep_it() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.sign_in(ADMIN).await;
    let resident = server.sign_in(RESIDENT).await;
    let path = "/api/v1/services/svc-d30";
    let before = etag_of(&server, &resident, "/api/v1/services").await;

    let refused = server
        .send(&resident, Method::PUT, path, Some(repair_service()))
        .await;
    assert_eq!(refused.status(), 403);
    let created = server
        .send(&admin, Method::PUT, path, Some(repair_service()))
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.expect("json");
    assert_eq!(created["id"], "svc-d30");
    assert_eq!(created["active"], true);
    assert_eq!(created["fields"][1]["options"][1]["label"], "下午");
    assert_eq!(
        status_if_none_match(&server, &resident, "/api/v1/services", &before).await,
        200
    );
    let catalogue: Value = server.get_json(&resident, "/api/v1/services").await;
    let items = catalogue["items"].as_array().expect("items");
    assert_eq!(items.len(), 27);
    assert_eq!(
        items.last().expect("last")["id"],
        "svc-d30",
        "new services go last"
    );

    // A resident orders it, answering its required field.
    let order = uuid::Uuid::now_v7().to_string();
    let placed = server
        .send(
            &resident,
            Method::PUT,
            &format!("/api/v1/orders/{order}"),
            Some(
                json!({"kind": "service", "service_id": "svc-d30", "title": "三楼楼道灯不亮",
                        "attributes": {"floor": 3}}),
            ),
        )
        .await;
    assert_eq!(placed.status(), 201);
    // Answers of the wrong kind are refused at the question they answer.
    let wrong = server
        .send(
            &resident,
            Method::PUT,
            &format!("/api/v1/orders/{}", uuid::Uuid::now_v7()),
            Some(
                json!({"kind": "service", "service_id": "svc-d30", "title": "楼道灯",
                        "attributes": {"floor": "三楼", "when": ["night"]}}),
            ),
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let problem: Value = wrong.json().await.expect("json");
    assert!(
        problem["errors"]["attributes.floor"].is_array(),
        "{problem}"
    );
    assert!(problem["errors"]["attributes.when"].is_array(), "{problem}");

    let mut renamed = repair_service();
    renamed["name"] = json!("楼道照明维修");
    let replaced = server.send(&admin, Method::PUT, path, Some(renamed)).await;
    assert_eq!(replaced.status(), 200);
    let catalogue: Value = server.get_json(&resident, "/api/v1/services").await;
    assert_eq!(catalogue["items"].as_array().expect("items").len(), 27);
    assert_eq!(
        catalogue["items"][26]["name"], "楼道照明维修",
        "a replace keeps its place"
    );

    let retired = server.send(&admin, Method::DELETE, path, None).await;
    assert_eq!(retired.status(), 200);
    assert_eq!(
        retired.json::<Value>().await.expect("json")["active"],
        false
    );
    let catalogue: Value = server.get_json(&resident, "/api/v1/services").await;
    assert_eq!(
        catalogue["items"][26]["active"], false,
        "kept for old orders"
    );
    let old = server
        .get_as(&resident, &format!("/api/v1/orders/{order}"))
        .await;
    assert_eq!(old.status(), 200);
    let again = server
        .send(
            &resident,
            Method::PUT,
            &format!("/api/v1/orders/{}", uuid::Uuid::now_v7()),
            Some(
                json!({"kind": "service", "service_id": "svc-d30", "title": "二楼也不亮",
                        "attributes": {"floor": 2}}),
            ),
        )
        .await;
    assert_eq!(again.status(), 422, "a retired service takes no new orders");
    assert_eq!(
        server
            .send(&admin, Method::DELETE, "/api/v1/services/svc-nope", None)
            .await
            .status(),
        404
    );
    server.stop().await;
}

#[tokio::test]
async fn a_bad_service_is_refused_field_by_field_and_nothing_is_written() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.sign_in(ADMIN).await;
    let mut bad = repair_service();
    bad["code"] = json!("D05"); // the demo's 代办 service already has it
    bad["sla_hours"] = json!(0);
    bad["fields"][1]["options"] = json!([]);
    bad["fields"][0]["options"] = json!([{"key": "x", "label": "x"}]);
    let refused = server
        .send(&admin, Method::PUT, "/api/v1/services/svc-d30", Some(bad))
        .await;
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.expect("json");
    for field in ["sla_hours", "fields[1].options", "fields[0].options"] {
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
    let mut taken = repair_service();
    taken["code"] = json!("D05");
    let refused = server
        .send(&admin, Method::PUT, "/api/v1/services/svc-d30", Some(taken))
        .await;
    assert_eq!(refused.status(), 422);
    assert!(refused.json::<Value>().await.expect("json")["errors"]["code"].is_array());
    let mut unknown_kind = repair_service();
    unknown_kind["kind"] = json!("magic");
    assert_eq!(
        server
            .send(
                &admin,
                Method::PUT,
                "/api/v1/services/svc-d30",
                Some(unknown_kind)
            )
            .await
            .status(),
        422
    );
    assert_eq!(
        server
            .send(
                &admin,
                Method::PUT,
                "/api/v1/services/bad%20id",
                Some(repair_service())
            )
            .await
            .status(),
        422
    );
    let catalogue: Value = server.get_json(&admin, "/api/v1/services").await;
    assert_eq!(catalogue["items"].as_array().expect("items").len(), 26);
    server.stop().await;
}

#[tokio::test]
async fn an_admin_replaces_a_grids_contacts_whole_or_not_at_all() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.sign_in(ADMIN).await;
    let resident = server.sign_in(RESIDENT).await;
    let before = etag_of(&server, &resident, "/api/v1/grids/g-1").await;
    let mut grid: Value = server.get_json(&admin, "/api/v1/grids/g-1").await;
    let kept = grid["contacts"].as_array().expect("contacts").len();
    grid["contacts"].as_array_mut().expect("contacts").push(
        json!({"name": "赵医生", "role": "doctor", "title": "家庭医生",
                     "phone": "021-5555 0101", "duty_hours": "周二、周四 14:00–17:00"}),
    );
    let saved = server
        .send(&admin, Method::PUT, "/api/v1/grids/g-1", Some(grid.clone()))
        .await;
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.expect("json");
    let contacts = saved["contacts"].as_array().expect("contacts");
    assert_eq!(contacts.len(), kept + 1);
    assert_eq!(contacts[kept]["name"], "赵医生");
    assert!(contacts[kept]["id"]
        .as_str()
        .is_some_and(|id| !id.is_empty()));
    assert_eq!(contacts[kept]["wechat"], Value::Null);
    assert_ne!(
        etag_of(&server, &resident, "/api/v1/grids/g-1").await,
        before
    );

    // A contact id of another grid fails the whole write: g-1 stays as it was.
    let mut stealing = saved.clone();
    stealing["contacts"][0]["id"] = json!("g-2-c1");
    let refused = server
        .send(&admin, Method::PUT, "/api/v1/grids/g-1", Some(stealing))
        .await;
    assert_eq!(refused.status(), 422);
    let now: Value = server.get_json(&resident, "/api/v1/grids/g-1").await;
    assert_eq!(now["contacts"], saved["contacts"]);

    let mut bad = saved.clone();
    bad["contacts"][1]["phone"] = json!("ask at the desk");
    bad["contacts"][2]["role"] = json!("mayor");
    let refused = server
        .send(&admin, Method::PUT, "/api/v1/grids/g-1", Some(bad))
        .await;
    assert_eq!(refused.status(), 422);

    let created = server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/grids/g-4",
            Some(json!({"name": "第四网格", "area": "新建 12–15 号楼",
                        "contacts": [{"name": "孙敏", "role": "grid_worker", "title": "专职网格员",
                                      "phone": "13900001111", "wechat": "sunmin_g4"}]})),
        )
        .await;
    assert_eq!(created.status(), 201);
    let grids: Value = server.get_json(&resident, "/api/v1/grids").await;
    assert_eq!(grids["items"].as_array().expect("items").len(), 4);
    assert_eq!(grids["items"][3]["contacts"][0]["wechat"], "sunmin_g4");
    server.stop().await;
}

#[tokio::test]
async fn an_admin_posts_a_station_with_checked_opening_hours() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.sign_in(ADMIN).await;
    let resident = server.sign_in(RESIDENT).await;
    let before = etag_of(&server, &resident, "/api/v1/stations").await;
    let station = json!({
        "name": "雨花驿站·东门点", "address": "雨花路 88 号东门", "lat": 31.2001, "lng": 121.4402,
        "phone": "021-6666 0808",
        "open_hours": [{"days": [1, 2, 3, 4, 5], "open": "08:30", "close": "12:00"},
                       {"days": [1, 2, 3, 4, 5], "open": "14:00", "close": "20:30"}],
        "amenities": ["water", "charging", "water"]
    });
    let created = server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/stations/st-3",
            Some(station.clone()),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.expect("json");
    assert_eq!(created["amenities"], json!(["charging", "water"]));
    assert_eq!(created["open_hours"][1]["close"], "20:30");
    assert_ne!(
        etag_of(&server, &resident, "/api/v1/stations").await,
        before
    );
    let replaced = server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/stations/st-3",
            Some(station.clone()),
        )
        .await;
    assert_eq!(replaced.status(), 200);

    let mut bad = station;
    bad["open_hours"] = json!([{"days": [8], "open": "08:30", "close": "12:00"},
                               {"days": [1], "open": "20:00", "close": "08:00"}]);
    bad["lat"] = json!(123.0);
    let refused = server
        .send(&admin, Method::PUT, "/api/v1/stations/st-3", Some(bad))
        .await;
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.expect("json");
    for field in ["open_hours[0]", "open_hours[1]", "lat"] {
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
    let stations: Value = server.get_json(&resident, "/api/v1/stations").await;
    assert_eq!(stations["items"][2]["open_hours"], created["open_hours"]);
    server.stop().await;
}

#[tokio::test]
async fn a_station_keeps_its_holidays_and_longer_evenings_and_refuses_impossible_ones() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.demo_sign_in(ADMIN).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let stations: Value = server.get_json(&resident, "/api/v1/stations").await;
    let demo = &stations["items"][0];
    assert!(
        demo["exceptions"]
            .as_array()
            .is_some_and(|e| e.iter().any(|e| e["note"] == "元旦闭馆")),
        "the demo's station closes on New Year's Day: {demo}"
    );
    let mut station = demo.clone();
    if let Some(fields) = station.as_object_mut() {
        fields.remove("id");
        fields.remove("updated_at");
    }
    station["exceptions"] = json!([
        {"from": "2027-02-10", "until": "2027-02-16", "hours": [], "note": " 春节闭馆 "},
        {"from": "2026-12-12", "hours": [{"open": "08:30", "close": "21:00"}], "note": "红色周末"}
    ]);
    let saved = server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/stations/st-1",
            Some(station.clone()),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.expect("json");
    assert_eq!(saved["exceptions"][0]["note"], "春节闭馆", "kept trimmed");
    assert_eq!(saved["exceptions"][1]["hours"][0]["close"], "21:00");
    station["exceptions"] = json!([
        {"from": "2027-02-16", "until": "2027-02-10", "hours": []},
        {"from": "12-12", "hours": [{"open": "21:00", "close": "08:30"}]}
    ]);
    let refused = server
        .send(&admin, Method::PUT, "/api/v1/stations/st-1", Some(station))
        .await;
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.expect("json");
    for field in [
        "exceptions[0].until",
        "exceptions[1].from",
        "exceptions[1].hours",
    ] {
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
    let now: Value = server.get_json(&resident, "/api/v1/stations").await;
    assert_eq!(
        now["items"][0]["exceptions"], saved["exceptions"],
        "nothing written"
    );
    server.stop().await;
}

#[tokio::test]
async fn an_admin_orders_the_catalogue_and_residents_see_it_so_after_a_new_etag() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.demo_sign_in(ADMIN).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let ids = |list: &Value| -> Vec<String> {
        list["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|s| s["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let before = server.get_json(&resident, "/api/v1/services").await;
    let tag = etag_of(&server, &resident, "/api/v1/services").await;
    let mut wanted = ids(&before);
    assert!(wanted.len() >= 3, "{wanted:?}");
    let last = wanted.pop().expect("a service");
    wanted.insert(0, last.clone());

    // Only the last one named: it goes first, the others follow as they were.
    let put = |token: &str, body: Value| {
        let (server, token) = (&server, token.to_string());
        async move {
            server
                .send(&token, Method::PUT, "/api/v1/service-order", Some(body))
                .await
                .status()
                .as_u16()
        }
    };
    assert_eq!(put(&dispatcher, json!({ "ids": [last] })).await, 403);
    assert_eq!(put(&admin, json!({ "ids": [last] })).await, 204);
    let after = server.get_json(&resident, "/api/v1/services").await;
    assert_eq!(ids(&after), wanted);
    assert_eq!(
        status_if_none_match(&server, &resident, "/api/v1/services", &tag).await,
        200,
        "the order moved the ETag"
    );

    // Several named: those first, in that order, the rest as they were.
    let (third, second) = (wanted[2].clone(), wanted[1].clone());
    assert_eq!(put(&admin, json!({ "ids": [third, second] })).await, 204);
    let mut several = wanted.clone();
    several.retain(|id| *id != third && *id != second);
    several.splice(0..0, [third.clone(), second.clone()]);
    let after = server.get_json(&resident, "/api/v1/services").await;
    assert_eq!(ids(&after), several);
    let wanted = several;

    // Refused whole, said at `ids`: an id twice, or one the community has no service by.
    // Each would move the last service first if any of it were written.
    let last = wanted.last().expect("a service").clone();
    for body in [
        json!({ "ids": [last, last] }),
        json!({ "ids": [last, "svc-nowhere"] }),
        json!({ "ids": [] }),
    ] {
        let refused = server
            .send(
                &admin,
                Method::PUT,
                "/api/v1/service-order",
                Some(body.clone()),
            )
            .await;
        assert_eq!(refused.status(), 422, "{body}");
        let problem: Value = refused.json().await.expect("problem json");
        assert!(problem["errors"]["ids"].is_array(), "{problem}");
    }
    let unchanged = server.get_json(&resident, "/api/v1/services").await;
    assert_eq!(ids(&unchanged), wanted, "nothing written");
    server.stop().await;
}
