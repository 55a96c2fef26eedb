//! Issue 18: a volunteer signed up for a shift is reminded within the day before it and
//! again within the two hours before, once each, in their inbox; nobody else is. The
//! server's clock is moved (as `--clock-offset` moves it), not waited for. One test in
//! this file: the clock is the whole process's.
mod common;

use common::TestServer;
use serde_json::Value;
use yizhan_server::{clock, shifts::reminders::remind};

const VOLUNTEER: &str = "13800000003"; // 王静
const OTHER_VOLUNTEER: &str = "13800000004"; // 许礼文

/// (kind, shift id, note) of everything in `token`'s holder's inbox.
async fn told(server: &TestServer, token: &str) -> Vec<(String, String, String)> {
    let page = server.get_json(token, "/api/v1/inbox").await;
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| {
            (
                item["kind"].as_str().unwrap_or_default().to_string(),
                item["shift_id"].as_str().unwrap_or_default().to_string(),
                item["note"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_volunteer_is_reminded_the_day_before_and_two_hours_before_once_each() {
    let server = TestServer::start(&["--demo"]).await;
    let volunteer = server.demo_sign_in(VOLUNTEER).await;
    let other = server.demo_sign_in(OTHER_VOLUNTEER).await;
    let db = server.db().await;
    // A shift two days or more ahead, so that the real clock reminds of nothing yet.
    let (shift, starts_at): (String, i64) = sqlx::query_as(
        "SELECT id, starts_at FROM shifts WHERE cancelled = 0 AND starts_at > ? ORDER BY starts_at LIMIT 1",
    )
    .bind(clock::now() + 2 * 24 * 3600)
    .fetch_one(&db)
    .await
    .expect("a shift ahead");
    let signed = server
        .send(
            &volunteer,
            reqwest::Method::PUT,
            &format!("/api/v1/shifts/{shift}/signup"),
            None,
        )
        .await;
    assert_eq!(signed.status(), 200);
    assert_eq!(
        remind(&db, clock::now()).await.ok(),
        Some(0),
        "too early for anything"
    );

    // The server's clock moved to 23 hours before the shift: the day-before reminder,
    // once however often the reminders are looked for.
    clock::set_offset(starts_at - 23 * 3600 - time::OffsetDateTime::now_utc().unix_timestamp());
    assert_eq!(remind(&db, clock::now()).await.ok(), Some(1));
    assert_eq!(remind(&db, clock::now()).await.ok(), Some(0));
    let when = clock::month_day_minute(starts_at);
    let mine = told(&server, &volunteer).await;
    assert_eq!(
        mine,
        [("shift_tomorrow".to_string(), shift.clone(), when.clone())]
    );
    assert!(
        told(&server, &other).await.is_empty(),
        "not signed up: not told"
    );

    // An hour and a half before: the second reminder, and only that.
    clock::set_offset(starts_at - 90 * 60 - time::OffsetDateTime::now_utc().unix_timestamp());
    assert!(remind(&db, clock::now()).await.is_ok());
    let kinds: Vec<String> = told(&server, &volunteer)
        .await
        .into_iter()
        .map(|(k, _, _)| k)
        .collect();
    assert_eq!(kinds, ["shift_tomorrow", "shift_soon"]);
    let page: Value = server.get_json(&volunteer, "/api/v1/inbox").await;
    assert_eq!(page["unread"], 2);
    assert!(
        page["items"][1]["order_id"].is_null(),
        "about a shift, not an order"
    );

    // Moved an hour later by an admin: told of the move, and reminded anew of the new
    // time (the earlier reminders were of the old one).
    let moved = starts_at + 3600;
    let admin = server.demo_sign_in("13800000006").await;
    let (title, team, station_id, capacity): (String, String, Option<String>, i64) =
        sqlx::query_as("SELECT title, team, station_id, capacity FROM shifts WHERE id = ?")
            .bind(&shift)
            .fetch_one(&db)
            .await
            .expect("the shift");
    let at = |unix: i64| clock::rfc3339_local(unix);
    let body = serde_json::json!({
        "title": title, "team": team, "station_id": station_id,
        "starts_at": at(moved), "ends_at": at(moved + 3600), "capacity": capacity,
    });
    let put = server
        .send(
            &admin,
            reqwest::Method::PUT,
            &format!("/api/v1/shifts/{shift}"),
            Some(body),
        )
        .await;
    assert_eq!(put.status(), 200, "{:?}", put.text().await);
    assert!(remind(&db, clock::now()).await.is_ok());
    let kinds: Vec<String> = told(&server, &volunteer)
        .await
        .into_iter()
        .map(|(k, _, _)| k)
        .collect();
    assert_eq!(
        kinds,
        [
            "shift_tomorrow",
            "shift_soon",
            "shift_changed",
            "shift_tomorrow"
        ]
    );

    // After it started, nothing more.
    clock::set_offset(moved + 60 - time::OffsetDateTime::now_utc().unix_timestamp());
    assert_eq!(remind(&db, clock::now()).await.ok(), Some(0));
    clock::set_offset(0);
    server.stop().await;
}
