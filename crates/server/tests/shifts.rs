//! api-contract.md, "Volunteer shifts": the rota, sign-up and cancel (idempotent, capacity
//! under concurrency), and `mine.ics`.

mod common;

use common::{header, TestServer};
use serde_json::Value;

const RESIDENT: &str = "13800000001";
const VOLUNTEER: &str = "13800000003";
const OTHER_VOLUNTEER: &str = "13800000004";

async fn call(
    server: &TestServer,
    token: &str,
    method: reqwest::Method,
    path: &str,
) -> reqwest::Response {
    server
        .client
        .request(method, server.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("request")
}

async fn rota(server: &TestServer, token: &str) -> Vec<Value> {
    let body: Value = call(server, token, reqwest::Method::GET, "/api/v1/shifts")
        .await
        .json()
        .await
        .expect("json");
    body["items"].as_array().expect("items").clone()
}

fn first_of(shifts: &[Value], key: &str) -> String {
    shifts
        .iter()
        .filter(|s| s["status"] == "open")
        .find(|s| s["id"].as_str().is_some_and(|id| id.ends_with(key)))
        .and_then(|s| s["id"].as_str())
        .expect("a shift of that kind")
        .to_string()
}

#[tokio::test]
async fn the_rota_has_two_weeks_of_evening_weekend_and_thursday_shifts() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in(RESIDENT).await;
    let shifts = rota(&server, &token).await;
    for key in ["evening", "weekend", "cleanup"] {
        assert!(
            shifts
                .iter()
                .any(|s| s["id"].as_str().unwrap_or("").ends_with(key)),
            "no {key}"
        );
    }
    let starts: Vec<&str> = shifts
        .iter()
        .filter_map(|s| s["starts_at"].as_str())
        .collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted, "ordered by starts_at");
    assert!(
        starts.iter().all(|s| s.ends_with("+08:00")),
        "community local time"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_range_over_62_days_or_a_bad_date_is_refused() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in(RESIDENT).await;
    for query in [
        "from=2026-01-01&to=2026-03-05",
        "from=2026-13-01",
        "to=tomorrow",
        "from=2026-03-05&to=2026-03-01",
    ] {
        let response = call(
            &server,
            &token,
            reqwest::Method::GET,
            &format!("/api/v1/shifts?{query}"),
        )
        .await;
        assert_eq!(response.status(), 422, "{query}");
    }
    let ok = call(
        &server,
        &token,
        reqwest::Method::GET,
        "/api/v1/shifts?from=2026-01-01&to=2026-03-03",
    )
    .await;
    assert_eq!(ok.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn only_volunteers_sign_up_and_signing_up_twice_is_one_signup() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.sign_in(RESIDENT).await;
    let volunteer = server.sign_in(VOLUNTEER).await;
    let id = first_of(&rota(&server, &volunteer).await, "cleanup");
    let path = format!("/api/v1/shifts/{id}/signup");

    let refused = call(&server, &resident, reqwest::Method::PUT, &path).await;
    assert_eq!(refused.status(), 403);

    for _ in 0..2 {
        let shift: Value = call(&server, &volunteer, reqwest::Method::PUT, &path)
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(shift["me"], true);
        assert_eq!(shift["signed_up"], 1);
    }
    for _ in 0..2 {
        let response = call(&server, &volunteer, reqwest::Method::DELETE, &path).await;
        assert_eq!(response.status(), 200);
        let shift: Value = response.json().await.expect("json");
        assert_eq!(shift["me"], false);
        assert_eq!(shift["signed_up"], 0);
    }
    server.stop().await;
}

#[tokio::test]
async fn two_volunteers_racing_for_the_last_place_one_gets_it() {
    let server = TestServer::start(&["--demo"]).await;
    let a = server.sign_in(VOLUNTEER).await;
    let b = server.sign_in(OTHER_VOLUNTEER).await;
    let evenings: Vec<String> = rota(&server, &a)
        .await
        .iter()
        .filter(|s| {
            s["status"] == "open" && s["id"].as_str().is_some_and(|id| id.ends_with("evening"))
        })
        .filter_map(|s| s["id"].as_str().map(str::to_string))
        .collect();
    assert!(evenings.len() >= 3);
    let db = server.db().await;
    for id in evenings.iter().take(3) {
        // Capacity 2, one place already taken.
        sqlx::query("INSERT INTO shift_signups (shift_id, user_id, created_at) VALUES (?, 'u-13800000006', 0)")
            .bind(id)
            .execute(&db)
            .await
            .expect("take one place");
        let path = format!("/api/v1/shifts/{id}/signup");
        let (first, second) = tokio::join!(
            call(&server, &a, reqwest::Method::PUT, &path),
            call(&server, &b, reqwest::Method::PUT, &path),
        );
        let mut statuses = [first.status().as_u16(), second.status().as_u16()];
        statuses.sort();
        assert_eq!(statuses, [200, 409], "{id}");
        let loser = if first.status() == 409 { first } else { second };
        assert_eq!(
            loser.json::<Value>().await.expect("json")["type"],
            "shift_full"
        );
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM shift_signups WHERE shift_id = ?")
                .bind(id)
                .fetch_one(&db)
                .await
                .expect("count");
        assert_eq!(count, 2, "never over capacity");
    }
    server.stop().await;
}

#[tokio::test]
async fn a_started_or_cancelled_shift_takes_no_sign_ups() {
    let server = TestServer::start(&["--demo"]).await;
    let volunteer = server.sign_in(VOLUNTEER).await;
    let shifts = rota(&server, &volunteer).await;
    let started = first_of(&shifts, "weekend");
    let cancelled = first_of(&shifts, "cleanup");
    let signed = first_of(&shifts, "evening");
    let db = server.db().await;
    assert_eq!(
        call(
            &server,
            &volunteer,
            reqwest::Method::PUT,
            &format!("/api/v1/shifts/{signed}/signup")
        )
        .await
        .status(),
        200
    );
    sqlx::query("UPDATE shifts SET starts_at = 1000, ends_at = 2000 WHERE id IN (?, ?)")
        .bind(&started)
        .bind(&signed)
        .execute(&db)
        .await
        .expect("start");
    sqlx::query("UPDATE shifts SET cancelled = 1 WHERE id = ?")
        .bind(&cancelled)
        .execute(&db)
        .await
        .expect("cancel");
    for id in [&started, &cancelled] {
        let response = call(
            &server,
            &volunteer,
            reqwest::Method::PUT,
            &format!("/api/v1/shifts/{id}/signup"),
        )
        .await;
        assert_eq!(response.status(), 422, "{id}");
        assert_eq!(
            response.json::<Value>().await.expect("json")["type"],
            "invalid_transition"
        );
    }
    let late = call(
        &server,
        &volunteer,
        reqwest::Method::DELETE,
        &format!("/api/v1/shifts/{signed}/signup"),
    )
    .await;
    assert_eq!(
        late.status(),
        422,
        "no withdrawing from a shift that started"
    );
    server.stop().await;
}

#[tokio::test]
async fn mine_ics_is_a_calendar_of_my_shifts() {
    let server = TestServer::start(&["--demo"]).await;
    let volunteer = server.sign_in(VOLUNTEER).await;
    let shifts = rota(&server, &volunteer).await;
    let mine = first_of(&shifts, "cleanup");
    let not_mine = first_of(&shifts, "weekend");
    call(
        &server,
        &volunteer,
        reqwest::Method::PUT,
        &format!("/api/v1/shifts/{mine}/signup"),
    )
    .await;
    let response = call(
        &server,
        &volunteer,
        reqwest::Method::GET,
        "/api/v1/shifts/mine.ics",
    )
    .await;
    assert_eq!(response.status(), 200);
    assert!(header(&response, "content-type").starts_with("text/calendar"));
    let body = response.text().await.expect("text");
    assert!(body.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(body.ends_with("END:VCALENDAR\r\n"));
    assert!(body.contains(&format!("UID:{mine}\r\n")));
    assert!(!body.contains(&not_mine));
    assert_eq!(body.matches("BEGIN:VEVENT").count(), 1);
    assert!(body.contains("DTSTART:") && body.contains("Z\r\n"));
    assert!(
        body.split("\r\n").all(|line| line.len() <= 75),
        "lines folded at 75 octets"
    );
    server.stop().await;
}
