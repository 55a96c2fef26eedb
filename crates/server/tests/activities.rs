//! Issue 19, activities: residents sign up (a place, or the line) and withdraw; the first
//! in line moves up by themselves and is told; staff write, repeat and cancel activities,
//! check people in by code, and count the month; a resident's activities as a calendar.

mod common;

use common::TestServer;
use reqwest::Method;
use serde_json::{json, Value};

pub const RESIDENT: &str = "13800000001"; // 李万章
const NEIGHBOUR: &str = "13800000002"; // 曹菊兰
const THIRD: &str = "13800000004"; // 许礼文
const DISPATCHER: &str = "13800000005"; // 郑翔
const ADMIN: &str = "13800000006"; // 陈主任
const GRID_WORKER: &str = "13800000007"; // 张秀梅

/// RFC 3339 in the community's time, `minutes` from now.
fn in_minutes(minutes: i64) -> String {
    let offset = time::UtcOffset::from_hms(8, 0, 0).expect("offset");
    let at = time::OffsetDateTime::now_utc().to_offset(offset) + time::Duration::minutes(minutes);
    at.replace_nanosecond(0)
        .expect("whole seconds")
        .format(&time::format_description::well_known::Rfc3339)
        .expect("format")
}

fn lecture(capacity: i64, starts_in_minutes: i64) -> Value {
    json!({
        "title": "健康大讲堂：冬季心脑血管保健",
        "description": "社区卫生服务中心王医生主讲，讲后可量血压。",
        "organiser": "和平区第二医院",
        "address": "社区党群服务中心二楼多功能厅",
        "starts_at": in_minutes(starts_in_minutes),
        "ends_at": in_minutes(starts_in_minutes + 90),
        "capacity": capacity,
        "audience": "elders"
    })
}

/// Staff put `body` as activity `id`; answers the status and the activity.
async fn put_activity(server: &TestServer, staff: &str, id: &str, body: Value) -> (u16, Value) {
    let response = server
        .send(
            staff,
            Method::PUT,
            &format!("/api/v1/activities/{id}"),
            Some(body),
        )
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

async fn sign_up(
    server: &TestServer,
    token: &str,
    activity: &str,
    signup: &str,
    body: Value,
) -> (u16, Value) {
    let response = server
        .send(
            token,
            Method::PUT,
            &format!("/api/v1/activities/{activity}/signups/{signup}"),
            Some(body),
        )
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

async fn withdraw(server: &TestServer, token: &str, activity: &str, signup: &str) -> (u16, Value) {
    let response = server
        .send(
            token,
            Method::DELETE,
            &format!("/api/v1/activities/{activity}/signups/{signup}"),
            None,
        )
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

/// (state, position, code) of the caller's own sign-up in `activity`.
fn mine(activity: &Value) -> (String, Option<u64>, String) {
    let signup = &activity["mine"][0];
    (
        signup["state"].as_str().unwrap_or("none").to_string(),
        signup["position"].as_u64(),
        signup["code"].as_str().unwrap_or_default().to_string(),
    )
}

/// (kind, activity id) of everything in the inbox of `token`'s holder.
async fn told(server: &TestServer, token: &str) -> Vec<(String, String)> {
    let page = server.get_json(token, "/api/v1/inbox").await;
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|item| item["activity_id"].is_string())
        .map(|item| {
            (
                item["kind"].as_str().unwrap_or_default().to_string(),
                item["activity_id"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_full_lecture_offers_the_line_and_a_place_given_back_goes_to_the_first_in_it() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.demo_sign_in(ADMIN).await;
    let first = server.demo_sign_in(RESIDENT).await;
    let second = server.demo_sign_in(NEIGHBOUR).await;
    let third = server.demo_sign_in(THIRD).await;
    let (status, made) = put_activity(&server, &admin, "lecture-1", lecture(1, 24 * 60)).await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["confirmed"], 0);

    let (status, taken) = sign_up(&server, &first, "lecture-1", "s-first", json!({})).await;
    assert_eq!(status, 200, "{taken}");
    let (state, position, code) = mine(&taken);
    assert_eq!((state.as_str(), position), ("confirmed", None));
    assert_eq!(code.len(), 6);
    let (_, lined) = sign_up(&server, &second, "lecture-1", "s-second", json!({})).await;
    assert_eq!(mine(&lined).0, "waitlisted", "the place is taken: the line");
    assert_eq!(mine(&lined).1, Some(1));
    let (_, lined) = sign_up(&server, &third, "lecture-1", "s-third", json!({})).await;
    assert_eq!(mine(&lined).1, Some(2));
    assert_eq!(
        (lined["confirmed"].as_u64(), lined["waitlisted"].as_u64()),
        (Some(1), Some(2))
    );

    // The first gives the place back: the first in line has it, and is told.
    let (status, after) = withdraw(&server, &first, "lecture-1", "s-first").await;
    assert_eq!(status, 200);
    assert!(after["mine"].as_array().expect("mine").is_empty());
    let seen = server
        .get_json(&second, "/api/v1/activities/lecture-1")
        .await;
    assert_eq!(mine(&seen).0, "confirmed");
    let seen = server
        .get_json(&third, "/api/v1/activities/lecture-1")
        .await;
    assert_eq!(
        (mine(&seen).0.as_str(), mine(&seen).1),
        ("waitlisted", Some(1))
    );
    assert_eq!(
        told(&server, &second).await,
        [("activity_place".to_string(), "lecture-1".to_string())]
    );
    assert!(
        told(&server, &third).await.is_empty(),
        "still in line: nothing to tell"
    );
    assert!(told(&server, &first).await.is_empty());

    // Withdrawing again, or someone else's sign-up, changes nothing.
    assert_eq!(
        withdraw(&server, &first, "lecture-1", "s-first").await.0,
        200
    );
    let (_, untouched) = withdraw(&server, &first, "lecture-1", "s-second").await;
    assert_eq!(untouched["confirmed"], 1);
    server.stop().await;
}

#[tokio::test]
async fn a_resend_is_the_same_sign_up_and_an_id_is_one_persons() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.demo_sign_in(ADMIN).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let neighbour = server.demo_sign_in(NEIGHBOUR).await;
    put_activity(&server, &admin, "lecture-2", lecture(30, 24 * 60)).await;
    let (_, once) = sign_up(&server, &resident, "lecture-2", "s-1", json!({})).await;
    let (status, twice) = sign_up(&server, &resident, "lecture-2", "s-1", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(
        mine(&once),
        mine(&twice),
        "a resend answers the first sign-up"
    );
    let (_, other_id) = sign_up(&server, &resident, "lecture-2", "s-2", json!({})).await;
    assert_eq!(other_id["confirmed"], 1, "one person coming is one place");
    assert_eq!(other_id["mine"].as_array().map(Vec::len), Some(1));
    let (status, problem) = sign_up(&server, &neighbour, "lecture-2", "s-1", json!({})).await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (409, Some("id_conflict"))
    );
    let (status, problem) = sign_up(&server, &resident, "lecture-2", "bad id!", json!({})).await;
    assert_eq!(status, 422, "{problem}");
    let (status, _) = sign_up(&server, &resident, "no-such", "s-9", json!({})).await;
    assert_eq!(status, 404);
    let (status, problem) =
        sign_up(&server, &resident, "lecture-2", "s-3", json!({"name": "x"})).await;
    assert_eq!(status, 422, "unknown fields are refused: {problem}");
    server.stop().await;
}

#[tokio::test]
async fn a_guardian_signs_children_up_by_name() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.demo_sign_in(ADMIN).await;
    let guardian = server.demo_sign_in(NEIGHBOUR).await;
    let mut class = lecture(20, 24 * 60);
    class["title"] = json!("四点半课堂：作业辅导");
    class["audience"] = json!("children_with_guardian");
    put_activity(&server, &admin, "class-1", class).await;
    let (status, problem) = sign_up(&server, &guardian, "class-1", "c-0", json!({})).await;
    assert_eq!(status, 422);
    assert!(problem["errors"]["child_name"].is_array(), "{problem}");
    let (_, one) = sign_up(
        &server,
        &guardian,
        "class-1",
        "c-1",
        json!({"child_name": "小明"}),
    )
    .await;
    let (_, two) = sign_up(
        &server,
        &guardian,
        "class-1",
        "c-2",
        json!({"child_name": " 小红 "}),
    )
    .await;
    assert_eq!(one["confirmed"], 1);
    assert_eq!(two["confirmed"], 2);
    let names: Vec<&str> = two["mine"]
        .as_array()
        .expect("mine")
        .iter()
        .filter_map(|s| s["child_name"].as_str())
        .collect();
    assert_eq!(names, ["小明", "小红"]);
    let (status, _) = sign_up(
        &server,
        &guardian,
        "class-1",
        "c-1",
        json!({"child_name": "小红"}),
    )
    .await;
    assert_eq!(status, 409, "an id is one child's");
    server.stop().await;
}

#[tokio::test]
async fn sign_up_closes_at_its_time_and_a_cancelled_activity_tells_everyone_signed_up() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.demo_sign_in(ADMIN).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let neighbour = server.demo_sign_in(NEIGHBOUR).await;
    let mut closing = lecture(1, 24 * 60);
    closing["signup_closes_at"] = json!(in_minutes(-1));
    let (status, problem) = put_activity(&server, &admin, "closed-1", closing.clone()).await;
    assert_eq!(status, 201, "{problem}");
    let (status, problem) = sign_up(&server, &resident, "closed-1", "s-1", json!({})).await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (422, Some("invalid_transition"))
    );

    put_activity(&server, &admin, "lecture-3", lecture(1, 24 * 60)).await;
    sign_up(&server, &resident, "lecture-3", "s-a", json!({})).await;
    sign_up(&server, &neighbour, "lecture-3", "s-b", json!({})).await;
    let cancelled = server
        .send(&admin, Method::DELETE, "/api/v1/activities/lecture-3", None)
        .await;
    assert_eq!(cancelled.status(), 200);
    let cancelled: Value = cancelled.json().await.expect("json");
    assert_eq!(cancelled["cancelled"], true);
    for token in [&resident, &neighbour] {
        assert_eq!(
            told(&server, token).await,
            [("activity_cancelled".to_string(), "lecture-3".to_string())],
            "with a place or in line, each is told"
        );
    }
    assert!(
        told(&server, &admin).await.is_empty(),
        "not of their own act"
    );
    let (status, _) = sign_up(
        &server,
        &server.demo_sign_in(THIRD).await,
        "lecture-3",
        "s-c",
        json!({}),
    )
    .await;
    assert_eq!(status, 422, "a cancelled activity takes no sign-ups");
    let (status, _) = put_activity(&server, &admin, "lecture-3", lecture(5, 24 * 60)).await;
    assert_eq!(status, 422, "a cancelled activity is not changed");
    server.stop().await;
}

#[tokio::test]
async fn staff_change_an_activity_and_those_signed_up_are_told_and_more_places_move_the_line() {
    let server = TestServer::start(&["--demo"]).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let neighbour = server.demo_sign_in(NEIGHBOUR).await;
    let third = server.demo_sign_in(THIRD).await;
    put_activity(&server, &dispatcher, "clinic-1", lecture(2, 24 * 60)).await;
    for (token, id) in [(&resident, "a"), (&neighbour, "b"), (&third, "c")] {
        sign_up(&server, token, "clinic-1", id, json!({})).await;
    }
    let (status, problem) =
        put_activity(&server, &dispatcher, "clinic-1", lecture(1, 24 * 60)).await;
    assert_eq!(status, 422, "fewer places than are taken");
    assert!(problem["errors"]["capacity"].is_array(), "{problem}");
    let (status, changed) =
        put_activity(&server, &dispatcher, "clinic-1", lecture(3, 48 * 60)).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(
        (
            changed["confirmed"].as_u64(),
            changed["waitlisted"].as_u64()
        ),
        (Some(3), Some(0))
    );
    let third_told = told(&server, &third).await;
    assert!(
        third_told.contains(&("activity_place".into(), "clinic-1".into())),
        "{third_told:?}"
    );
    for token in [&resident, &neighbour, &third] {
        assert!(
            told(&server, token)
                .await
                .contains(&("activity_changed".into(), "clinic-1".into())),
            "a move a day later is news to everyone signed up"
        );
    }
    let resident = &resident;
    let forbidden = server
        .send(
            resident,
            Method::PUT,
            "/api/v1/activities/clinic-9",
            Some(lecture(3, 60)),
        )
        .await;
    assert_eq!(forbidden.status(), 403, "residents do not write activities");
    let (status, problem) =
        put_activity(&server, &dispatcher, "clinic-2", json!({"title": ""})).await;
    assert_eq!(status, 422, "{problem}");
    server.stop().await;
}

#[tokio::test]
async fn at_the_door_staff_check_people_in_by_code_once_and_keep_the_devices_time() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.demo_sign_in(ADMIN).await;
    let grid_worker = server.demo_sign_in(GRID_WORKER).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let neighbour = server.demo_sign_in(NEIGHBOUR).await;
    put_activity(&server, &admin, "door-1", lecture(1, 30)).await;
    let (_, placed) = sign_up(&server, &resident, "door-1", "s-1", json!({})).await;
    let (_, lined) = sign_up(&server, &neighbour, "door-1", "s-2", json!({})).await;
    let code = mine(&placed).2;
    let line_code = mine(&lined).2;

    let list = server
        .get_json(&grid_worker, "/api/v1/activities/door-1/signups")
        .await;
    let list = list["items"].as_array().expect("items");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["code"], code.as_str(), "those with a place first");
    assert_eq!(list[0]["name"], "李万章");
    assert_eq!(list[1]["state"], "waitlisted");

    // The device at the door keeps today's and tomorrow's lists.
    let door = server
        .get_json(&grid_worker, "/api/v1/activities/door")
        .await;
    let kept = door["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|list| list["activity"]["id"] == "door-1")
        .cloned()
        .expect("door-1 is today's");
    assert_eq!(kept["signups"].as_array().map(Vec::len), Some(2));
    assert_eq!(kept["signups"][0]["code"], code.as_str());

    // Typed as read out: lower case, a dash.
    let typed = format!("{}-{}", &code[..3], &code[3..]).to_lowercase();
    let taken_at = in_minutes(-1);
    let path = format!("/api/v1/activities/door-1/check-ins/{typed}");
    let first = server
        .send(
            &grid_worker,
            Method::PUT,
            &path,
            Some(json!({"at": taken_at})),
        )
        .await;
    assert_eq!(first.status(), 200);
    let first: Value = first.json().await.expect("json");
    let at = first["checked_in_at"]
        .as_str()
        .expect("checked in")
        .to_string();
    assert_eq!(at, taken_at, "the time the device took it");
    let again: Value = server
        .send(&admin, Method::PUT, &path, Some(json!({})))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        again["checked_in_at"],
        at.as_str(),
        "sent again, the first time stays"
    );
    let seen = server
        .get_json(&resident, "/api/v1/activities/door-1")
        .await;
    assert_eq!(
        seen["mine"][0]["checked_in"], true,
        "the resident's phone shows it"
    );

    let in_line = server
        .send(
            &admin,
            Method::PUT,
            &format!("/api/v1/activities/door-1/check-ins/{line_code}"),
            Some(json!({})),
        )
        .await;
    assert_eq!(in_line.status(), 422, "in line: no place to check into");
    let nobody = server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/activities/door-1/check-ins/ABCDEF",
            Some(json!({})),
        )
        .await;
    assert_eq!(nobody.status(), 404);
    let garbled = server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/activities/door-1/check-ins/0O1IL0",
            Some(json!({})),
        )
        .await;
    assert_eq!(garbled.status(), 422);
    let garbled: Value = garbled.json().await.expect("json");
    assert!(garbled["errors"]["code"].is_array(), "{garbled}");
    let by_resident = server
        .send(&resident, Method::PUT, &path, Some(json!({})))
        .await;
    assert_eq!(
        by_resident.status(),
        403,
        "residents do not check people in"
    );
    let list = server
        .get_as(&resident, "/api/v1/activities/door-1/signups")
        .await;
    assert_eq!(list.status(), 403, "nor see who signed up");

    // Too early: an activity tomorrow.
    put_activity(&server, &admin, "door-2", lecture(5, 24 * 60)).await;
    let (_, tomorrow) = sign_up(&server, &resident, "door-2", "s-3", json!({})).await;
    let early = server
        .send(
            &admin,
            Method::PUT,
            &format!("/api/v1/activities/door-2/check-ins/{}", mine(&tomorrow).2),
            Some(json!({})),
        )
        .await;
    assert_eq!(early.status(), 422);
    server.stop().await;
}

#[tokio::test]
async fn a_weekly_repetition_is_made_once_however_often_it_is_sent() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.demo_sign_in(ADMIN).await;
    put_activity(&server, &admin, "calligraphy", lecture(12, 24 * 60)).await;
    let path = "/api/v1/activities/calligraphy/repeats";
    let body = json!({"every": "week", "times": 4});
    let made = server
        .send(&admin, Method::POST, path, Some(body.clone()))
        .await;
    assert_eq!(made.status(), 201);
    let made: Value = made.json().await.expect("json");
    let items = made["items"].as_array().expect("items");
    assert_eq!(items.len(), 4);
    let starts: Vec<i64> = items
        .iter()
        .map(|a| {
            time::OffsetDateTime::parse(
                a["starts_at"].as_str().expect("start"),
                &time::format_description::well_known::Rfc3339,
            )
            .expect("time")
            .unix_timestamp()
        })
        .collect();
    for pair in starts.windows(2) {
        assert_eq!(pair[1] - pair[0], 7 * 24 * 3600);
    }
    assert!(items
        .iter()
        .all(|a| a["series_id"] == "calligraphy" && a["confirmed"] == 0));
    let again = server.send(&admin, Method::POST, path, Some(body)).await;
    assert_eq!(again.status(), 200, "a resend makes none again");
    let again: Value = again.json().await.expect("json");
    assert_eq!(again["items"].as_array().map(Vec::len), Some(4));
    let too_many = server
        .send(
            &admin,
            Method::POST,
            path,
            Some(json!({"every": "two_weeks", "times": 27})),
        )
        .await;
    assert_eq!(too_many.status(), 422);
    server.stop().await;
}

#[tokio::test]
async fn mine_ics_holds_my_activities_and_a_place_in_line_is_tentative() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.demo_sign_in(ADMIN).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let neighbour = server.demo_sign_in(NEIGHBOUR).await;
    put_activity(&server, &admin, "ics-1", lecture(1, 24 * 60)).await;
    put_activity(&server, &admin, "ics-2", lecture(5, 26 * 60)).await;
    put_activity(&server, &admin, "ics-3", lecture(5, 28 * 60)).await;
    sign_up(&server, &neighbour, "ics-1", "n-1", json!({})).await;
    sign_up(&server, &resident, "ics-1", "r-1", json!({})).await;
    sign_up(&server, &resident, "ics-2", "r-2", json!({})).await;
    let response = server
        .get_as(&resident, "/api/v1/activities/mine.ics")
        .await;
    assert_eq!(response.status(), 200);
    assert!(common::header(&response, "content-type").starts_with("text/calendar"));
    let body = response.text().await.expect("text");
    let unfolded = body.replace("\r\n ", "");
    assert!(unfolded.contains("UID:ics-1") && unfolded.contains("UID:ics-2"));
    assert!(!unfolded.contains("UID:ics-3"));
    assert_eq!(
        unfolded.matches("STATUS:TENTATIVE").count(),
        1,
        "only the place in line"
    );
    server.stop().await;
}

#[tokio::test]
async fn the_months_figures_count_activities_held_and_people_served() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.demo_sign_in(ADMIN).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let neighbour = server.demo_sign_in(NEIGHBOUR).await;
    let db = server.db().await;
    // Two activities held this hour (one with a no-show), one cancelled.
    put_activity(&server, &admin, "held-1", lecture(5, 30)).await;
    put_activity(&server, &admin, "held-2", lecture(5, 30)).await;
    put_activity(&server, &admin, "off-1", lecture(5, 30)).await;
    let (_, a) = sign_up(&server, &resident, "held-1", "f-1", json!({})).await;
    sign_up(&server, &neighbour, "held-1", "f-2", json!({})).await;
    sign_up(&server, &neighbour, "held-2", "f-3", json!({})).await;
    server
        .send(
            &admin,
            Method::PUT,
            &format!("/api/v1/activities/held-1/check-ins/{}", mine(&a).2),
            Some(json!({})),
        )
        .await;
    server
        .send(&admin, Method::DELETE, "/api/v1/activities/off-1", None)
        .await;
    // They are over now: started an hour ago.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    sqlx::query(
        "UPDATE activities SET starts_at = ?, ends_at = ?, signup_closes_at = ?
         WHERE id IN ('held-1', 'held-2', 'off-1')",
    )
    .bind(now - 3600)
    .bind(now - 60)
    .bind(now - 3600)
    .execute(&db)
    .await
    .expect("over");
    let month = in_minutes(-60)[..7].to_string();
    let figures = server
        .get_json(&admin, &format!("/api/v1/activities/figures?month={month}"))
        .await;
    let demo_held = figures["held"].as_u64().expect("held");
    assert!(demo_held >= 2, "{figures}");
    let ours = figures["by_organiser"]
        .as_array()
        .expect("by organiser")
        .iter()
        .find(|o| o["organiser"] == "和平区第二医院")
        .cloned()
        .expect("the health centre's line");
    assert_eq!(
        (ours["held"].as_u64(), ours["served"].as_u64()),
        (Some(2), Some(1)),
        "{figures}"
    );
    assert!(figures["cancelled"].as_u64() >= Some(1));
    assert!(figures["no_shows"].as_u64() >= Some(2), "{figures}");
    let bad = server
        .get_as(&admin, "/api/v1/activities/figures?month=2026-13")
        .await;
    assert_eq!(bad.status(), 422);
    let resident_asks = server.get_as(&resident, "/api/v1/activities/figures").await;
    assert_eq!(resident_asks.status(), 403);
    server.stop().await;
}

#[tokio::test]
async fn the_demo_community_has_a_month_of_activities_and_who_came_to_those_held() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let offset = time::UtcOffset::from_hms(8, 0, 0).expect("offset");
    let today = time::OffsetDateTime::now_utc().to_offset(offset).date();
    let day = |days: i64| (today + time::Duration::days(days)).to_string();
    let path = format!("/api/v1/activities?from={}&to={}", day(-14), day(20));
    let month = server.get_json(&resident, &path).await;
    let items = month["items"].as_array().expect("items");
    assert!(items.len() >= 30, "{} activities", items.len());
    for title in [
        "健康大讲堂",
        "法律大讲堂",
        "四点半课堂",
        "义诊",
        "书法班",
        "烘焙课",
    ] {
        assert!(
            items
                .iter()
                .any(|a| a["title"].as_str().is_some_and(|t| t.starts_with(title))),
            "no {title}"
        );
    }
    let came = items
        .iter()
        .filter(|a| a["mine"][0]["checked_in"] == true)
        .count();
    assert!(came >= 5, "the resident came to {came} of those held");
    assert!(
        items
            .iter()
            .all(|a| a["mine"].as_array().is_some_and(|m| m.len() <= 1)),
        "one sign-up each"
    );
    server.stop().await;
}

#[tokio::test]
async fn one_account_signs_up_a_family_not_a_class_and_a_resend_outlives_a_change() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.demo_sign_in(ADMIN).await;
    let guardian = server.demo_sign_in(NEIGHBOUR).await;
    let mut class = lecture(40, 24 * 60);
    class["audience"] = json!("children_with_guardian");
    put_activity(&server, &admin, "class-2", class).await;
    for n in 0..5 {
        let (status, _) = sign_up(
            &server,
            &guardian,
            "class-2",
            &format!("k-{n}"),
            json!({"child_name": format!("孩子{n}")}),
        )
        .await;
        assert_eq!(status, 200);
    }
    let (status, problem) = sign_up(
        &server,
        &guardian,
        "class-2",
        "k-5",
        json!({"child_name": "孩子5"}),
    )
    .await;
    assert_eq!(status, 422, "a sixth name from one account");
    assert!(problem["errors"]["child_name"].is_array(), "{problem}");
    // The audience changes; a resend of a sign-up taken before is still answered.
    let mut everyone = lecture(40, 24 * 60);
    everyone["audience"] = json!("everyone");
    put_activity(&server, &admin, "class-2", everyone).await;
    let (status, again) = sign_up(
        &server,
        &guardian,
        "class-2",
        "k-0",
        json!({"child_name": "孩子0"}),
    )
    .await;
    assert_eq!(status, 200, "{again}");
    server.stop().await;
}

#[tokio::test]
async fn a_held_activity_is_not_cancelled_or_moved_and_a_series_never_makes_a_date_twice() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.demo_sign_in(ADMIN).await;
    put_activity(&server, &admin, "held-3", lecture(5, 30)).await;
    let db = server.db().await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    sqlx::query("UPDATE activities SET starts_at = ?, signup_closes_at = ? WHERE id = 'held-3'")
        .bind(now - 60)
        .bind(now - 60)
        .execute(&db)
        .await
        .expect("started");
    let cancelled = server
        .send(&admin, Method::DELETE, "/api/v1/activities/held-3", None)
        .await;
    assert_eq!(cancelled.status(), 422, "it was held: the figures keep it");
    let (status, _) = put_activity(&server, &admin, "held-3", lecture(5, 24 * 60)).await;
    assert_eq!(status, 422, "not moved once started");

    put_activity(&server, &admin, "weekly", lecture(12, 24 * 60)).await;
    let path = "/api/v1/activities/weekly/repeats";
    let weekly = server
        .send(
            &admin,
            Method::POST,
            path,
            Some(json!({"every": "week", "times": 4})),
        )
        .await;
    assert_eq!(weekly.status(), 201);
    let fortnightly: Value = server
        .send(
            &admin,
            Method::POST,
            path,
            Some(json!({"every": "two_weeks", "times": 3})),
        )
        .await
        .json()
        .await
        .expect("json");
    let starts: Vec<&str> = fortnightly["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|a| a["starts_at"].as_str())
        .collect();
    let mut unique = starts.clone();
    unique.dedup();
    assert_eq!(starts, unique, "no date twice");
    assert_eq!(
        starts.len(),
        5,
        "weeks 0-3, and week 4 from the fortnightly"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_phone_that_has_the_list_already_gets_304_until_it_changes() {
    let server = TestServer::start(&["--demo"]).await;
    let admin = server.demo_sign_in(ADMIN).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let first = server.get_as(&resident, "/api/v1/activities").await;
    assert_eq!(first.status(), 200);
    let tag = common::header(&first, "etag");
    assert!(!tag.is_empty());
    let again = server
        .client
        .get(server.url("/api/v1/activities"))
        .bearer_auth(&resident)
        .header("if-none-match", &tag)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), 304);
    put_activity(&server, &admin, "new-one", lecture(10, 24 * 60)).await;
    let changed = server
        .client
        .get(server.url("/api/v1/activities"))
        .bearer_auth(&resident)
        .header("if-none-match", &tag)
        .send()
        .await
        .expect("request");
    assert_eq!(changed.status(), 200, "a new activity is news");
    server.stop().await;
}
