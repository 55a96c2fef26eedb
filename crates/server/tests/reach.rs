//! Issue 18: what is told also rings. Pushed to each of the person's devices, encrypted
//! for that device (RFC 8291) and signed by the server (VAPID), retried while the push
//! service is busy and dropped when it says the device is gone; texted to a resident
//! without the app, in her language and within her limit; and what each person chose.
//!
//! The push service here is a local one written from RFC 8030's conventions: it keeps
//! each request, answers 429 or 410 when told to, and the test decrypts the body with the
//! device's own keys.
mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use base64ct::{Base64UrlUnpadded, Encoding};
use common::{SmsCommand, TestServer};
use reqwest::Method;
use serde_json::{json, Value};
use web_push_native::jwt_simple::prelude::{
    ECDSAP256PublicKeyLike, ES256PublicKey, NoCustomClaims,
};
use web_push_native::p256;
use web_push_native::p256::elliptic_curve::sec1::ToEncodedPoint;

const RESIDENT: &str = "13800000001"; // 李万章
const VOLUNTEER: &str = "13800000003"; // 王静
const DISPATCHER: &str = "13800000005"; // 郑翔
const GRID_WORKER: &str = "13800000007"; // 张秀梅

/// Seconds that move the server's clock to 12:00 in the community today, outside the
/// default quiet hours (22:00-07:00) whenever the test runs.
fn to_midday() -> String {
    let now = time::OffsetDateTime::now_utc();
    let china = time::UtcOffset::from_hms(8, 0, 0).expect("offset");
    let local = now.to_offset(china);
    let noon = local.replace_time(time::Time::from_hms(12, 0, 0).expect("noon"));
    (noon - local).whole_seconds().to_string()
}

/// A device: its key pair and authentication secret, as a browser makes them.
struct Device {
    secret: p256::SecretKey,
    auth: [u8; 16],
}

impl Device {
    fn new(seed: u8) -> Device {
        let secret = p256::SecretKey::from_slice(&[seed; 32]).expect("a valid scalar");
        Device {
            secret,
            auth: [seed.wrapping_add(1); 16],
        }
    }

    fn subscription(&self, endpoint: &str) -> Value {
        let public = self.secret.public_key().to_encoded_point(false);
        json!({
            "endpoint": endpoint,
            "expirationTime": null,
            "keys": {
                "p256dh": Base64UrlUnpadded::encode_string(public.as_bytes()),
                "auth": Base64UrlUnpadded::encode_string(&self.auth),
            }
        })
    }

    fn decrypt(&self, body: &[u8]) -> Value {
        let auth = web_push_native::Auth::clone_from_slice(&self.auth);
        let plain = web_push_native::decrypt(body.to_vec(), &self.secret, &auth)
            .expect("the body decrypts with the device's keys");
        serde_json::from_slice(&plain).expect("json")
    }
}

/// What the local push service received: the path (one per device), headers and body.
type Received = Arc<Mutex<Vec<(String, HeaderMap, Vec<u8>)>>>;

/// A push service on a local port. Paths starting `/busy` answer 429 (`Retry-After: 1`)
/// to their first request; paths starting `/gone` answer 410.
async fn push_service() -> (String, Received) {
    let received: Received = Arc::default();
    let kept = Arc::clone(&received);
    let app = axum::Router::new().fallback(
        move |uri: axum::http::Uri, headers: HeaderMap, body: axum::body::Bytes| {
            let kept = Arc::clone(&kept);
            async move {
                let path = uri.path().to_string();
                let mut all = kept.lock().expect("lock");
                let before = all.iter().filter(|(p, _, _)| *p == path).count();
                all.push((path.clone(), headers, body.to_vec()));
                if path.starts_with("/gone") {
                    (StatusCode::GONE, [("retry-after", "0")])
                } else if path.starts_with("/busy") && before == 0 {
                    (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "1")])
                } else {
                    (StatusCode::CREATED, [("retry-after", "0")])
                }
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let origin = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (origin, received)
}

async fn subscribe(server: &TestServer, token: &str, subscription: Value) -> reqwest::Response {
    server
        .send(
            token,
            Method::PUT,
            "/api/v1/push/subscription",
            Some(subscription),
        )
        .await
}

async fn step(server: &TestServer, token: &str, order: &str, body: Value) {
    let current = server
        .get_json(token, &format!("/api/v1/orders/{order}"))
        .await;
    let mut body = body;
    body["id"] = json!(uuid::Uuid::now_v7().to_string());
    let answer = server
        .client
        .post(server.url(&format!("/api/v1/orders/{order}/transitions")))
        .bearer_auth(token)
        .header("if-match", format!("\"{}\"", current["version"]))
        .json(&body)
        .send()
        .await
        .expect("transition");
    assert_eq!(answer.status(), 200, "{body}");
}

/// A demo server that pushes to the local push service at `origin`, its clock at midday.
async fn start_pushing(origin: &str) -> TestServer {
    TestServer::start(&[
        "--demo",
        "--push-service",
        origin,
        "--clock-offset",
        &to_midday(),
    ])
    .await
}

/// The resident's order for the stairwell light; answers its id.
async fn order_the_light(server: &TestServer, resident: &str) -> String {
    server
        .create_order(
            resident,
            json!({"kind": "service", "service_id": "svc-s03", "title": "楼道灯不亮",
                   "attributes": {"location": "3 号楼 2 单元 4 楼"}, "contact_phone": RESIDENT}),
        )
        .await
}

/// The dispatcher sends `order` to 王静.
async fn send_to_wang(server: &TestServer, dispatcher: &str, order: &str) {
    step(
        server,
        dispatcher,
        order,
        json!({"action": "dispatch", "assignee_id": "u-13800000003"}),
    )
    .await;
}

/// Waits up to ten seconds for `check` to hold.
async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..100 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("not within ten seconds: {what}");
}

fn vapid(headers: &HeaderMap) -> (String, String) {
    let value = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let rest = value.strip_prefix("vapid ").unwrap_or_default();
    let mut token = String::new();
    let mut key = String::new();
    for part in rest.split(',') {
        let part = part.trim();
        if let Some(t) = part.strip_prefix("t=") {
            token = t.to_string();
        } else if let Some(k) = part.strip_prefix("k=") {
            key = k.to_string();
        }
    }
    (token, key)
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_dispatched_order_rings_each_of_the_residents_devices_once_encrypted_for_each() {
    let (origin, received) = push_service().await;
    let server = start_pushing(&origin).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let phone = Device::new(7);
    let tablet = Device::new(9);
    let gone = Device::new(11);
    for (device, path) in [
        (&phone, "/busy-phone"),
        (&tablet, "/tablet"),
        (&gone, "/gone-old"),
    ] {
        let answer = subscribe(
            &server,
            &resident,
            device.subscription(&format!("{origin}{path}")),
        )
        .await;
        assert_eq!(answer.status(), 204, "{path}");
    }
    // The same device subscribing again (every start of the app does) is one device.
    let again = subscribe(
        &server,
        &resident,
        tablet.subscription(&format!("{origin}/tablet")),
    )
    .await;
    assert_eq!(again.status(), 204);

    let key = server.get_json(&resident, "/api/v1/push/key").await;
    let server_key = key["public_key"].as_str().expect("key").to_string();
    assert_eq!(
        Base64UrlUnpadded::decode_vec(&server_key)
            .map(|k| k.len())
            .ok(),
        Some(65)
    );

    let order = order_the_light(&server, &resident).await;
    send_to_wang(&server, &dispatcher, &order).await;

    // The busy device is tried again after its Retry-After; the gone one is dropped.
    eventually("the busy phone's second try", || {
        received
            .lock()
            .expect("lock")
            .iter()
            .filter(|(p, _, _)| p == "/busy-phone")
            .count()
            == 2
    })
    .await;
    eventually("the tablet's message", || {
        received
            .lock()
            .expect("lock")
            .iter()
            .any(|(p, _, _)| p == "/tablet")
    })
    .await;
    let all = received.lock().expect("lock").clone();
    for (path, headers, body) in &all {
        let device = match path.as_str() {
            "/busy-phone" => &phone,
            "/tablet" => &tablet,
            _ => &gone,
        };
        assert_eq!(header(headers, "content-encoding"), "aes128gcm", "{path}");
        assert_eq!(header(headers, "ttl"), "43200", "{path}");
        assert_eq!(
            header(headers, "urgency"),
            "normal",
            "{path}: news of one's own order"
        );
        assert!(!header(headers, "topic").is_empty() && header(headers, "topic").len() <= 32);
        let (token, key) = vapid(headers);
        assert_eq!(
            key, server_key,
            "{path}: signed with the key the app subscribed with"
        );
        let claims: Value = serde_json::from_slice(
            &Base64UrlUnpadded::decode_vec(token.split('.').nth(1).unwrap_or_default())
                .expect("claims are base64url"),
        )
        .expect("claims are json");
        assert_eq!(
            claims["aud"],
            origin.as_str(),
            "{path}: the push service's origin"
        );
        assert_eq!(claims["sub"], "mailto:admin@localhost");
        let signer = ES256PublicKey::from_bytes(
            &Base64UrlUnpadded::decode_vec(&key).expect("k is base64url"),
        )
        .expect("k is a P-256 key");
        assert!(
            signer.verify_token::<NoCustomClaims>(&token, None).is_ok(),
            "{path}: the JWT is signed by k"
        );
        let message = device.decrypt(body);
        assert_eq!(
            message["body"], "您的「楼道灯不亮」已派给志愿者。",
            "{path}"
        );
        assert_eq!(message["url"], format!("/order?id={order}"));
        assert_eq!(message["lang"], "zh-Hans");
    }
    // The dispatcher's own act told nobody on their side; the resident's message went once
    // to each device (the busy one twice: the refused try and the kept one).
    let paths: Vec<&str> = all.iter().map(|(p, _, _)| p.as_str()).collect();
    assert_eq!(
        paths.iter().filter(|p| **p == "/tablet").count(),
        1,
        "{paths:?}"
    );
    assert_eq!(
        paths.iter().filter(|p| **p == "/gone-old").count(),
        1,
        "{paths:?}"
    );
    let db = server.db().await;
    let gone_left = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM push_subscriptions WHERE endpoint LIKE '%/gone-old'",
        )
        .fetch_one(&db)
        .await
        .expect("count")
    };
    for _ in 0..100 {
        if gone_left().await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(gone_left().await, 0, "the gone subscription is dropped");
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM push_subscriptions")
        .fetch_one(&db)
        .await
        .expect("count");
    assert_eq!(left, 2, "the phone and the tablet are kept");
}

#[tokio::test]
async fn a_resident_filed_for_without_the_app_gets_texts_in_her_language_within_her_limit() {
    let gateway = SmsCommand::with_script("read line\necho \"$1 $line\" >> '{log}'\n");
    let server = TestServer::start(&[
        "--demo",
        "--notify-command",
        gateway.program(),
        "--clock-offset",
        &to_midday(),
    ])
    .await;
    let worker = server.demo_sign_in(GRID_WORKER).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let volunteer = server.demo_sign_in(VOLUNTEER).await;
    let order = uuid::Uuid::now_v7().to_string();
    let filed = server
        .send(
            &worker,
            Method::PUT,
            &format!("/api/v1/orders/{order}"),
            Some(
                json!({"kind": "service", "service_id": "svc-s03", "title": "楼道灯报修",
                   "attributes": {"location": "5 号楼 101"}, "contact_phone": "13900000009",
                   "on_behalf_of": {"phone": "13900000009", "name": "孙奶奶", "consent": true},
                   "channel": "visit"}),
            ),
        )
        .await;
    assert_eq!(filed.status(), 201, "{:?}", filed.text().await);
    send_to_wang(&server, &dispatcher, &order).await;
    step(&server, &volunteer, &order, json!({"action": "accept"})).await;
    step(&server, &volunteer, &order, json!({"action": "start"})).await;
    step(&server, &volunteer, &order, json!({"action": "complete"})).await;

    eventually("three texts to her", || gateway.sent().len() >= 3).await;
    let texts: Vec<(String, Value)> = gateway
        .sent()
        .into_iter()
        .map(|(phone, line)| {
            (
                phone,
                serde_json::from_str(&line).expect("one line of json"),
            )
        })
        .collect();
    let templates: Vec<&str> = texts
        .iter()
        .filter_map(|(_, m)| m["template"].as_str())
        .collect();
    assert_eq!(templates, ["dispatched", "accepted", "done"]);
    assert!(
        texts.iter().all(|(phone, _)| phone == "13900000009"),
        "{texts:?}"
    );
    assert_eq!(
        texts[2].1["text"],
        "您的「楼道灯报修」办好了，请确认并评价。"
    );
    assert_eq!(texts[2].1["params"]["title"], "楼道灯报修");

    // A fourth within the hour is over her limit: in her inbox, not on her phone. The
    // grid worker who filed it is told it was done in the app, never by text.
    let reopened = uuid::Uuid::now_v7().to_string();
    let again = server
        .send(
            &worker,
            Method::PUT,
            &format!("/api/v1/orders/{reopened}"),
            Some(
                json!({"kind": "service", "service_id": "svc-s03", "title": "水管滴水",
                   "attributes": {"location": "5 号楼 101"}, "contact_phone": "13900000009",
                   "on_behalf_of": {"phone": "13900000009", "name": "孙奶奶", "consent": true},
                   "channel": "visit"}),
            ),
        )
        .await;
    assert_eq!(again.status(), 201);
    send_to_wang(&server, &dispatcher, &reopened).await;
    let db = server.db().await;
    let rung = || async {
        sqlx::query_scalar::<_, String>(
            "SELECT ring FROM inbox i JOIN users u ON u.id = i.user_id
             WHERE u.phone = '13900000009' AND i.order_id = ?",
        )
        .bind(&reopened)
        .fetch_optional(&db)
        .await
        .expect("ring")
    };
    for _ in 0..100 {
        if rung().await.as_deref() == Some("done") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(rung().await.as_deref(), Some("done"), "its turn came");
    let counted: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM texts_sent t JOIN users u ON u.id = t.user_id WHERE u.phone = '13900000009'",
    )
    .fetch_one(&db)
    .await
    .expect("count");
    assert_eq!(counted, 3, "no fourth text counted in the hour");
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(gateway.sent().len(), 3, "no fourth text in the hour");
}

#[tokio::test]
async fn a_subscription_is_a_push_service_and_two_keys_or_it_is_refused_at_its_field() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let device = Device::new(5);
    let field = |problem: &Value| -> Vec<String> {
        problem["errors"]
            .as_object()
            .map(|errors| errors.keys().cloned().collect())
            .unwrap_or_default()
    };

    // The server's own network is not a push service.
    for endpoint in [
        "http://127.0.0.1:8080/api/v1/orders",
        "https://169.254.169.254/latest",
        "https://fcm.googleapis.com.evil.example/x",
        "not a url",
    ] {
        let answer = subscribe(&server, &resident, device.subscription(endpoint)).await;
        assert_eq!(answer.status(), 422, "{endpoint}");
        let problem: Value = answer.json().await.expect("json");
        assert_eq!(field(&problem), ["endpoint"], "{endpoint}");
    }
    let fcm = "https://fcm.googleapis.com/fcm/send/abc123";
    assert_eq!(
        subscribe(&server, &resident, device.subscription(fcm))
            .await
            .status(),
        204
    );

    // A secret of the wrong length is refused, never a crash.
    let mut short = device.subscription(fcm);
    short["keys"]["auth"] = json!(Base64UrlUnpadded::encode_string(&[1u8; 15]));
    let answer = subscribe(&server, &resident, short).await;
    assert_eq!(answer.status(), 422);
    assert_eq!(field(&answer.json().await.expect("json")), ["keys.auth"]);
    let mut not_a_key = device.subscription(fcm);
    not_a_key["keys"]["p256dh"] = json!("AAAA");
    let answer = subscribe(&server, &resident, not_a_key).await;
    assert_eq!(field(&answer.json().await.expect("json")), ["keys.p256dh"]);

    // Signed in as someone else on the same device, it rings for them.
    let volunteer = server.demo_sign_in(VOLUNTEER).await;
    assert_eq!(
        subscribe(&server, &volunteer, device.subscription(fcm))
            .await
            .status(),
        204
    );
    let db = server.db().await;
    let owner: String =
        sqlx::query_scalar("SELECT user_id FROM push_subscriptions WHERE endpoint = ?")
            .bind(fcm)
            .fetch_one(&db)
            .await
            .expect("owner");
    assert_eq!(owner, "u-13800000003");
    // The resident cannot take it off the volunteer's device; the volunteer can.
    let off = |token: String| {
        let server = &server;
        async move {
            server
                .send(
                    &token,
                    Method::POST,
                    "/api/v1/push/unsubscribe",
                    Some(json!({"endpoint": fcm})),
                )
                .await
                .status()
        }
    };
    assert_eq!(off(resident.clone()).await, 204);
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM push_subscriptions")
        .fetch_one(&db)
        .await
        .expect("count");
    assert_eq!(kept, 1);
    assert_eq!(off(volunteer).await, 204);
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM push_subscriptions")
        .fetch_one(&db)
        .await
        .expect("count");
    assert_eq!(kept, 0);
}

#[tokio::test]
async fn what_a_person_chose_is_kept_and_a_bad_choice_is_said_at_its_field() {
    let server = TestServer::start(&["--demo"]).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let defaults = server.get_json(&resident, "/api/v1/me/reach").await;
    assert_eq!(
        defaults,
        json!({"lang": "zh-Hans", "muted": [], "quiet": {"from": "22:00", "until": "07:00"}, "sms": false})
    );
    let bad = server
        .send(
            &resident,
            Method::PUT,
            "/api/v1/me/reach",
            Some(json!({"lang": "en", "muted": [], "quiet": {"from": "22:00", "until": "7 am"}, "sms": false})),
        )
        .await;
    assert_eq!(bad.status(), 422);
    let problem: Value = bad.json().await.expect("json");
    assert!(problem["errors"]["quiet.until"].is_array(), "{problem}");
    let chosen = json!({"lang": "en", "muted": ["accepted"], "quiet": null, "sms": true});
    let put = server
        .send(
            &resident,
            Method::PUT,
            "/api/v1/me/reach",
            Some(chosen.clone()),
        )
        .await;
    assert_eq!(put.status(), 200);
    assert_eq!(server.get_json(&resident, "/api/v1/me/reach").await, chosen);
    // Someone else's settings are theirs.
    let volunteer = server.demo_sign_in(VOLUNTEER).await;
    assert_eq!(
        server.get_json(&volunteer, "/api/v1/me/reach").await,
        defaults
    );
}

#[tokio::test]
async fn an_order_held_through_the_night_and_sent_elsewhere_meanwhile_does_not_ring() {
    let (origin, received) = push_service().await;
    let server = start_pushing(&origin).await;
    let resident = server.demo_sign_in(RESIDENT).await;
    let dispatcher = server.demo_sign_in(DISPATCHER).await;
    let volunteer = server.demo_sign_in(VOLUNTEER).await;
    let device = Device::new(13);
    let endpoint = format!("{origin}/volunteer-phone");
    assert_eq!(
        subscribe(&server, &volunteer, device.subscription(&endpoint))
            .await
            .status(),
        204
    );
    // Her quiet hours take in the whole day: what is sent to her waits.
    let quiet = json!({"lang": "zh-Hans", "muted": [], "quiet": {"from": "00:00", "until": "23:59"}, "sms": false});
    let put = server
        .send(&volunteer, Method::PUT, "/api/v1/me/reach", Some(quiet))
        .await;
    assert_eq!(put.status(), 200);
    let order = order_the_light(&server, &resident).await;
    send_to_wang(&server, &dispatcher, &order).await;
    let db = server.db().await;
    let held = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT ring_after FROM inbox WHERE kind = 'sent_to_you' AND user_id = 'u-13800000003'",
        )
        .fetch_optional(&db)
        .await
        .expect("ring_after")
        .unwrap_or(0)
    };
    for _ in 0..50 {
        if held().await > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(held().await > 0, "held for her quiet hours");

    // Meanwhile it goes back to the queue: no longer hers when the morning comes.
    step(
        &server,
        &volunteer,
        &order,
        json!({"action": "decline", "note": "今天不在家"}),
    )
    .await;
    sqlx::query("UPDATE inbox SET ring_after = 0 WHERE kind = 'sent_to_you'")
        .execute(&db)
        .await
        .expect("morning");
    let put = server
        .send(
            &volunteer,
            Method::PUT,
            "/api/v1/me/reach",
            Some(json!({"lang": "zh-Hans", "muted": [], "quiet": null, "sms": false})),
        )
        .await;
    assert_eq!(put.status(), 200);
    // Its turn comes and goes without a ring.
    let first_done = || async {
        sqlx::query_scalar::<_, String>(
            "SELECT ring FROM inbox WHERE kind = 'sent_to_you' AND user_id = 'u-13800000003'",
        )
        .fetch_optional(&db)
        .await
        .expect("ring")
    };
    for _ in 0..50 {
        if first_done().await.as_deref() == Some("done") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        first_done().await.as_deref(),
        Some("done"),
        "let go, not left waiting"
    );
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let pushed = || {
        received
            .lock()
            .expect("lock")
            .iter()
            .filter(|(p, _, _)| p == "/volunteer-phone")
            .count()
    };
    assert_eq!(pushed(), 0, "no longer hers: not rung");

    // Sent to her again: that one is hers, and rings.
    send_to_wang(&server, &dispatcher, &order).await;
    eventually("the second sending rings", || pushed() > 0).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let rung: Vec<Value> = received
        .lock()
        .expect("lock")
        .iter()
        .filter(|(p, _, _)| p == "/volunteer-phone")
        .map(|(_, _, body)| device.decrypt(body))
        .collect();
    assert_eq!(rung.len(), 1, "only the sending still hers: {rung:?}");
    assert_eq!(
        rung[0]["urgent"], true,
        "an order sent to a volunteer is urgent"
    );
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbox WHERE ring = 'waiting'")
        .fetch_one(&db)
        .await
        .expect("count");
    assert_eq!(left, 0, "the first one let go, not left waiting");
}
