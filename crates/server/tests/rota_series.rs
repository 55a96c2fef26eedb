//! Extensions (issue 17): a series of shifts made in one request and cancelled from a
//! date on; who signed up for a shift, and whether they came, which the record of
//! service then believes.

mod common;

use common::TestServer;
use reqwest::Method;
use serde_json::{json, Value};

const RESIDENT: &str = "13800000001";
const VOLUNTEER: &str = "13800000003";
const OTHER_VOLUNTEER: &str = "13800000004";
const DISPATCHER: &str = "13800000005";

/// Every Thursday 09:00–11:00 from Monday 2098-12-29 to Thursday 2099-02-19: eight,
/// across the new year.
fn eight_thursdays() -> Value {
    json!({"title": "周四环境清洁日", "team": "志愿服务队", "station_id": "st-2",
           "weekdays": [4], "start": "09:00", "end": "11:00",
           "from": "2098-12-29", "until": "2099-02-19", "capacity": 12})
}

fn field<'a>(items: &'a Value, name: &str) -> Vec<&'a str> {
    items["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|s| s[name].as_str())
        .collect()
}

#[tokio::test]
async fn a_series_makes_its_shifts_and_cancelling_from_a_date_cancels_only_those_after() {
    let server = TestServer::start(&["--demo"]).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let volunteer = server.demo_sign_in(VOLUNTEER).await;

    let made = server
        .send(
            &dispatcher,
            Method::POST,
            "/api/v1/shifts/series",
            Some(eight_thursdays()),
        )
        .await;
    assert_eq!(made.status(), 201);
    let made: Value = made.json().await.expect("json");
    let series = made["series_id"].as_str().expect("series id").to_string();
    assert_eq!(
        field(&made, "starts_at"),
        [
            "2099-01-01T09:00:00+08:00",
            "2099-01-08T09:00:00+08:00",
            "2099-01-15T09:00:00+08:00",
            "2099-01-22T09:00:00+08:00",
            "2099-01-29T09:00:00+08:00",
            "2099-02-05T09:00:00+08:00",
            "2099-02-12T09:00:00+08:00",
            "2099-02-19T09:00:00+08:00",
        ]
    );
    assert!(field(&made, "ends_at")
        .iter()
        .all(|end| end.ends_with("T11:00:00+08:00")));
    assert!(field(&made, "series_id").iter().all(|s| *s == series));
    assert!(field(&made, "status").iter().all(|s| *s == "open"));

    // A volunteer takes a place on the fifth; the rota shows the series like any shift.
    let fifth = made["items"][4]["id"].as_str().expect("id").to_string();
    let taken = server
        .send(
            &volunteer,
            Method::PUT,
            &format!("/api/v1/shifts/{fifth}/signup"),
            None,
        )
        .await;
    assert_eq!(taken.status(), 200);

    let cancelled = server
        .send(
            &dispatcher,
            Method::DELETE,
            &format!("/api/v1/shifts/series/{series}?from=2099-01-29"),
            None,
        )
        .await;
    assert_eq!(cancelled.status(), 200);
    let cancelled: Value = cancelled.json().await.expect("json");
    assert_eq!(field(&cancelled, "status"), ["cancelled"; 4]);
    assert_eq!(cancelled["items"][0]["id"], fifth.as_str());

    let rota = server
        .get_json(&volunteer, "/api/v1/shifts?from=2098-12-29&to=2099-02-19")
        .await;
    assert_eq!(
        field(&rota, "status"),
        [
            "open",
            "open",
            "open",
            "open",
            "cancelled",
            "cancelled",
            "cancelled",
            "cancelled"
        ]
    );
    // The volunteer keeps seeing the shift they signed up for, cancelled.
    assert_eq!(rota["items"][4]["me"], true);

    let unknown = server
        .send(
            &dispatcher,
            Method::DELETE,
            "/api/v1/shifts/series/se-nope?from=2099-01-01",
            None,
        )
        .await;
    assert_eq!(unknown.status(), 404);
    let resident = server.demo_sign_in(RESIDENT).await;
    let refused = server
        .send(
            &resident,
            Method::POST,
            "/api/v1/shifts/series",
            Some(eight_thursdays()),
        )
        .await;
    assert_eq!(refused.status(), 403);
    server.stop().await;
}

#[tokio::test]
async fn a_series_too_long_or_of_no_day_is_refused_at_its_field_and_makes_nothing() {
    let server = TestServer::start(&["--demo"]).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let db = server.db().await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM shifts")
            .fetch_one(&db)
            .await
            .expect("count")
    };
    let before = count().await;
    for (change, field) in [
        (json!({"until": "2100-01-01"}), "until"),
        (json!({"weekdays": []}), "weekdays"),
        (json!({"weekdays": [8]}), "weekdays"),
        (json!({"start": "25:00"}), "start"),
        (json!({"end": "08:00"}), "end"),
        (json!({"from": "2099-02-30"}), "from"),
        (json!({"capacity": 0}), "capacity"),
        (json!({"station_id": "st-nope"}), "station_id"),
        // Every day for 201 days.
        (
            json!({"weekdays": [1, 2, 3, 4, 5, 6, 7], "until": "2099-07-17"}),
            "until",
        ),
        // No Thursday from Friday to Wednesday.
        (
            json!({"from": "2099-01-02", "until": "2099-01-07"}),
            "weekdays",
        ),
    ] {
        let mut body = eight_thursdays();
        for (key, value) in change.as_object().expect("object") {
            body[key] = value.clone();
        }
        let refused = server
            .send(
                &dispatcher,
                Method::POST,
                "/api/v1/shifts/series",
                Some(body),
            )
            .await;
        assert_eq!(refused.status(), 422, "{change}");
        let problem: Value = refused.json().await.expect("json");
        assert!(problem["errors"][field].is_array(), "{change}: {problem}");
    }
    assert_eq!(count().await, before);
    server.stop().await;
}

#[tokio::test]
async fn staff_see_who_signed_up_and_a_shift_marked_missed_leaves_the_record() {
    let server = TestServer::start(&["--demo"]).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let volunteer = server.demo_sign_in(VOLUNTEER).await;
    let other = server.demo_sign_in(OTHER_VOLUNTEER).await;
    let db = server.db().await;

    // A two-hour shift that ended an hour ago, both volunteers signed up before it began.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    sqlx::query(
        "INSERT INTO shifts (id, community_id, title, team, station_id, starts_at, ends_at, capacity, updated_at)
         VALUES ('sh-done', 'c-yuhua', '驿站晚间值守', '党员先锋队', 'st-1', ?, ?, 2, ?)",
    )
    .bind(now - 3 * 3600)
    .bind(now - 3600)
    .bind(now)
    .execute(&db)
    .await
    .expect("shift");
    for (user, at) in [("u-13800000004", now - 9000), ("u-13800000003", now - 8000)] {
        sqlx::query(
            "INSERT INTO shift_signups (shift_id, user_id, created_at) VALUES ('sh-done', ?, ?)",
        )
        .bind(user)
        .bind(at)
        .execute(&db)
        .await
        .expect("signup");
    }

    let signups = server
        .get_json(&dispatcher, "/api/v1/shifts/sh-done/signups")
        .await;
    assert_eq!(
        field(&signups, "user_id"),
        ["u-13800000004", "u-13800000003"]
    );
    assert_eq!(field(&signups, "phone"), ["13800000004", "13800000003"]);
    assert_eq!(field(&signups, "name"), ["许礼文", "王静"]);
    assert!(signups["items"][0]["attended"].is_null());
    assert!(signups["items"][0]["signed_up_at"]
        .as_str()
        .is_some_and(|t| t.ends_with("+08:00")));

    let attendance = |user: &'static str, attended: bool| {
        let server = &server;
        let dispatcher = &dispatcher;
        async move {
            server
                .send(
                    dispatcher,
                    Method::PUT,
                    &format!("/api/v1/shifts/sh-done/attendance/{user}"),
                    Some(json!({ "attended": attended })),
                )
                .await
        }
    };
    let missed = attendance("u-13800000004", false).await;
    assert_eq!(missed.status(), 200);
    let missed: Value = missed.json().await.expect("json");
    assert_eq!(missed["attended"], false);
    assert_eq!(missed["user_id"], "u-13800000004");
    assert_eq!(attendance("u-13800000003", true).await.status(), 200);
    // Not signed up: nothing to mark.
    assert_eq!(attendance("u-13800000001", true).await.status(), 404);

    let record = server.get_json(&volunteer, "/api/v1/me/record").await;
    assert_eq!(
        (record["shifts"].as_u64(), record["shift_minutes"].as_u64()),
        (Some(1), Some(120))
    );
    let record = server.get_json(&other, "/api/v1/me/record").await;
    assert_eq!(record["shifts"], 0, "marked missed: {record}");
    // Marked again, it counts.
    assert_eq!(attendance("u-13800000004", true).await.status(), 200);
    let record = server.get_json(&other, "/api/v1/me/record").await;
    assert_eq!(record["shifts"], 1);

    // Before a shift starts there is nothing to mark yet.
    let rota = server.get_json(&volunteer, "/api/v1/shifts").await;
    let coming = rota["items"]
        .as_array()
        .and_then(|items| items.iter().find(|s| s["status"] == "open"))
        .and_then(|s| s["id"].as_str())
        .expect("an open shift")
        .to_string();
    let taken = server
        .send(
            &volunteer,
            Method::PUT,
            &format!("/api/v1/shifts/{coming}/signup"),
            None,
        )
        .await;
    assert_eq!(taken.status(), 200);
    let early = server
        .send(
            &dispatcher,
            Method::PUT,
            &format!("/api/v1/shifts/{coming}/attendance/u-13800000003"),
            Some(json!({"attended": true})),
        )
        .await;
    assert_eq!(early.status(), 422);
    let problem: Value = early.json().await.expect("json");
    assert_eq!(problem["type"], "invalid_transition");

    // Volunteers do not see each other's phones this way.
    let refused = server
        .get_as(&volunteer, "/api/v1/shifts/sh-done/signups")
        .await;
    assert_eq!(refused.status(), 403);
    let unknown = server
        .get_as(&dispatcher, "/api/v1/shifts/sh-nope/signups")
        .await;
    assert_eq!(unknown.status(), 404);
    server.stop().await;
}

#[tokio::test]
async fn a_series_resent_under_its_id_after_a_lost_answer_is_made_once() {
    let server = TestServer::start(&["--demo"]).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let mut body = eight_thursdays();
    body["id"] = json!("0190f0c2-5b7e-7a00-8000-000000000001");
    let first = server
        .send(
            &dispatcher,
            Method::POST,
            "/api/v1/shifts/series",
            Some(body.clone()),
        )
        .await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.expect("json");
    // The answer never reached the phone; it sends the same series again.
    let again = server
        .send(
            &dispatcher,
            Method::POST,
            "/api/v1/shifts/series",
            Some(body),
        )
        .await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.expect("json");
    assert_eq!(again["series_id"], first["series_id"]);
    assert_eq!(field(&again, "id"), field(&first, "id"));
    let listed: Value = server
        .send(
            &dispatcher,
            Method::GET,
            "/api/v1/shifts?from=2099-01-01&to=2099-02-28",
            None,
        )
        .await
        .json()
        .await
        .expect("json");
    let made = field(&listed, "title")
        .into_iter()
        .filter(|title| *title == "周四环境清洁日")
        .count();
    assert_eq!(made, 8, "eight Thursdays, not sixteen");
}
