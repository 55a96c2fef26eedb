//! Issue 19, appointments (预约) on the real server over a real SQLite file: residents
//! racing for a slot's last place, each sending twice at once (a phone resending a
//! request whose answer was lost) — one wins, once, and every other is told the slot is
//! full and offered the next free one; equipment lent for days is never promised twice;
//! eligibility as data (an age, a spacing); a time that is no slot; staff's day and
//! marks; the reminder the day before.

mod common;

use std::sync::Arc;

use common::TestServer;
use reqwest::Method;
use serde_json::{json, Value};

const ADMIN: &str = "13800000006";
const DISPATCHER: &str = "13800000005";
const OLDER: &str = "13800000001"; // 李万章, born 1944
const YOUNGER: &str = "13800000002"; // 曹菊兰, born 1950

/// A thing with one slot an hour, all day every day, for the coming two days: whatever
/// the hour the test runs, it has slots ahead.
fn hourly(name: &str, capacity: u32) -> Value {
    json!({
        "name": name,
        "provider": "社区法律顾问",
        "kind": "consultation",
        "address": "社区党群服务中心一楼",
        "rules": [{"days": [1, 2, 3, 4, 5, 6, 7], "from": "00:00", "until": "24:00", "minutes": 60}],
        "capacity": capacity,
        "ahead_days": 2
    })
}

async fn put_thing(server: &TestServer, id: &str, body: Value) -> Value {
    let admin = server.demo_sign_in(ADMIN).await;
    let put = server
        .send(
            &admin,
            Method::PUT,
            &format!("/api/v1/bookables/{id}"),
            Some(body),
        )
        .await;
    assert_eq!(put.status(), 201);
    put.json().await.expect("json")
}

fn slot_start(thing: &Value, n: usize) -> String {
    thing["slots"][n]["starts_at"]
        .as_str()
        .expect("a slot")
        .to_string()
}

async fn book(server: &TestServer, token: &str, thing: &str, id: &str, at: &str) -> (u16, Value) {
    let response = server
        .send(
            token,
            Method::PUT,
            &format!("/api/v1/bookables/{thing}/bookings/{id}"),
            Some(json!({ "starts_at": at })),
        )
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn residents_racing_for_a_slots_last_place_one_wins_once_and_the_rest_are_offered_the_next() {
    const RACERS: usize = 20;
    let server = Arc::new(TestServer::start(&["--demo", "--rate-limit", "0"]).await);
    let thing = put_thing(&server, "race", hourly("法律咨询", 1)).await;
    let (wanted, next) = (slot_start(&thing, 0), slot_start(&thing, 1));
    let mut tokens = Vec::new();
    for n in 0..RACERS {
        tokens.push(server.sign_in(&format!("139{:08}", 40_000 + n)).await);
    }
    let mut racing = Vec::new();
    for (n, token) in tokens.iter().enumerate() {
        for _ in 0..2 {
            let (server, token, wanted) = (server.clone(), token.clone(), wanted.clone());
            racing.push(tokio::spawn(async move {
                book(&server, &token, "race", &format!("k-{n}"), &wanted).await
            }));
        }
    }
    let mut answers = Vec::new();
    for task in racing {
        answers.push(task.await.expect("task"));
    }
    let winners: Vec<usize> = (0..RACERS)
        .filter(|n| answers[n * 2].0 == 200 || answers[n * 2 + 1].0 == 200)
        .collect();
    assert_eq!(winners.len(), 1, "one resident gets the slot");
    for (status, body) in &answers {
        match status {
            200 => {
                assert_eq!(body["mine"].as_array().map(Vec::len), Some(1), "{body}");
                assert_eq!(body["slots"][0]["left"], 0, "{body}");
            }
            409 => {
                assert_eq!(body["type"], "slot_full", "{body}");
                assert_eq!(body["next_free"].as_str(), Some(next.as_str()), "{body}");
            }
            other => panic!("a race is never an error: {other} {body}"),
        }
    }
    let db = server.db().await;
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM bookings WHERE bookable_id = 'race'")
            .fetch_one(&db)
            .await
            .expect("count");
    assert_eq!(stored, 1, "the slot is booked once");

    // The one who lost books the next free slot; the winner cancels, and the slot is free.
    let loser = (0..RACERS).find(|n| !winners.contains(n)).expect("a loser");
    let (status, _) = book(&server, &tokens[loser], "race", "k-next", &next).await;
    assert_eq!(status, 200);
    let winner = winners[0];
    let cancelled = server
        .send(
            &tokens[winner],
            Method::DELETE,
            &format!("/api/v1/bookables/race/bookings/k-{winner}"),
            None,
        )
        .await;
    assert_eq!(cancelled.status(), 200);
    let after: Value = cancelled.json().await.expect("json");
    assert_eq!(after["slots"][0]["left"], 1, "{after}");
    assert_eq!(after["slots"][1]["left"], 0, "{after}");
}

#[tokio::test]
async fn a_unit_lent_for_a_week_is_not_promised_twice_while_it_is_out() {
    let server = TestServer::start(&["--demo", "--rate-limit", "0"]).await;
    let mut body = hourly("血压计借用", 2);
    body["kind"] = json!("equipment");
    body["loan_days"] = json!(7);
    body["rules"] =
        json!([{"days": [1, 2, 3, 4, 5, 6, 7], "from": "08:00", "until": "20:00", "minutes": 720}]);
    body["ahead_days"] = json!(5);
    let thing = put_thing(&server, "monitor", body).await;
    let days: Vec<String> = (0..3).map(|n| slot_start(&thing, n)).collect();
    let mut answers = Vec::new();
    for (n, day) in days.iter().enumerate() {
        let token = server.sign_in(&format!("139{:08}", 50_000 + n)).await;
        answers.push(book(&server, &token, "monitor", &format!("m-{n}"), day).await);
    }
    assert_eq!(answers[0].0, 200);
    assert!(
        answers[0].1["mine"][0]["return_by"].is_string(),
        "{}",
        answers[0].1
    );
    assert_eq!(answers[1].0, 200, "the second unit");
    assert_eq!(
        answers[2].0, 409,
        "both units are out that week: {}",
        answers[2].1
    );
    assert_eq!(answers[2].1["type"], "slot_full");
}

#[tokio::test]
async fn who_may_book_is_data_an_age_and_a_spacing() {
    let server = TestServer::start(&["--demo", "--rate-limit", "0"]).await;
    let mut body = hourly("上门理发", 3);
    body["kind"] = json!("home_visit");
    body["address"] = Value::Null;
    body["ahead_days"] = json!(20);
    body["eligibility"] = json!({"min_age": 80, "once_every_days": 14});
    let thing = put_thing(&server, "barber", body).await;
    let (first, day_later) = (slot_start(&thing, 0), slot_start(&thing, 24));
    let older = server.demo_sign_in(OLDER).await;
    let younger = server.demo_sign_in(YOUNGER).await;
    let unknown = server.sign_in("13900060000").await;

    let (status, _) = book(&server, &older, "barber", "b-1", &first).await;
    assert_eq!(status, 200, "80 and over");
    let (status, problem) = book(&server, &older, "barber", "b-2", &day_later).await;
    assert_eq!(
        (status, &problem["reason"]),
        (422, &json!("too_soon")),
        "{problem}"
    );
    let (status, problem) = book(&server, &younger, "barber", "b-3", &first).await;
    assert_eq!(
        (status, &problem["reason"]),
        (422, &json!("too_young")),
        "{problem}"
    );
    assert_eq!(problem["type"], "not_eligible");
    let (status, problem) = book(&server, &unknown, "barber", "b-4", &first).await;
    assert_eq!(
        (status, &problem["reason"]),
        (422, &json!("age_unknown")),
        "{problem}"
    );

    // The post adds the year of birth; the resident books.
    let me = server.get_json(&unknown, "/api/v1/me").await;
    let id = me["id"].as_str().expect("id").to_string();
    let admin = server.demo_sign_in(ADMIN).await;
    let set = server
        .send(
            &admin,
            Method::PUT,
            &format!("/api/v1/users/{id}"),
            Some(json!({"name": me["name"], "active": true, "birth_year": 1941})),
        )
        .await;
    assert_eq!(set.status(), 200);
    let listed = server.get_json(&admin, "/api/v1/users?q=13900060000").await;
    assert_eq!(listed["items"][0]["birth_year"], 1941, "{listed}");
    // A client that leaves the year out (it never heard of it) does not erase it.
    let renamed = server
        .send(
            &admin,
            Method::PUT,
            &format!("/api/v1/users/{id}"),
            Some(json!({"name": "孙奶奶", "active": true})),
        )
        .await;
    assert_eq!(renamed.status(), 200);
    let listed = server.get_json(&admin, "/api/v1/users?q=13900060000").await;
    assert_eq!(listed["items"][0]["birth_year"], 1941, "kept: {listed}");
    let (status, _) = book(&server, &unknown, "barber", "b-4", &first).await;
    assert_eq!(status, 200, "81 now, by the community's records");
}

#[tokio::test]
async fn a_booking_names_one_of_the_slots_offered_and_a_resend_is_the_same_booking() {
    let server = TestServer::start(&["--demo", "--rate-limit", "0"]).await;
    let thing = put_thing(&server, "advice", hourly("法律咨询", 1)).await;
    let resident = server.demo_sign_in(YOUNGER).await;
    let at = slot_start(&thing, 0);
    let off_the_hour = at.replacen(":00:00+", ":20:00+", 1);
    let (status, problem) = book(&server, &resident, "advice", "a-1", &off_the_hour).await;
    assert_eq!(status, 422, "{problem}");
    assert!(problem["errors"]["starts_at"].is_array(), "{problem}");
    let (status, problem) = book(&server, &resident, "advice", "a-1", "周二下午").await;
    assert_eq!(status, 422, "{problem}");
    let (first, _) = book(&server, &resident, "advice", "a-1", &at).await;
    let (again, body) = book(&server, &resident, "advice", "a-1", &at).await;
    assert_eq!((first, again), (200, 200));
    assert_eq!(body["mine"].as_array().map(Vec::len), Some(1));
    let other = slot_start(&thing, 1);
    let (status, problem) = book(&server, &resident, "advice", "a-1", &other).await;
    assert_eq!((status, &problem["type"]), (409, &json!("id_conflict")));
    let (status, problem) = book(&server, &resident, "nothing", "a-9", &at).await;
    assert_eq!(status, 404, "{problem}");

    // Cancelled on one phone, the same booking resent late from another is answered, not
    // booked again; booked anew under a new id, it is.
    let cancelled = server
        .send(
            &resident,
            Method::DELETE,
            "/api/v1/bookables/advice/bookings/a-1",
            None,
        )
        .await;
    assert_eq!(cancelled.status(), 200);
    let (status, late) = book(&server, &resident, "advice", "a-1", &at).await;
    assert_eq!(status, 200, "{late}");
    assert_eq!(late["mine"].as_array().map(Vec::len), Some(0), "{late}");
    assert_eq!(late["slots"][0]["left"], 1, "{late}");
    let (status, again) = book(&server, &resident, "advice", "a-2", &at).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["mine"].as_array().map(Vec::len), Some(1), "{again}");

    // A cancellation resent after its slot began (its answer was lost) is answered as
    // the first was, not refused.
    let db = server.db().await;
    sqlx::query("UPDATE bookings SET starts_at = starts_at - 86400 * 3, ends_at = ends_at - 86400 * 3, holds_until = holds_until - 86400 * 3 WHERE id = 'a-1'")
        .execute(&db)
        .await
        .expect("the slot has begun");
    let resent = server
        .send(
            &resident,
            Method::DELETE,
            "/api/v1/bookables/advice/bookings/a-1",
            None,
        )
        .await;
    assert_eq!(resent.status(), 200);
}

#[tokio::test]
async fn two_runs_starting_together_offer_one_slot_and_it_can_be_booked() {
    let server = TestServer::start(&["--demo", "--rate-limit", "0"]).await;
    let mut body = hourly("活动室", 1);
    body["kind"] = json!("room");
    body["rules"] = json!([
        {"days": [1, 2, 3, 4, 5, 6, 7], "from": "00:00", "until": "24:00", "minutes": 120},
        {"days": [1, 2, 3, 4, 5, 6, 7], "from": "00:00", "until": "24:00", "minutes": 60}
    ]);
    let thing = put_thing(&server, "room", body).await;
    let resident = server.demo_sign_in(YOUNGER).await;
    // An even hour, where both runs start a slot.
    let at = thing["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .filter_map(|slot| slot["starts_at"].as_str())
        .find(|at| {
            at.get(11..13)
                .and_then(|h| h.parse::<u8>().ok())
                .is_some_and(|h| h % 2 == 0)
        })
        .expect("an even hour within two days")
        .to_string();
    let (status, booked) = book(&server, &resident, "room", "o-1", &at).await;
    assert_eq!(status, 200, "a slot shown is a slot booked: {booked}");
}

#[tokio::test]
async fn staff_see_the_days_bookings_and_mark_them_once_begun() {
    let server = TestServer::start(&["--demo", "--rate-limit", "0"]).await;
    let thing = put_thing(&server, "desk", hourly("错时服务", 2)).await;
    let resident = server.demo_sign_in(YOUNGER).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let at = slot_start(&thing, 0);
    let (status, made) = book(&server, &resident, "desk", "d-1", &at).await;
    assert_eq!(status, 200, "{made}");
    let date = &at[..10];
    let day = server
        .get_json(&dispatcher, &format!("/api/v1/bookings?date={date}"))
        .await;
    let row = day["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|b| b["id"] == "d-1")
        .cloned()
        .expect("on the day's list");
    assert_eq!(row["name"], "曹菊兰");
    assert_eq!(row["phone"], YOUNGER, "the phone whole");
    let refused = server.get_as(&resident, "/api/v1/bookings").await;
    assert_eq!(refused.status(), 403, "a resident sees no one's bookings");
    let early = server
        .send(
            &dispatcher,
            Method::PUT,
            "/api/v1/bookings/d-1/outcome",
            Some(json!({"outcome": "no_show"})),
        )
        .await;
    assert_eq!(early.status(), 422, "nobody is a no-show before the slot");

    // Earlier today, a booking whose slot has begun.
    let db = server.db().await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    sqlx::query(
        "INSERT INTO bookings (id, bookable_id, user_id, starts_at, ends_at, holds_until, created_ms)
         VALUES ('d-past', 'desk', 'u-13800000002', ?, ?, ?, ?)",
    )
    .bind(now - 1800)
    .bind(now + 1800)
    .bind(now + 1800)
    .bind((now - 86_400) * 1000)
    .execute(&db)
    .await
    .expect("a booking made yesterday");
    let marked = server
        .send(
            &dispatcher,
            Method::PUT,
            "/api/v1/bookings/d-past/outcome",
            Some(json!({"outcome": "done"})),
        )
        .await;
    assert_eq!(marked.status(), 200);
    let marked: Value = marked.json().await.expect("json");
    assert_eq!(marked["state"], "done");
    let mine = server.get_json(&resident, "/api/v1/bookables/desk").await;
    let states: Vec<&str> = mine["mine"]
        .as_array()
        .expect("mine")
        .iter()
        .filter_map(|b| b["state"].as_str())
        .collect();
    assert!(states.contains(&"done"), "{mine}");
    let not_staff = server
        .send(
            &resident,
            Method::PUT,
            "/api/v1/bookings/d-past/outcome",
            Some(json!({"outcome": "booked"})),
        )
        .await;
    assert_eq!(not_staff.status(), 403);
}

#[tokio::test]
async fn a_resident_is_reminded_the_day_before_their_slot_once() {
    let server = TestServer::start(&["--demo", "--rate-limit", "0"]).await;
    let thing = put_thing(&server, "remind", hourly("法律咨询", 1)).await;
    let resident = server.demo_sign_in(YOUNGER).await;
    let at = slot_start(&thing, 0);
    let (status, _) = book(&server, &resident, "remind", "r-1", &at).await;
    assert_eq!(status, 200);
    let db = server.db().await;
    let now = yizhan_server::clock::now();
    let first = yizhan_server::bookings::reminders::remind(&db, now)
        .await
        .expect("remind");
    let again = yizhan_server::bookings::reminders::remind(&db, now)
        .await
        .expect("remind");
    assert_eq!((first, again), (1, 0), "told once however often it runs");
    let inbox = server.get_json(&resident, "/api/v1/inbox").await;
    let told: Vec<(String, String)> = inbox["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap_or_default().to_string(),
                i["booking_id"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert!(
        told.contains(&("booking_soon".into(), "r-1".into())),
        "{told:?}"
    );
}
