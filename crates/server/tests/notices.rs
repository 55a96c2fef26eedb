//! Extension (issue 17): the community's notices. Several, each shown between two dates
//! in the community's time zone, pinned first; the one announcement of older apps stays
//! true (the first notice shown), and an older admin tool's announcement still writes.

mod common;

use common::{header, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

const RESIDENT: &str = "13800000001";
const ADMIN: &str = "13800000006";

/// The community's today, and `days` from it, as `YYYY-MM-DD`.
fn day(days: i64) -> String {
    let offset = time::UtcOffset::from_hms(8, 0, 0).expect("+08:00");
    (time::OffsetDateTime::now_utc().to_offset(offset).date() + time::Duration::days(days))
        .to_string()
}

fn ids(board: &Value) -> Vec<String> {
    board["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|n| n["id"].as_str().map(str::to_string))
        .collect()
}

async fn put_notice(server: &TestServer, admin: &str, id: &str, body: Value) -> u16 {
    server
        .send(
            admin,
            Method::PUT,
            &format!("/api/v1/notices/{id}"),
            Some(body),
        )
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn notices_show_by_date_pinned_first_and_the_old_announcement_stays_true() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let admin = server.demo_sign_in(ADMIN).await;

    // The demo's announcement is the first notice, pinned; an older app reads it as ever.
    let board = server.get_json(&resident, "/api/v1/notices").await;
    assert_eq!(ids(&board), ["announcement", "heating"]);
    let community = server.get_json(&resident, "/api/v1/community").await;
    assert_eq!(community["announcement"], board["items"][0]["body"]);
    assert_eq!(community["residents_choose_grid"], false);

    for (id, starts, ends, pinned, status) in [
        ("n-past", Some(day(-10)), Some(day(-1)), true, 201),
        ("n-future", Some(day(1)), None, true, 201),
        ("n-pinned", Some(day(-1)), None, true, 201),
        ("n-week", Some(day(-3)), Some(day(3)), false, 201),
        ("n-week", Some(day(-3)), Some(day(3)), false, 200),
    ] {
        let body = json!({"title": format!("通知 {id}"), "body": format!("内容 {id}"),
                          "starts_on": starts, "ends_on": ends, "pinned": pinned});
        assert_eq!(put_notice(&server, &admin, id, body).await, status, "{id}");
    }
    // Today's, pinned first, then the newest: the announcement (written today) before
    // the notice pinned since yesterday; the heating notice (from today) before the week's.
    let board = server.get_json(&resident, "/api/v1/notices").await;
    assert_eq!(
        ids(&board),
        ["announcement", "n-pinned", "heating", "n-week"]
    );
    assert_eq!(board["items"][1]["starts_on"], day(-1));
    assert_eq!(board["items"][1]["pinned"], true);

    // Admins see every notice, to edit them; nobody else may ask.
    let all = server.get_json(&admin, "/api/v1/notices?all=true").await;
    for id in ["n-past", "n-future"] {
        assert!(ids(&all).contains(&id.to_string()), "{id} in {all}");
    }
    let refused = server.get_as(&resident, "/api/v1/notices?all=true").await;
    assert_eq!(refused.status(), 403);
    let odd = server.get_as(&admin, "/api/v1/notices?all=maybe").await;
    assert_eq!(odd.status(), 422);

    // An admin tool made before notices writes the announcement through /community.
    let mut edited = server.get_json(&admin, "/api/v1/community").await;
    edited["announcement"] = json!("周六上午停水，请提前储水。");
    let put = server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/community",
            Some(edited.clone()),
        )
        .await;
    assert_eq!(put.status(), 200);
    let community = server.get_json(&resident, "/api/v1/community").await;
    assert_eq!(community["announcement"], "周六上午停水，请提前储水。");
    let board = server.get_json(&resident, "/api/v1/notices").await;
    assert_eq!(board["items"][0]["id"], "announcement");
    assert_eq!(board["items"][0]["body"], "周六上午停水，请提前储水。");

    // The body GET answered, sent back as it was, changes no notice.
    let before = server.get_json(&admin, "/api/v1/notices?all=true").await;
    let mut same = server.get_json(&admin, "/api/v1/community").await;
    same["hotline"] = json!("022-23456780");
    let put = server
        .send(&admin, Method::PUT, "/api/v1/community", Some(same))
        .await;
    assert_eq!(put.status(), 200);
    assert_eq!(
        server.get_json(&admin, "/api/v1/notices?all=true").await,
        before
    );

    // Without the announcement notice, the announcement is the next notice shown.
    let removed = server
        .send(&admin, Method::DELETE, "/api/v1/notices/announcement", None)
        .await;
    assert_eq!(removed.status(), 204);
    let community = server.get_json(&resident, "/api/v1/community").await;
    assert_eq!(community["announcement"], "内容 n-pinned");
    let again = server
        .send(&admin, Method::DELETE, "/api/v1/notices/announcement", None)
        .await;
    assert_eq!(again.status(), 404);
    // An empty announcement from an old tool removes nothing else.
    let mut cleared = server.get_json(&admin, "/api/v1/community").await;
    cleared["announcement"] = json!("");
    let put = server
        .send(&admin, Method::PUT, "/api/v1/community", Some(cleared))
        .await;
    assert_eq!(put.status(), 200);
    let board = server.get_json(&resident, "/api/v1/notices").await;
    assert_eq!(ids(&board), ["n-pinned", "heating", "n-week"]);
    server.stop().await;
}

#[tokio::test]
async fn the_board_has_a_strong_etag_that_moves_with_every_write() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let admin = server.demo_sign_in(ADMIN).await;
    let first = server.get_as(&resident, "/api/v1/notices").await;
    let tag = header(&first, "etag");
    assert!(tag.starts_with('"') && tag.len() > 2, "strong: {tag}");
    let again = server
        .client
        .get(server.url("/api/v1/notices"))
        .bearer_auth(&resident)
        .header("if-none-match", &tag)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), 304);
    assert_eq!(again.text().await.expect("body"), "");

    // A notice that does not show today still changes what admins see, not the board.
    let body = json!({"title": "元旦活动", "starts_on": day(30)});
    assert_eq!(put_notice(&server, &admin, "n-later", body).await, 201);
    let community_tag = header(&server.get_as(&resident, "/api/v1/community").await, "etag");
    let body = json!({"title": "今天停电", "body": "下午两点到四点", "starts_on": day(0), "ends_on": day(0)});
    assert_eq!(put_notice(&server, &admin, "n-today", body).await, 201);
    let after = server
        .client
        .get(server.url("/api/v1/notices"))
        .bearer_auth(&resident)
        .header("if-none-match", &tag)
        .send()
        .await
        .expect("request");
    assert_eq!(after.status(), 200);
    assert_ne!(header(&after, "etag"), tag);
    let board: Value = after.json().await.expect("json");
    assert!(ids(&board).contains(&"n-today".to_string()));
    assert!(!ids(&board).contains(&"n-later".to_string()));
    // The community's tag is its body's: a notice below the pinned announcement leaves
    // it (the announcement is the same); a new first notice moves it.
    assert_eq!(
        header(&server.get_as(&resident, "/api/v1/community").await, "etag"),
        community_tag
    );
    let body = json!({"title": "紧急通知", "body": "今晚八点全楼停水", "pinned": true});
    assert_eq!(put_notice(&server, &admin, "n-urgent", body).await, 201);
    let community = server.get_as(&resident, "/api/v1/community").await;
    assert_ne!(header(&community, "etag"), community_tag);
    let community: Value = community.json().await.expect("json");
    assert_eq!(community["announcement"], "今晚八点全楼停水");
    server.stop().await;
}

#[tokio::test]
async fn a_bad_notice_is_refused_at_its_field_and_only_admins_write() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let admin = server.demo_sign_in(ADMIN).await;
    let bad = server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/notices/n-bad",
            Some(json!({"title": "告".repeat(61), "body": "字".repeat(2001),
                        "starts_on": "2026-12-05", "ends_on": "2026-12-04"})),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let problem: Value = bad.json().await.expect("json");
    for field in ["title", "body", "ends_on"] {
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
    let bad_id = server
        .send(
            &admin,
            Method::PUT,
            "/api/v1/notices/n%20bad",
            Some(json!({"title": "通知"})),
        )
        .await;
    assert_eq!(bad_id.status(), 422);
    let not_admin = server
        .send(
            &resident,
            Method::PUT,
            "/api/v1/notices/n-x",
            Some(json!({"title": "通知"})),
        )
        .await;
    assert_eq!(not_admin.status(), 403);
    let all = server.get_json(&admin, "/api/v1/notices?all=true").await;
    assert_eq!(ids(&all), ["announcement", "heating"], "nothing written");
    server.stop().await;
}
