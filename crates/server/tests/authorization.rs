//! Issue 13: the authorization matrix. Every route that `openapi.json` lists, tried by
//! seven callers (nobody signed in, two residents, a volunteer, a grid worker, a
//! dispatcher, an admin),
//! each answered as the contract says; a route the table does not know fails the test,
//! so a new route cannot arrive without its rule. Refused writes change nothing.

mod common;

use std::collections::BTreeMap;

use common::{header, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

/// A device's Web Push subscription at Chrome's push service, one per caller.
fn subscription(who: Who) -> Value {
    use base64ct::{Base64UrlUnpadded, Encoding};
    use web_push_native::p256::elliptic_curve::sec1::ToEncodedPoint;
    let secret =
        web_push_native::p256::SecretKey::from_slice(&[who as u8 + 1; 32]).expect("a valid scalar");
    json!({
        "endpoint": format!("https://fcm.googleapis.com/fcm/send/device-{}", who as u8),
        "keys": {
            "p256dh": Base64UrlUnpadded::encode_string(secret.public_key().to_encoded_point(false).as_bytes()),
            "auth": Base64UrlUnpadded::encode_string(&[7u8; 16]),
        }
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    Resident,
    Neighbour,
    Volunteer,
    GridWorker,
    Dispatcher,
    Admin,
}

const EVERYONE: [Who; 7] = [
    Who::Anonymous,
    Who::Neighbour,
    Who::Volunteer,
    Who::Resident,
    Who::GridWorker,
    Who::Dispatcher,
    Who::Admin,
];

impl Who {
    fn phone(self) -> Option<&'static str> {
        match self {
            Who::Anonymous => None,
            Who::Resident => Some("13800000001"),
            Who::Neighbour => Some("13800000002"),
            Who::Volunteer => Some("13800000003"),
            Who::GridWorker => Some("13800000007"),
            Who::Dispatcher => Some("13800000005"),
            Who::Admin => Some("13800000006"),
        }
    }
    /// Their name as the demo seeds it (what `PUT /me` sends back unchanged).
    fn name(self) -> &'static str {
        match self {
            Who::Anonymous => "无名",
            Who::Resident => "李万章",
            Who::Neighbour => "曹菊兰",
            Who::Volunteer => "王静",
            Who::GridWorker => "张秀梅",
            Who::Dispatcher => "郑翔",
            Who::Admin => "陈主任",
        }
    }
    fn is_staff(self) -> bool {
        matches!(self, Who::Dispatcher | Who::Admin)
    }
}

/// What the contract lets `who` do with `method path` (the route as openapi.json names
/// it): the status class expected.
fn expected(method: &str, path: &str, who: Who) -> Option<u16> {
    let anonymous = who == Who::Anonymous;
    let signed_in = |ok: u16| if anonymous { 401 } else { ok };
    let admin_only = |ok: u16| match who {
        Who::Anonymous => 401,
        Who::Admin => ok,
        _ => 403,
    };
    let staff_only = |ok: u16| match who {
        Who::Anonymous => 401,
        w if w.is_staff() => ok,
        _ => 403,
    };
    Some(match (method, path) {
        ("get", "/api/v1/health") | ("get", "/api/v1/openapi.json") => 200,
        ("post", "/api/v1/auth/code") => 202,
        ("post", "/api/v1/auth/session") => 200,
        ("delete", "/api/v1/auth/session") | ("delete", "/api/v1/auth/sessions") => signed_in(204),
        ("get", "/api/v1/me")
        | ("get", "/api/v1/me/record")
        | ("put", "/api/v1/me")
        | ("get", "/api/v1/notices")
        | ("get", "/api/v1/community")
        | ("get", "/api/v1/services")
        | ("get", "/api/v1/grids")
        | ("get", "/api/v1/grids/{id}")
        | ("get", "/api/v1/stations")
        | ("get", "/api/v1/orders")
        | ("get", "/api/v1/shifts")
        | ("get", "/api/v1/shifts/mine.ics")
        | ("get", "/api/v1/inbox")
        | ("post", "/api/v1/inbox/read")
        | ("get", "/api/v1/push/key")
        | ("get", "/api/v1/me/reach")
        | ("put", "/api/v1/me/reach")
        | ("get", "/api/v1/activities")
        | ("get", "/api/v1/activities/{id}")
        | ("get", "/api/v1/activities/mine.ics")
        | ("put", "/api/v1/activities/{id}/signups/{signup_id}")
        | ("delete", "/api/v1/activities/{id}/signups/{signup_id}")
        | ("get", "/api/v1/bookables")
        | ("get", "/api/v1/bookables/{id}")
        | ("put", "/api/v1/bookables/{id}/bookings/{booking_id}")
        | ("delete", "/api/v1/bookables/{id}/bookings/{booking_id}") => signed_in(200),
        ("put", "/api/v1/bookables/{id}") => staff_only(201),
        ("delete", "/api/v1/bookables/{id}") => staff_only(200),
        // A day's bookings, and how each went: staff, and grid workers.
        ("get", "/api/v1/bookings") | ("put", "/api/v1/bookings/{id}/outcome") => match who {
            Who::Anonymous => 401,
            Who::GridWorker | Who::Dispatcher | Who::Admin => 200,
            _ => 403,
        },
        ("put", "/api/v1/activities/{id}") | ("post", "/api/v1/activities/{id}/repeats") => {
            staff_only(201)
        }
        ("delete", "/api/v1/activities/{id}") | ("get", "/api/v1/activities/figures") => {
            staff_only(200)
        }
        // The door: staff, and grid workers.
        ("get", "/api/v1/activities/{id}/signups")
        | ("get", "/api/v1/activities/door")
        | ("put", "/api/v1/activities/{id}/check-ins/{code}") => match who {
            Who::Anonymous => 401,
            Who::GridWorker | Who::Dispatcher | Who::Admin => 200,
            _ => 403,
        },
        ("put", "/api/v1/push/subscription") | ("post", "/api/v1/push/unsubscribe") => {
            signed_in(204)
        }
        ("put", "/api/v1/orders/{id}") => signed_in(201),
        // The resident's own order: theirs and the staff's to see and cancel; anyone else
        // is told it does not exist.
        ("get", "/api/v1/orders/{id}") | ("post", "/api/v1/orders/{id}/transitions") => match who {
            Who::Anonymous => 401,
            Who::Resident | Who::Dispatcher | Who::Admin => 200,
            _ => 404,
        },
        ("delete", "/api/v1/orders/{id}") => admin_only(200),
        ("put", "/api/v1/shifts/{id}/signup") => match who {
            Who::Anonymous => 401,
            Who::Volunteer => 200,
            _ => 403,
        },
        ("delete", "/api/v1/shifts/{id}/signup") => signed_in(200),
        ("put", "/api/v1/community")
        | ("put", "/api/v1/services/{id}")
        | ("delete", "/api/v1/services/{id}")
        | ("put", "/api/v1/grids/{id}")
        | ("put", "/api/v1/stations/{id}")
        | ("put", "/api/v1/users/{id}/roles") => admin_only(200),
        ("post", "/api/v1/shifts") | ("post", "/api/v1/shifts/series") => staff_only(201),
        ("put", "/api/v1/shifts/{id}")
        | ("delete", "/api/v1/shifts/{id}")
        | ("delete", "/api/v1/shifts/series/{series_id}")
        | ("get", "/api/v1/shifts/{id}/signups")
        | ("put", "/api/v1/shifts/{id}/attendance/{user_id}") => staff_only(200),
        ("get", "/api/v1/users") => staff_only(200),
        ("put", "/api/v1/notices/{id}") | ("put", "/api/v1/users/{id}") => admin_only(200),
        ("delete", "/api/v1/notices/{id}") | ("put", "/api/v1/service-order") => admin_only(204),
        // Registering a resident who has no account: grid workers too.
        ("post", "/api/v1/users") => match who {
            Who::Anonymous => 401,
            Who::GridWorker | Who::Dispatcher | Who::Admin => 201,
            _ => 403,
        },
        _ => return None,
    })
}

/// A session by the demo code, which asks for no code to be sent (one phone gets five
/// codes an hour, and this test signs in many times).
async fn demo_session(server: &TestServer, phone: &str) -> String {
    let session: Value = server
        .post_json(
            "/api/v1/auth/session",
            json!({"phone": phone, "code": "246810"}),
        )
        .await
        .json()
        .await
        .expect("session");
    session["token"].as_str().expect("token").to_string()
}

struct World {
    server: TestServer,
    tokens: BTreeMap<Who, String>,
    shift: String,
    /// A shift that started an hour ago, with the volunteer signed up.
    started: String,
    /// A series of shifts in 2099.
    series: String,
    /// An activity starting in half an hour, the resident signed up for it.
    activity: String,
    /// The resident's check-in code for it.
    door_code: String,
    /// The first slot of `bk-auth`, a thing with room for everyone.
    slot: String,
}

/// A thing with a slot an hour all day, room for ten a slot.
fn bookable_body() -> Value {
    json!({"name": "法律咨询", "provider": "社区法律顾问", "kind": "consultation",
           "station_id": "st-1", "capacity": 10, "ahead_days": 2,
           "rules": [{"days": [1, 2, 3, 4, 5, 6, 7], "from": "00:00", "until": "24:00", "minutes": 60}]})
}

/// An activity `minutes` from now, as staff write one.
fn activity_body(minutes: i64) -> Value {
    json!({"title": "健康大讲堂", "organiser": "社区卫生服务中心", "station_id": "st-1",
           "starts_at": from_now(minutes * 60), "ends_at": from_now(minutes * 60 + 5400),
           "capacity": 3})
}

/// RFC 3339 of now plus `seconds`.
fn from_now(seconds: i64) -> String {
    (time::OffsetDateTime::now_utc() + time::Duration::seconds(seconds))
        .format(&time::format_description::well_known::Rfc3339)
        .expect("a time")
}

impl World {
    async fn new() -> World {
        let server = TestServer::start(&["--demo", "--rate-limit", "0"]).await;
        let mut tokens = BTreeMap::new();
        for who in EVERYONE {
            if let Some(phone) = who.phone() {
                tokens.insert(who, demo_session(&server, phone).await);
            }
        }
        let rota: Value = server
            .get_json(&tokens[&Who::Volunteer], "/api/v1/shifts")
            .await;
        let shift = rota["items"]
            .as_array()
            .and_then(|items| items.iter().find(|s| s["status"] == "open"))
            .and_then(|s| s["id"].as_str())
            .expect("an open shift")
            .to_string();
        let admin = &tokens[&Who::Admin];
        let started: Value = server
            .send(
                admin,
                Method::POST,
                "/api/v1/shifts",
                Some(
                    json!({"title": "早班", "team": "志愿服务队", "station_id": "st-1",
                            "starts_at": from_now(-3600), "ends_at": from_now(3600),
                            "capacity": 2}),
                ),
            )
            .await
            .json()
            .await
            .expect("a started shift");
        let started = started["id"].as_str().expect("shift id").to_string();
        sqlx::query("INSERT INTO shift_signups (shift_id, user_id, created_at) VALUES (?, ?, 0)")
            .bind(&started)
            .bind("u-13800000003")
            .execute(&server.db().await)
            .await
            .expect("signed up before it started");
        let series: Value = server
            .send(
                admin,
                Method::POST,
                "/api/v1/shifts/series",
                Some(
                    json!({"title": "周四清洁", "team": "志愿服务队", "weekdays": [4],
                            "start": "09:00", "end": "11:00", "from": "2099-11-01",
                            "until": "2099-11-30", "capacity": 4}),
                ),
            )
            .await
            .json()
            .await
            .expect("a series");
        let series = series["series_id"].as_str().expect("series id").to_string();
        // A notice for each caller to try to remove.
        for who in EVERYONE {
            let made = server
                .send(
                    admin,
                    Method::PUT,
                    &format!("/api/v1/notices/n-{who:?}"),
                    Some(json!({"title": "临时通知", "starts_on": "2099-01-01"})),
                )
                .await;
            assert_eq!(made.status(), 201);
        }
        // An activity for each caller to try to cancel, and one to try to repeat.
        for who in EVERYONE {
            for what in ["cancel", "repeat"] {
                let made = server
                    .send(
                        admin,
                        Method::PUT,
                        &format!("/api/v1/activities/act-{what}-{who:?}"),
                        Some(activity_body(24 * 60)),
                    )
                    .await;
                assert_eq!(made.status(), 201);
            }
        }
        let activity = "act-door".to_string();
        let made = server
            .send(
                admin,
                Method::PUT,
                &format!("/api/v1/activities/{activity}"),
                Some(activity_body(30)),
            )
            .await;
        assert_eq!(made.status(), 201);
        let signed: Value = server
            .send(
                &tokens[&Who::Resident],
                Method::PUT,
                &format!("/api/v1/activities/{activity}/signups/s-door"),
                Some(json!({})),
            )
            .await
            .json()
            .await
            .expect("signed up");
        let door_code = signed["mine"][0]["code"]
            .as_str()
            .expect("a code")
            .to_string();
        // A thing to book, one for each caller to try to retire, and a booking whose
        // slot has begun, to mark.
        let thing: Value = server
            .send(
                admin,
                Method::PUT,
                "/api/v1/bookables/bk-auth",
                Some(bookable_body()),
            )
            .await
            .json()
            .await
            .expect("a thing to book");
        let slot = thing["slots"][0]["starts_at"]
            .as_str()
            .expect("a slot")
            .to_string();
        for who in EVERYONE {
            let made = server
                .send(
                    admin,
                    Method::PUT,
                    &format!("/api/v1/bookables/bk-retire-{who:?}"),
                    Some(bookable_body()),
                )
                .await;
            assert_eq!(made.status(), 201);
        }
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        sqlx::query(
            "INSERT INTO bookings (id, bookable_id, user_id, starts_at, ends_at, holds_until, created_ms)
             VALUES ('k-begun', 'bk-auth', 'u-13800000001', ?, ?, ?, 0)",
        )
        .bind(now - 600)
        .bind(now + 3000)
        .bind(now + 3000)
        .execute(&server.db().await)
        .await
        .expect("a booking whose slot has begun");
        World {
            server,
            tokens,
            shift,
            started,
            series,
            activity,
            door_code,
            slot,
        }
    }

    /// A fresh order of the resident's, for a route that acts on one (the resident's
    /// own session may have been ended by the matrix already).
    async fn residents_order(&self) -> String {
        let owner = demo_session(&self.server, "13800000001").await;
        self.server
            .create_order(
                &owner,
                json!({"kind": "service", "service_id": "svc-s03", "title": "楼道灯坏了",
                       "attributes": {"location": "3 号楼"}, "address": "3 号楼 501",
                       "contact_phone": "13800000001"}),
            )
            .await
    }

    /// The request for `method path` as `who` would send it: path ids filled in, a body
    /// that would succeed for whoever may do it.
    async fn request(&self, method: &str, path: &str, who: Who) -> reqwest::RequestBuilder {
        let id = uuid::Uuid::now_v7().to_string();
        let (concrete, body, if_match): (String, Option<Value>, Option<&str>) = match (method, path)
        {
            // A number per caller: one phone gets five codes an hour.
            ("post", "/api/v1/auth/code") => (
                path.into(),
                Some(json!({"phone": format!("1390000{:04}", who as u8)})),
                None,
            ),
            ("post", "/api/v1/auth/session") => (
                path.into(),
                Some(json!({"phone": "13800000002", "code": "246810"})),
                None,
            ),
            ("get", "/api/v1/grids/{id}") => ("/api/v1/grids/g-1".into(), None, None),
            ("put", "/api/v1/orders/{id}") => (
                format!("/api/v1/orders/{id}"),
                Some(json!({"kind": "wish", "title": "试试"})),
                None,
            ),
            ("get", "/api/v1/orders/{id}") | ("delete", "/api/v1/orders/{id}") => (
                format!("/api/v1/orders/{}", self.residents_order().await),
                None,
                None,
            ),
            ("post", "/api/v1/orders/{id}/transitions") => (
                format!(
                    "/api/v1/orders/{}/transitions",
                    self.residents_order().await
                ),
                Some(json!({"id": id, "action": "cancel", "note": "不用了"})),
                Some("\"1\""),
            ),
            ("put", "/api/v1/shifts/{id}/signup") | ("delete", "/api/v1/shifts/{id}/signup") => {
                (format!("/api/v1/shifts/{}/signup", self.shift), None, None)
            }
            ("put", "/api/v1/community") => (
                path.into(),
                Some(json!({"name": "育华里社区", "district": "和平区南营门街道",
                            "hotline": "022-23456789", "announcement": "授权测试"})),
                None,
            ),
            ("put", "/api/v1/services/{id}") => (
                "/api/v1/services/svc-s03".into(),
                Some(
                    json!({"code": "S03", "name": "楼道灯维修", "category": "特色服务",
                            "kind": "special", "fields": []}),
                ),
                None,
            ),
            ("delete", "/api/v1/services/{id}") => ("/api/v1/services/svc-s01".into(), None, None),
            ("put", "/api/v1/service-order") => {
                (path.into(), Some(json!({"ids": ["svc-s01"]})), None)
            }
            ("post", "/api/v1/inbox/read") => {
                (path.into(), Some(json!({"ids": ["nobody's"]})), None)
            }
            ("put", "/api/v1/push/subscription") => (path.into(), Some(subscription(who)), None),
            ("post", "/api/v1/push/unsubscribe") => (
                path.into(),
                Some(json!({"endpoint": subscription(who)["endpoint"]})),
                None,
            ),
            ("put", "/api/v1/me/reach") => (
                path.into(),
                Some(json!({"lang": "zh-Hans", "muted": [], "quiet": null, "sms": false})),
                None,
            ),
            ("put", "/api/v1/grids/{id}") => (
                "/api/v1/grids/g-3".into(),
                Some(json!({"name": "第三网格", "area": "5-6 号楼"})),
                None,
            ),
            ("put", "/api/v1/stations/{id}") => (
                "/api/v1/stations/st-2".into(),
                Some(
                    json!({"name": "二号驿站", "address": "育华里 6 号楼底商", "phone": "022-23456700"}),
                ),
                None,
            ),
            ("put", "/api/v1/users/{id}/roles") => (
                "/api/v1/users/u-13800000002/roles".into(),
                Some(json!({"roles": ["resident"]})),
                None,
            ),
            ("post", "/api/v1/shifts") => (
                path.into(),
                Some(
                    json!({"title": "周四清洁", "team": "志愿服务队", "station_id": "st-1",
                            "starts_at": "2099-12-03T09:00:00+08:00",
                            "ends_at": "2099-12-03T11:00:00+08:00", "capacity": 4}),
                ),
                None,
            ),
            ("put", "/api/v1/shifts/{id}") => (
                format!("/api/v1/shifts/{}", self.shift),
                Some(
                    json!({"title": "晚间值守", "team": "志愿服务队", "station_id": "st-1",
                            "starts_at": "2099-12-04T18:00:00+08:00",
                            "ends_at": "2099-12-04T20:00:00+08:00", "capacity": 6}),
                ),
                None,
            ),
            ("delete", "/api/v1/shifts/{id}") => {
                (format!("/api/v1/shifts/{}", self.shift), None, None)
            }
            ("put", "/api/v1/me") => (path.into(), Some(json!({"name": who.name()})), None),
            ("get", "/api/v1/activities/{id}") | ("get", "/api/v1/activities/{id}/signups") => {
                (path.replace("{id}", &self.activity), None, None)
            }
            ("put", "/api/v1/activities/{id}/signups/{signup_id}")
            | ("delete", "/api/v1/activities/{id}/signups/{signup_id}") => (
                format!("/api/v1/activities/{}/signups/s-{who:?}", self.activity),
                Some(json!({})),
                None,
            ),
            ("put", "/api/v1/activities/{id}") => (
                format!("/api/v1/activities/act-{id}"),
                Some(activity_body(24 * 60)),
                None,
            ),
            ("delete", "/api/v1/activities/{id}") => {
                (format!("/api/v1/activities/act-cancel-{who:?}"), None, None)
            }
            ("post", "/api/v1/activities/{id}/repeats") => (
                format!("/api/v1/activities/act-repeat-{who:?}/repeats"),
                Some(json!({"every": "two_weeks", "times": 2})),
                None,
            ),
            ("get", "/api/v1/bookables/{id}") => ("/api/v1/bookables/bk-auth".into(), None, None),
            ("put", "/api/v1/bookables/{id}/bookings/{booking_id}")
            | ("delete", "/api/v1/bookables/{id}/bookings/{booking_id}") => (
                format!("/api/v1/bookables/bk-auth/bookings/k-{who:?}"),
                Some(json!({"starts_at": self.slot})),
                None,
            ),
            ("put", "/api/v1/bookables/{id}") => (
                format!("/api/v1/bookables/bk-{id}"),
                Some(bookable_body()),
                None,
            ),
            ("delete", "/api/v1/bookables/{id}") => {
                (format!("/api/v1/bookables/bk-retire-{who:?}"), None, None)
            }
            ("put", "/api/v1/bookings/{id}/outcome") => (
                "/api/v1/bookings/k-begun/outcome".into(),
                Some(json!({"outcome": "done"})),
                None,
            ),
            ("put", "/api/v1/activities/{id}/check-ins/{code}") => (
                format!(
                    "/api/v1/activities/{}/check-ins/{}",
                    self.activity, self.door_code
                ),
                Some(json!({})),
                None,
            ),
            ("put", "/api/v1/notices/{id}") => (
                "/api/v1/notices/announcement".into(),
                Some(json!({"title": "社区公告", "body": "授权测试公告", "pinned": true})),
                None,
            ),
            ("delete", "/api/v1/notices/{id}") => {
                (format!("/api/v1/notices/n-{who:?}"), None, None)
            }
            ("post", "/api/v1/shifts/series") => (
                path.into(),
                Some(
                    json!({"title": "周四清洁", "team": "志愿服务队", "station_id": "st-1",
                            "weekdays": [4], "start": "09:00", "end": "11:00",
                            "from": "2099-12-01", "until": "2099-12-31", "capacity": 4}),
                ),
                None,
            ),
            ("delete", "/api/v1/shifts/series/{series_id}") => (
                format!("/api/v1/shifts/series/{}?from=2099-11-10", self.series),
                None,
                None,
            ),
            ("get", "/api/v1/shifts/{id}/signups") => (
                format!("/api/v1/shifts/{}/signups", self.started),
                None,
                None,
            ),
            ("put", "/api/v1/shifts/{id}/attendance/{user_id}") => (
                format!("/api/v1/shifts/{}/attendance/u-13800000003", self.started),
                Some(json!({"attended": true})),
                None,
            ),
            ("post", "/api/v1/users") => (
                path.into(),
                Some(
                    json!({"phone": format!("1370000{:04}", who as u8), "name": "新居民",
                            "consent": true}),
                ),
                None,
            ),
            ("put", "/api/v1/users/{id}") => (
                "/api/v1/users/u-13800000002".into(),
                Some(json!({"name": "曹菊兰", "grid_id": "g-2", "address": null, "active": true})),
                None,
            ),
            _ => (path.into(), None, None),
        };
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
        let mut request = self
            .server
            .client
            .request(method.clone(), self.server.url(&concrete));
        // Signing out ends the session it is sent with: a session of its own.
        let own_session = method == Method::DELETE && path == "/api/v1/auth/session";
        match (self.tokens.get(&who), who.phone()) {
            (Some(_), Some(phone)) if own_session => {
                request = request.bearer_auth(demo_session(&self.server, phone).await);
            }
            (Some(token), _) => request = request.bearer_auth(token),
            _ => {}
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        if let Some(version) = if_match {
            request = request.header("if-match", version);
        }
        request
    }

    /// What a caller without a role could have changed: reference data and the roles.
    async fn reference_state(&self) -> Vec<String> {
        let admin = &self.tokens[&Who::Admin];
        let mut state = Vec::new();
        for path in [
            "/api/v1/community",
            "/api/v1/services",
            "/api/v1/grids",
            "/api/v1/stations",
            "/api/v1/notices?all=true",
            "/api/v1/users?role=volunteer",
        ] {
            let response = self.server.get_as(admin, path).await;
            state.push(format!("{path} {}", header(&response, "etag")));
            state.push(response.text().await.unwrap_or_default());
        }
        // The activities as staff keep them, and who came to the door.
        let week: Value = self.server.get_json(admin, "/api/v1/activities").await;
        for activity in week["items"].as_array().into_iter().flatten() {
            state.push(format!(
                "{} {} {} {} {}",
                activity["id"],
                activity["title"],
                activity["starts_at"],
                activity["capacity"],
                activity["cancelled"]
            ));
        }
        let door: Value = self
            .server
            .get_json(
                admin,
                &format!("/api/v1/activities/{}/signups", self.activity),
            )
            .await;
        // (Signing up is everyone's; checking in is the door's.)
        for signup in door["items"].as_array().into_iter().flatten() {
            if signup["code"] == self.door_code.as_str() {
                state.push(format!(
                    "door {} {}",
                    signup["code"], signup["checked_in_at"]
                ));
            }
        }
        // The rota as staff keep it; who signed up is the volunteers' to change.
        let rota: Value = self.server.get_json(admin, "/api/v1/shifts").await;
        for shift in rota["items"].as_array().into_iter().flatten() {
            state.push(format!(
                "{} {} {} {} {} {} {}",
                shift["id"],
                shift["title"],
                shift["team"],
                shift["starts_at"],
                shift["ends_at"],
                shift["capacity"],
                shift["status"] == "cancelled"
            ));
        }
        state
    }
}

#[tokio::test]
async fn every_route_answers_every_caller_as_the_contract_says() {
    let world = World::new().await;
    let doc: Value = world
        .server
        .get("/api/v1/openapi.json")
        .await
        .json()
        .await
        .expect("doc");
    let mut routes: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("item").keys() {
            routes.push((
                method.clone(),
                format!("/api/v1{path}").replace("/api/v1/api/v1", "/api/v1"),
            ));
        }
    }
    // Signing out everywhere last: it ends the caller's sessions.
    routes.sort_by_key(|(method, path)| {
        (
            path == "/api/v1/auth/sessions",
            path.clone(),
            method.clone(),
        )
    });
    let unknown: Vec<&(String, String)> = routes
        .iter()
        .filter(|(m, p)| expected(m, p, Who::Anonymous).is_none())
        .collect();
    assert!(
        unknown.is_empty(),
        "routes without a rule in this matrix: {unknown:?}"
    );

    let mut wrong = Vec::new();
    let mut tried = 0;
    for who in EVERYONE {
        let before = world.reference_state().await;
        for (method, path) in &routes {
            let Some(want) = expected(method, path, who) else {
                continue;
            };
            let response = world
                .request(method, path, who)
                .await
                .send()
                .await
                .expect("send");
            tried += 1;
            let got = response.status().as_u16();
            if got >= 400 {
                let content_type = header(&response, "content-type");
                if !content_type.starts_with("application/problem+json") {
                    wrong.push(format!("{who:?} {method} {path}: {got} as {content_type}"));
                }
            }
            if got != want {
                let body = response.text().await.unwrap_or_default();
                wrong.push(format!(
                    "{who:?} {method} {path}: {got}, expected {want}: {body}"
                ));
            }
        }
        if !matches!(who, Who::Admin | Who::Dispatcher) {
            let after = world.reference_state().await;
            // Grid workers work the door.
            let theirs = |line: &&String| who == Who::GridWorker && line.starts_with("door ");
            let changed: Vec<&String> = after
                .iter()
                .filter(|line| !before.contains(line) && !theirs(line))
                .collect();
            assert!(
                changed.is_empty(),
                "{who:?} changed what only staff may change: {:.300}",
                format!("{changed:?}")
            );
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {tried} answers were wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(tried >= 7 * 40, "tried {tried}");
}
