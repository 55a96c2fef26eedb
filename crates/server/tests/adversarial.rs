//! Issue 13: the bad-input matrix. Requests no app sends — malformed and deep JSON, huge
//! and odd strings, control and invisible characters, wrong types, numbers out of range,
//! bad UUIDs, bad headers — each answered 4xx as problem+json with a message a person
//! can read, never a 5xx and never a dropped connection; afterwards the state is read
//! again to show that nothing changed. Slow clients are in `shutdown.rs`.

mod common;

use common::{header, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

#[derive(Clone, Copy)]
enum As {
    Nobody,
    Resident,
    Volunteer,
    Admin,
}

enum Body {
    None,
    Json(Value),
    Raw(&'static str, Vec<u8>),
}

struct Case {
    name: &'static str,
    who: As,
    method: Method,
    path: String,
    headers: Vec<(&'static str, String)>,
    body: Body,
    /// The status expected, where one is; else any 4xx.
    status: Option<u16>,
    /// The field the problem must name, where one is.
    field: Option<&'static str>,
}

fn case(name: &'static str, who: As, method: Method, path: &str, body: Body) -> Case {
    Case {
        name,
        who,
        method,
        path: path.to_string(),
        headers: Vec::new(),
        body,
        status: None,
        field: None,
    }
}

impl Case {
    fn expect(mut self, status: u16) -> Case {
        self.status = Some(status);
        self
    }
    fn at(mut self, field: &'static str) -> Case {
        self.field = Some(field);
        self
    }
    fn header(mut self, name: &'static str, value: impl Into<String>) -> Case {
        self.headers.push((name, value.into()));
        self
    }
}

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

fn wish_with(field: &str, value: Value) -> Body {
    let mut body = json!({"kind": "wish", "title": "买菜"});
    body[field] = value;
    Body::Json(body)
}

/// A good series (every Thursday of December 2099) with one member changed.
fn series_with(field: &str, value: Value) -> Value {
    let mut body = json!({"title": "周四清洁", "team": "志愿服务队", "station_id": "st-1",
                          "weekdays": [4], "start": "09:00", "end": "11:00",
                          "from": "2099-01-01", "until": "2099-12-31", "capacity": 4});
    body[field] = value;
    body
}

fn cases(order: &str, done: &str, shift: &str) -> Vec<Case> {
    use As::*;
    let new_order = || format!("/api/v1/orders/{}", uuid::Uuid::now_v7());
    let put = Method::PUT;
    let post = Method::POST;
    let get = Method::GET;
    let step = format!("/api/v1/orders/{order}/transitions");
    // Confirming is the step that takes a rating: on a wish done and waiting for it.
    let confirm = format!("/api/v1/orders/{done}/transitions");
    let long = |n: usize| "灯".repeat(n);
    let mut all = vec![
        // Malformed JSON.
        case("not JSON", Resident, put.clone(), &new_order(), Body::Raw("application/json", b"{".to_vec())).expect(422),
        case("trailing garbage", Resident, put.clone(), &new_order(), Body::Raw("application/json", br#"{"kind":"wish","title":"x"} x"#.to_vec())).expect(422),
        case("an array, not an object", Resident, put.clone(), &new_order(), Body::Raw("application/json", b"[]".to_vec())).expect(422),
        case("empty body", Resident, put.clone(), &new_order(), Body::Raw("application/json", Vec::new())).expect(422),
        case("JSON nested 5000 deep", Resident, put.clone(), &new_order(), Body::Raw("application/json", format!(r#"{{"kind":"wish","title":"x","attributes":{{"a":{}}}}}"#, nested(5000)).into_bytes())).expect(422),
        case("JSON nested 100 deep", Resident, put.clone(), &new_order(), Body::Raw("application/json", format!(r#"{{"kind":"wish","title":"x","attributes":{{"a":{}}}}}"#, nested(100)).into_bytes())).expect(422),
        case("not UTF-8", Resident, put.clone(), &new_order(), Body::Raw("application/json", b"{\"kind\":\"wish\",\"title\":\"\xff\xfe\"}".to_vec())).expect(422),
        case("a lone surrogate", Resident, put.clone(), &new_order(), Body::Raw("application/json", br#"{"kind":"wish","title":"\ud800"}"#.to_vec())).expect(422),
        case("plain text", Resident, put.clone(), &new_order(), Body::Raw("text/plain", br#"{"kind":"wish","title":"x"}"#.to_vec())).expect(422),
        case("form-encoded", Resident, put.clone(), &new_order(), Body::Raw("application/x-www-form-urlencoded", b"kind=wish&title=x".to_vec())).expect(422),
        case("a body over 64 KiB", Resident, put.clone(), &new_order(), Body::Raw("application/json", format!(r#"{{"kind":"wish","title":"{}"}}"#, "x".repeat(70_000)).into_bytes())).expect(413),
        case("a number out of range", Resident, put.clone(), &new_order(), Body::Raw("application/json", br#"{"kind":"wish","title":"x","attributes":{"n":1e999}}"#.to_vec())).expect(422),
        // Wrong types and missing fields.
        case("title null", Resident, put.clone(), &new_order(), wish_with("title", Value::Null)).expect(422),
        case("title a number", Resident, put.clone(), &new_order(), wish_with("title", json!(42))).expect(422),
        case("title an object", Resident, put.clone(), &new_order(), wish_with("title", json!({"zh": "买菜"}))).expect(422),
        case("kind unknown", Resident, put.clone(), &new_order(), wish_with("kind", json!("gift"))).expect(422),
        case("kind missing", Resident, put.clone(), &new_order(), Body::Json(json!({"title": "买菜"}))).expect(422),
        case("an unknown field", Resident, put.clone(), &new_order(), wish_with("owner_id", json!("u-13800000006"))).expect(422),
        case("status set by the client", Resident, put.clone(), &new_order(), wish_with("status", json!("closed"))).expect(422),
        case("attributes an array", Resident, put.clone(), &new_order(), wish_with("attributes", json!([1, 2]))).expect(422),
        case("an answer that is an object", Resident, put.clone(), &new_order(), wish_with("attributes", json!({"a": {"b": 1}}))).expect(422),
        // Huge and odd strings.
        case("title of 61 characters", Resident, put.clone(), &new_order(), wish_with("title", json!(long(61)))).expect(422),
        case("description of 1001 characters", Resident, put.clone(), &new_order(), wish_with("description", json!(long(1001)))).expect(422),
        case("address of 121 characters", Resident, put.clone(), &new_order(), wish_with("address", json!(long(121)))).expect(422),
        case("title of zero-width spaces", Resident, put.clone(), &new_order(), wish_with("title", json!("\u{200B}\u{200C}\u{200D}\u{2060}"))).expect(422),
        case("title of a byte-order mark", Resident, put.clone(), &new_order(), wish_with("title", json!("\u{FEFF}"))).expect(422),
        case("title of new lines", Resident, put.clone(), &new_order(), wish_with("title", json!("\n\n\t "))).expect(422),
        case("title with NUL", Resident, put.clone(), &new_order(), wish_with("title", json!("买\u{0000}菜"))).expect(422),
        case("title with a terminal escape", Resident, put.clone(), &new_order(), wish_with("title", json!("\u{001B}[2J买菜"))).expect(422),
        case("description with a bell", Resident, put.clone(), &new_order(), wish_with("description", json!("\u{0007}"))).expect(422),
        case("address with a C1 control", Resident, put.clone(), &new_order(), wish_with("address", json!("3 号楼\u{0085}"))).expect(422),
        case("preferred time in words", Resident, put.clone(), &new_order(), wish_with("preferred_time", json!("明天上午"))).expect(422),
        case("preferred time without offset", Resident, put.clone(), &new_order(), wish_with("preferred_time", json!("2026-12-01T09:00"))).expect(422),
        case("preferred time of 60 000 characters", Resident, put.clone(), &new_order(), wish_with("preferred_time", json!("9".repeat(60_000)))).expect(422),
        case("an answer of 20 000 characters", Resident, put.clone(), &new_order(), wish_with("attributes", json!({"x": long(20_000)}))).expect(422),
        case("51 answers", Resident, put.clone(), &new_order(), wish_with("attributes", Value::Object((0..51).map(|i| (format!("q{i}"), json!(1))).collect()))).expect(422),
        case("an answer with 51 choices", Resident, put.clone(), &new_order(), wish_with("attributes", json!({"m": (0..51).map(|i| format!("o{i}")).collect::<Vec<_>>()}))).expect(422),
        case("an answer code of 65 characters", Resident, put.clone(), &new_order(), wish_with("attributes", json!({"k".repeat(65): 1}))).expect(422),
        case("a phone of letters", Resident, put.clone(), &new_order(), wish_with("contact_phone", json!("call me"))).expect(422),
        case("a phone of 100 digits", Resident, put.clone(), &new_order(), wish_with("contact_phone", json!("1".repeat(100)))).expect(422),
        case("a phone in full-width digits", Resident, put.clone(), &new_order(), wish_with("contact_phone", json!("１３８００００００01"))).expect(422),
        // Service orders that do not fit the catalogue.
        case("a service order without its service", Resident, put.clone(), &new_order(), Body::Json(json!({"kind": "service", "title": "修灯"}))).expect(422),
        case("a service that does not exist", Resident, put.clone(), &new_order(), Body::Json(json!({"kind": "service", "service_id": "svc-nope", "title": "修灯"}))).expect(422),
        case("a service id of 10 000 characters", Resident, put.clone(), &new_order(), Body::Json(json!({"kind": "service", "service_id": "s".repeat(10_000), "title": "修灯"}))).expect(422),
        case("a required answer missing", Resident, put.clone(), &new_order(), Body::Json(json!({"kind": "service", "service_id": "svc-s03", "title": "修灯"}))).expect(422),
        case("a choice that is not an option", Resident, put.clone(), &new_order(), Body::Json(json!({"kind": "service", "service_id": "svc-d05", "title": "证明", "attributes": {"purpose": ["moon"]}}))).expect(422),
        // Bad ids.
        case("an order id that is not a UUID", Resident, put.clone(), "/api/v1/orders/not-a-uuid", wish_with("title", json!("买菜"))).expect(422),
        case("an order id in upper case", Resident, put.clone(), &new_order().to_uppercase().replace("/API/V1/ORDERS/", "/api/v1/orders/"), wish_with("title", json!("买菜"))).expect(422),
        case("an order id of 10 000 characters", Resident, put.clone(), &format!("/api/v1/orders/{}", "a".repeat(10_000)), wish_with("title", json!("买菜"))).expect(422),
        case("an order id with a NUL", Resident, get.clone(), "/api/v1/orders/%00", Body::None).expect(404),
        case("an order id that is not UTF-8", Resident, get.clone(), "/api/v1/orders/%FF%FE", Body::None),
        case("a step id that is not a UUID", Resident, post.clone(), &step, Body::Json(json!({"id": "step-1", "action": "cancel"}))).header("if-match", "\"1\"").expect(422),
        // Steps.
        case("If-Match not a number", Resident, post.clone(), &step, Body::Json(json!({"id": uuid::Uuid::now_v7().to_string(), "action": "cancel"}))).header("if-match", "\"one\"").expect(422),
        case("If-Match past i64", Resident, post.clone(), &step, Body::Json(json!({"id": uuid::Uuid::now_v7().to_string(), "action": "cancel"}))).header("if-match", "\"99999999999999999999\"").expect(422),
        case("If-Match negative", Resident, post.clone(), &step, Body::Json(json!({"id": uuid::Uuid::now_v7().to_string(), "action": "cancel"}))).header("if-match", "\"-1\"").expect(412),
        case("If-Match missing", Resident, post.clone(), &step, Body::Json(json!({"id": uuid::Uuid::now_v7().to_string(), "action": "cancel"}))).expect(428),
        case("an action that does not exist", Resident, post.clone(), &step, Body::Json(json!({"id": uuid::Uuid::now_v7().to_string(), "action": "teleport"}))).header("if-match", "\"1\"").expect(422),
        case("a note of 501 characters", Resident, post.clone(), &step, Body::Json(json!({"id": uuid::Uuid::now_v7().to_string(), "action": "cancel", "note": long(501)}))).header("if-match", "\"1\"").expect(422),
        case("a note with a control character", Resident, post.clone(), &step, Body::Json(json!({"id": uuid::Uuid::now_v7().to_string(), "action": "cancel", "note": "\u{0008}"}))).header("if-match", "\"1\"").expect(422),
        case("a rating of 6", Resident, post.clone(), &confirm, Body::Json(json!({"id": uuid::Uuid::now_v7().to_string(), "action": "confirm", "rating": 6}))).header("if-match", "\"3\"").expect(422).at("rating"),
        case("a rating of 0", Resident, post.clone(), &confirm, Body::Json(json!({"id": uuid::Uuid::now_v7().to_string(), "action": "confirm", "rating": 0}))).header("if-match", "\"3\"").expect(422).at("rating"),
        case("a rating of 1e10", Resident, post.clone(), &confirm, Body::Json(json!({"id": uuid::Uuid::now_v7().to_string(), "action": "confirm", "rating": 1e10}))).header("if-match", "\"3\"").expect(422),
        case("a rating of -1", Resident, post.clone(), &confirm, Body::Json(json!({"id": uuid::Uuid::now_v7().to_string(), "action": "confirm", "rating": -1}))).header("if-match", "\"3\"").expect(422),
        case("a rating of 2.5", Resident, post.clone(), &confirm, Body::Json(json!({"id": uuid::Uuid::now_v7().to_string(), "action": "confirm", "rating": 2.5}))).header("if-match", "\"3\"").expect(422),
        // Lists and dates.
        case("limit -1", Resident, get.clone(), "/api/v1/orders?limit=-1", Body::None).expect(422),
        case("limit past u64", Resident, get.clone(), "/api/v1/orders?limit=99999999999999999999", Body::None).expect(422),
        case("limit twice", Resident, get.clone(), "/api/v1/orders?limit=1&limit=2", Body::None).expect(422),
        case("a cursor with a negative number", Resident, get.clone(), "/api/v1/orders?since=c-5", Body::None).expect(422),
        case("a cursor past i64", Resident, get.clone(), "/api/v1/orders?since=c99999999999999999999", Body::None).expect(422),
        case("a cursor that is not UTF-8", Resident, get.clone(), "/api/v1/orders?since=%FF", Body::None).expect(422),
        case("a cursor of 10 000 characters", Resident, get.clone(), &format!("/api/v1/orders?since={}", "c".repeat(10_000)), Body::None).expect(422),
        case("the last day of the calendar", Volunteer, get.clone(), "/api/v1/shifts?from=9999-12-31", Body::None).expect(422),
        case("a range ending on the last day", Volunteer, get.clone(), "/api/v1/shifts?from=9999-12-30&to=9999-12-31", Body::None).expect(422),
        case("30 February", Volunteer, get.clone(), "/api/v1/shifts?from=2026-02-30", Body::None).expect(422),
        case("a range backwards", Volunteer, get.clone(), "/api/v1/shifts?from=2026-12-10&to=2026-12-01", Body::None).expect(422),
        case("a range of 63 days", Volunteer, get.clone(), "/api/v1/shifts?from=2026-01-01&to=2026-03-05", Body::None).expect(422),
        case("a shift id of 10 000 characters", Volunteer, put.clone(), &format!("/api/v1/shifts/{}/signup", "x".repeat(10_000)), Body::None).expect(404),
        // Sign-in.
        case("a phone of 10 000 digits", Nobody, post.clone(), "/api/v1/auth/code", Body::Json(json!({"phone": "1".repeat(10_000)}))).expect(422),
        case("a phone as a number", Nobody, post.clone(), "/api/v1/auth/code", Body::Json(json!({"phone": 13800000001u64}))).expect(422),
        case("a code of 100 000 characters", Nobody, post.clone(), "/api/v1/auth/session", Body::Raw("application/json", format!(r#"{{"phone":"13800000002","code":"{}"}}"#, "1".repeat(100_000)).into_bytes())).expect(413),
        case("a code missing", Nobody, post.clone(), "/api/v1/auth/session", Body::Json(json!({"phone": "13800000002"}))).expect(422),
        // Bad headers.
        case("a token of 8 KiB", Nobody, get.clone(), "/api/v1/me", Body::None).header("authorization", format!("Bearer {}", "a".repeat(8192))).expect(401),
        case("a Basic credential", Nobody, get.clone(), "/api/v1/me", Body::None).header("authorization", "Basic YWRtaW46YWRtaW4=").expect(401),
        case("Bearer and nothing", Nobody, get.clone(), "/api/v1/me", Body::None).header("authorization", "Bearer ").expect(401),
        case("a token with SQL in it", Nobody, get.clone(), "/api/v1/me", Body::None).header("authorization", "Bearer ' OR 1=1 --").expect(401),
        case("If-None-Match of 8 KiB", Resident, get.clone(), "/api/v1/community", Body::None).header("if-none-match", "x".repeat(8192)),
        // Administration.
        case("a community hotline of 10 000 characters", Admin, put.clone(), "/api/v1/community", Body::Json(json!({"name": "育华里社区", "district": "和平区", "hotline": "1".repeat(10_000), "announcement": ""}))).expect(422),
        case("a station at latitude 1e308", Admin, put.clone(), "/api/v1/stations/st-9", Body::Json(json!({"name": "驿站", "address": "3 号楼", "phone": "022-23456789", "lat": 1e308, "lng": 0}))).expect(422),
        case("a service with an unknown field type", Admin, put.clone(), "/api/v1/services/svc-x", Body::Json(json!({"code": "X1", "name": "新服务", "category": "其他", "kind": "direct", "fields": [{"code": "a", "label": "a", "datatype": "hologram", "required": false, "options": []}]}))).expect(422),
        case("a shift of capacity -1", Admin, post.clone(), "/api/v1/shifts", Body::Json(json!({"title": "值班", "team": "队", "station_id": "st-1", "starts_at": "2099-01-01T09:00:00+08:00", "ends_at": "2099-01-01T10:00:00+08:00", "capacity": -1}))).expect(422),
        case("a shift of capacity past i64", Admin, post.clone(), "/api/v1/shifts", Body::Raw("application/json", br#"{"title":"x","team":"y","station_id":"st-1","starts_at":"2099-01-01T09:00:00+08:00","ends_at":"2099-01-01T10:00:00+08:00","capacity":99999999999999999999}"#.to_vec())).expect(422),
        case("a shift at the end of time", Admin, post.clone(), "/api/v1/shifts", Body::Json(json!({"title": "值班", "team": "队", "station_id": "st-1", "starts_at": "9999-12-31T23:00:00-23:59", "ends_at": "9999-12-31T23:59:59-23:59", "capacity": 1}))).expect(422),
        case("a role that does not exist", Admin, put.clone(), "/api/v1/users/u-13800000002/roles", Body::Json(json!({"roles": ["god"]}))).expect(422),
        case("an admin id with a slash", Admin, put.clone(), "/api/v1/grids/g%2F..%2F1", Body::Json(json!({"name": "网格"}))).expect(422),
        case("a sign-up for a shift of another id shape", Volunteer, Method::DELETE, &format!("/api/v1/shifts/{shift}%00/signup"), Body::None).expect(404),
        // Issue 17: notices.
        case("a notice title of 61 characters", Admin, put.clone(), "/api/v1/notices/n-x", Body::Json(json!({"title": long(61)}))).expect(422).at("title"),
        case("a notice body of 2001 characters", Admin, put.clone(), "/api/v1/notices/n-x", Body::Json(json!({"title": "通知", "body": long(2001)}))).expect(422).at("body"),
        case("a notice ending before it starts", Admin, put.clone(), "/api/v1/notices/n-x", Body::Json(json!({"title": "通知", "starts_on": "2026-12-05", "ends_on": "2026-12-04"}))).expect(422).at("ends_on"),
        case("a notice starting on 30 February", Admin, put.clone(), "/api/v1/notices/n-x", Body::Json(json!({"title": "通知", "starts_on": "2026-02-30"}))).expect(422).at("starts_on"),
        case("a notice pinned \"yes\"", Admin, put.clone(), "/api/v1/notices/n-x", Body::Json(json!({"title": "通知", "pinned": "yes"}))).expect(422),
        case("a notice with an unknown member", Admin, put.clone(), "/api/v1/notices/n-x", Body::Json(json!({"title": "通知", "colour": "red"}))).expect(422),
        case("a notice id with a space", Admin, put.clone(), "/api/v1/notices/n%20x", Body::Json(json!({"title": "通知"}))).expect(422).at("id"),
        case("all notices, maybe", Admin, get.clone(), "/api/v1/notices?all=maybe", Body::None).expect(422).at("all"),
        case("all notices as a resident", Resident, get.clone(), "/api/v1/notices?all=true", Body::None).expect(403),
        case("a notice removed that never was", Admin, Method::DELETE, "/api/v1/notices/n-never", Body::None).expect(404),
        // Series of shifts.
        case("a series of 400 days", Admin, post.clone(), "/api/v1/shifts/series", Body::Json(series_with("until", json!("2100-02-04")))).expect(422).at("until"),
        case("a series on day 0", Admin, post.clone(), "/api/v1/shifts/series", Body::Json(series_with("weekdays", json!([0])))).expect(422).at("weekdays"),
        case("a series on day 300", Admin, post.clone(), "/api/v1/shifts/series", Body::Json(series_with("weekdays", json!([300])))).expect(422),
        case("a series starting at 9am", Admin, post.clone(), "/api/v1/shifts/series", Body::Json(series_with("start", json!("9am")))).expect(422).at("start"),
        case("a series ending before it starts", Admin, post.clone(), "/api/v1/shifts/series", Body::Json(series_with("end", json!("08:00")))).expect(422).at("end"),
        case("a series of capacity 1e20", Admin, post.clone(), "/api/v1/shifts/series", Body::Json(series_with("capacity", json!(1e20)))).expect(422),
        case("a series from the year 10000", Admin, post.clone(), "/api/v1/shifts/series", Body::Json(series_with("from", json!("10000-01-01")))).expect(422).at("from"),
        case("a series every day for a year", Admin, post.clone(), "/api/v1/shifts/series", Body::Json(series_with("weekdays", json!([1, 2, 3, 4, 5, 6, 7])))).expect(422).at("until"),
        case("a series cancelled from 30 February", Admin, Method::DELETE, "/api/v1/shifts/series/se-x?from=2026-02-30", Body::None).expect(422).at("from"),
        case("a series that does not exist", Admin, Method::DELETE, "/api/v1/shifts/series/se-nope", Body::None).expect(404),
        // Attendance.
        case("attendance \"yes\"", Admin, put.clone(), &format!("/api/v1/shifts/{shift}/attendance/u-13800000003"), Body::Json(json!({"attended": "yes"}))).expect(422),
        case("attendance before the shift starts", Admin, put.clone(), &format!("/api/v1/shifts/{shift}/attendance/u-13800000003"), Body::Json(json!({"attended": true}))).expect(422),
        case("attendance of someone not signed up", Admin, put.clone(), &format!("/api/v1/shifts/{shift}/attendance/u-nobody"), Body::Json(json!({"attended": true}))).expect(404),
        // People.
        case("a search of 61 characters", Admin, get.clone(), &format!("/api/v1/users?q={}", "王".repeat(61)), Body::None).expect(422).at("q"),
        case("a search with a control character", Admin, get.clone(), "/api/v1/users?q=%1B", Body::None).expect(422).at("q"),
        case("a user list of limit abc", Admin, get.clone(), "/api/v1/users?limit=abc", Body::None).expect(422).at("limit"),
        case("a resident registered without consent", Admin, post.clone(), "/api/v1/users", Body::Json(json!({"phone": "13900000001", "name": "赵奶奶", "consent": false}))).expect(422).at("consent"),
        case("a resident registered with a landline", Admin, post.clone(), "/api/v1/users", Body::Json(json!({"phone": "022-23456789", "name": "赵奶奶", "consent": true}))).expect(422).at("phone"),
        case("a resident registered with a name of 31", Admin, post.clone(), "/api/v1/users", Body::Json(json!({"phone": "13900000001", "name": long(31), "consent": true}))).expect(422).at("name"),
        case("a resident registered in no grid", Admin, post.clone(), "/api/v1/users", Body::Json(json!({"phone": "13900000001", "name": "赵奶奶", "grid_id": "g-nope", "consent": true}))).expect(422).at("grid_id"),
        case("a resident registered by a resident", Resident, post.clone(), "/api/v1/users", Body::Json(json!({"phone": "13900000001", "name": "赵奶奶", "consent": true}))).expect(403),
        case("a user renamed to nothing", Admin, put.clone(), "/api/v1/users/u-13800000002", Body::Json(json!({"name": " ", "active": true}))).expect(422).at("name"),
        case("a user moved to no grid", Admin, put.clone(), "/api/v1/users/u-13800000002", Body::Json(json!({"name": "曹菊兰", "grid_id": "g-nope", "active": true}))).expect(422).at("grid_id"),
        case("a year of birth in the future", Admin, put.clone(), "/api/v1/users/u-13800000002", Body::Json(json!({"name": "曹菊兰", "active": true, "birth_year": 3000}))).expect(422).at("birth_year"),
        case("a year of birth past any integer", Admin, put.clone(), "/api/v1/users/u-13800000002", Body::Json(json!({"name": "曹菊兰", "active": true, "birth_year": 99_999_999_999u64}))).expect(422),
        case("an admin deactivating themselves", Admin, put.clone(), "/api/v1/users/u-13800000006", Body::Json(json!({"name": "陈主任", "active": false}))).expect(422).at("active"),
        case("a user edit without active", Admin, put.clone(), "/api/v1/users/u-13800000002", Body::Json(json!({"name": "曹菊兰"}))).expect(422),
        case("a user that does not exist", Admin, put.clone(), "/api/v1/users/u-nobody", Body::Json(json!({"name": "谁", "active": true}))).expect(404),
        case("my name of 31 characters", Resident, put.clone(), "/api/v1/me", Body::Json(json!({"name": long(31)}))).expect(422).at("name"),
        case("my address of 121 characters", Resident, put.clone(), "/api/v1/me", Body::Json(json!({"name": "李万章", "address": long(121)}))).expect(422).at("address"),
        case("my grid changed where residents do not choose", Resident, put.clone(), "/api/v1/me", Body::Json(json!({"name": "李万章", "grid_id": "g-2"}))).expect(422).at("grid_id"),
        case("my roles through my profile", Resident, put.clone(), "/api/v1/me", Body::Json(json!({"name": "李万章", "roles": ["admin"]}))).expect(422),
        // Orders filed on a resident's behalf.
        case("an order for a new number without consent", Admin, put.clone(), &new_order(), Body::Json(json!({"kind": "wish", "title": "买药", "on_behalf_of": {"phone": "13900000001", "consent": false}, "channel": "phone"}))).expect(422).at("on_behalf_of.consent"),
        case("an order for a landline", Admin, put.clone(), &new_order(), Body::Json(json!({"kind": "wish", "title": "买药", "on_behalf_of": {"phone": "022-23456789", "consent": true}, "channel": "phone"}))).expect(422).at("on_behalf_of.phone"),
        case("an order by fax", Admin, put.clone(), &new_order(), Body::Json(json!({"kind": "wish", "title": "买药", "on_behalf_of": {"phone": "13900000001", "consent": true}, "channel": "fax"}))).expect(422),
        case("an order on behalf without a channel", Admin, put.clone(), &new_order(), Body::Json(json!({"kind": "wish", "title": "买药", "on_behalf_of": {"phone": "13900000001", "consent": true}}))).expect(422).at("channel"),
        case("an order on behalf with an unknown member", Admin, put.clone(), &new_order(), Body::Json(json!({"kind": "wish", "title": "买药", "on_behalf_of": {"phone": "13900000001", "consent": true, "age": 90}, "channel": "phone"}))).expect(422),
        case("an order on behalf by a resident", Resident, put.clone(), &new_order(), Body::Json(json!({"kind": "wish", "title": "买药", "on_behalf_of": {"phone": "13900000001", "consent": true}, "channel": "phone"}))).expect(403),
    ];
    // The same malformed bodies at the other JSON routes.
    for (path, who) in [
        ("/api/v1/auth/code", Nobody),
        ("/api/v1/auth/session", Nobody),
        (step.as_str(), Resident),
        ("/api/v1/shifts", Admin),
    ] {
        all.push(
            case(
                "not JSON elsewhere",
                who,
                post.clone(),
                path,
                Body::Raw("application/json", b"{\"a\":".to_vec()),
            )
            .header("if-match", "\"1\"")
            .expect(422),
        );
    }
    all
}

/// What the requests above might have changed, read back.
async fn state(server: &TestServer, admin: &str) -> Vec<String> {
    let db = server.db().await;
    let mut state = Vec::new();
    for table in [
        "orders",
        "order_events",
        "order_transitions",
        "shift_signups",
        "shifts",
        "services",
        "stations",
        "grids",
        "contacts",
        "user_roles",
        "users",
        "notices",
        "audit_log",
    ] {
        let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&db)
            .await
            .expect("count");
        state.push(format!("{table}: {count}"));
    }
    for path in [
        "/api/v1/community",
        "/api/v1/services",
        "/api/v1/grids",
        "/api/v1/stations",
        "/api/v1/notices",
    ] {
        state.push(format!(
            "{path} {}",
            header(&server.get_as(admin, path).await, "etag")
        ));
    }
    state
}

#[tokio::test]
async fn bad_input_is_answered_as_a_problem_and_changes_nothing() {
    let server = TestServer::start(&["--demo", "--rate-limit", "0"]).await;
    let resident = server.sign_in("13800000001").await;
    let volunteer = server.sign_in("13800000003").await;
    let admin = server.sign_in("13800000006").await;
    let order = server
        .create_order(
            &resident,
            json!({"kind": "wish", "title": "想请人帮忙买菜"}),
        )
        .await;
    let done = server
        .create_order(
            &resident,
            json!({"kind": "wish", "title": "想请人帮忙取药"}),
        )
        .await;
    for (version, action) in [(1, "claim"), (2, "complete")] {
        let answer = server
            .client
            .post(server.url(&format!("/api/v1/orders/{done}/transitions")))
            .bearer_auth(&volunteer)
            .header("if-match", format!("\"{version}\""))
            .json(&json!({"id": uuid::Uuid::now_v7().to_string(), "action": action}))
            .send()
            .await
            .expect("step");
        assert_eq!(answer.status(), 200, "{action}");
    }
    let rota: Value = server.get_json(&volunteer, "/api/v1/shifts").await;
    // An open shift the volunteer signed up for (its attendance cannot be marked yet).
    let shift = rota["items"]
        .as_array()
        .and_then(|items| items.iter().find(|s| s["status"] == "open"))
        .and_then(|s| s["id"].as_str())
        .expect("an open shift")
        .to_string();
    let taken = server
        .send(
            &volunteer,
            Method::PUT,
            &format!("/api/v1/shifts/{shift}/signup"),
            None,
        )
        .await;
    assert_eq!(taken.status(), 200);

    let before = state(&server, &admin).await;
    let cases = cases(&order, &done, &shift);
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let mut wrong = Vec::new();
    for case in &cases {
        let mut request = server
            .client
            .request(case.method.clone(), server.url(&case.path));
        match case.who {
            As::Nobody => {}
            As::Resident => request = request.bearer_auth(&resident),
            As::Volunteer => request = request.bearer_auth(&volunteer),
            As::Admin => request = request.bearer_auth(&admin),
        }
        for (name, value) in &case.headers {
            request = request.header(*name, value);
        }
        request = match &case.body {
            Body::None => request,
            Body::Json(value) => request.json(value),
            Body::Raw(content_type, bytes) => request
                .header("content-type", *content_type)
                .body(bytes.clone()),
        };
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => {
                wrong.push(format!("{}: no answer ({error})", case.name));
                continue;
            }
        };
        let status = response.status().as_u16();
        let content_type = header(&response, "content-type");
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let fine_status = match case.status {
            Some(expected) => status == expected,
            None => (200..500).contains(&status),
        };
        let at_field = case
            .field
            .is_none_or(|field| body["errors"][field].is_array());
        let readable = at_field && status < 400
            || (content_type.starts_with("application/problem+json")
                && body["detail"].as_str().is_some_and(|d| !d.is_empty())
                && body["type"].as_str().is_some_and(|t| !t.is_empty()));
        if !fine_status || !readable {
            wrong.push(format!(
                "{}: {status} {content_type} {:.200}",
                case.name,
                body.to_string()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases answered wrongly:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
    assert_eq!(state(&server, &admin).await, before, "nothing changed");
    assert_eq!(
        server.get("/api/v1/health").await.status(),
        200,
        "still serving"
    );
    server.stop().await;
}
