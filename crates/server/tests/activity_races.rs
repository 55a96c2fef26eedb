//! Issue 19, in the style of issue 13's concurrency suite: residents race for an
//! activity's places on the real server over a real SQLite file, each sending their
//! sign-up twice at once (a phone resending a request whose answer was lost). However the
//! requests interleave: never more places given than there are, one sign-up per person,
//! the line numbered 1, 2, 3… without gaps; and when places are given back while others
//! still arrive, they go to the first in line, each told once.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use common::TestServer;
use reqwest::Method;
use serde_json::{json, Value};

const PLACES: usize = 5;
const RACERS: usize = 30;
const LATE: usize = 10;

fn lecture() -> Value {
    let offset = time::UtcOffset::from_hms(8, 0, 0).expect("offset");
    let start = time::OffsetDateTime::now_utc()
        .to_offset(offset)
        .replace_nanosecond(0)
        .expect("s")
        + time::Duration::days(2);
    let rfc = |t: time::OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .expect("format")
    };
    json!({
        "title": "法律大讲堂：遗嘱与继承",
        "organiser": "社区法律顾问",
        "address": "社区党群服务中心一楼",
        "starts_at": rfc(start),
        "ends_at": rfc(start + time::Duration::hours(1)),
        "capacity": PLACES
    })
}

/// (state, position) of every sign-up of `race`, as staff see them.
async fn register(server: &TestServer, staff: &str) -> Vec<(String, String, Option<u64>)> {
    let list = server
        .get_json(staff, "/api/v1/activities/race/signups")
        .await;
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|s| {
            (
                s["user_id"].as_str().expect("user").to_string(),
                s["state"].as_str().expect("state").to_string(),
                s["position"].as_u64(),
            )
        })
        .collect()
}

fn check_invariants(list: &[(String, String, Option<u64>)]) {
    let placed = list
        .iter()
        .filter(|(_, state, _)| state == "confirmed")
        .count();
    assert_eq!(placed, PLACES, "every place given, never more");
    let people: BTreeSet<&String> = list.iter().map(|(user, _, _)| user).collect();
    assert_eq!(people.len(), list.len(), "one sign-up per person");
    let positions: Vec<u64> = list.iter().filter_map(|(_, _, p)| *p).collect();
    let expected: Vec<u64> = (1..=positions.len() as u64).collect();
    assert_eq!(positions, expected, "the line is numbered without gaps");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_for_the_last_places_gives_each_once_and_the_line_moves_up_in_order() {
    let server = Arc::new(TestServer::start(&["--demo", "--rate-limit", "0"]).await);
    let admin = server.demo_sign_in("13800000006").await;
    let put = server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/activities/race",
            Some(lecture()),
        )
        .await;
    assert_eq!(put.status(), 201);
    let mut tokens = Vec::new();
    for n in 0..RACERS + LATE {
        tokens.push(server.sign_in(&format!("139{:08}", 30_000 + n)).await);
    }

    // Everyone at once, each twice under the same id.
    let mut racing = Vec::new();
    for (n, token) in tokens.iter().take(RACERS).enumerate() {
        for _ in 0..2 {
            let (server, token) = (server.clone(), token.clone());
            racing.push(tokio::spawn(async move {
                let path = format!("/api/v1/activities/race/signups/r-{n}");
                let response = server
                    .send(&token, Method::PUT, &path, Some(json!({})))
                    .await;
                assert_eq!(response.status(), 200, "a race is never an error");
                let body: Value = response.json().await.expect("json");
                body["mine"][0]["state"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            }));
        }
    }
    let mut answers = Vec::new();
    for task in racing {
        answers.push(task.await.expect("task"));
    }
    for pair in answers.chunks(2) {
        assert_eq!(pair[0], pair[1], "a resend is told what the first was");
    }
    let before = register(&server, &admin).await;
    check_invariants(&before);
    assert_eq!(before.len(), RACERS);

    // The five with places give them back while ten more arrive.
    let first_in_line: BTreeSet<String> = before
        .iter()
        .filter(|(_, _, p)| p.is_some_and(|p| p <= PLACES as u64))
        .map(|(user, _, _)| user.clone())
        .collect();
    let holders: Vec<usize> = (0..RACERS)
        .filter(|n| answers[n * 2] == "confirmed")
        .collect();
    assert_eq!(holders.len(), PLACES);
    let mut moving = Vec::new();
    for n in holders {
        let (server, token) = (server.clone(), tokens[n].clone());
        moving.push(tokio::spawn(async move {
            let path = format!("/api/v1/activities/race/signups/r-{n}");
            server
                .send(&token, Method::DELETE, &path, None)
                .await
                .status()
        }));
    }
    for (n, token) in tokens.iter().enumerate().skip(RACERS) {
        let (server, token) = (server.clone(), token.clone());
        moving.push(tokio::spawn(async move {
            let path = format!("/api/v1/activities/race/signups/l-{n}");
            server
                .send(&token, Method::PUT, &path, Some(json!({})))
                .await
                .status()
        }));
    }
    for task in moving {
        assert_eq!(task.await.expect("task"), 200);
    }
    let after = register(&server, &admin).await;
    check_invariants(&after);
    assert_eq!(after.len(), RACERS - PLACES + LATE);
    let placed: BTreeSet<String> = after
        .iter()
        .filter(|(_, state, _)| state == "confirmed")
        .map(|(user, _, _)| user.clone())
        .collect();
    assert_eq!(
        placed, first_in_line,
        "the places went to the first five in line"
    );

    // Each told once, and only they.
    let db = server.db().await;
    let told: Vec<(String, i64)> = sqlx::query_as(
        "SELECT user_id, COUNT(*) FROM inbox WHERE kind = 'activity_place' GROUP BY user_id",
    )
    .fetch_all(&db)
    .await
    .expect("told");
    let told_people: BTreeSet<String> = told.iter().map(|(user, _)| user.clone()).collect();
    assert_eq!(told_people, first_in_line);
    assert!(told.iter().all(|(_, n)| *n == 1), "{told:?}");
}
