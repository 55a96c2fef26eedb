//! Issue 14: the safety rules every backend gets from the engine and the mapped
//! profile, against an in-memory backend in the shape of tests/e2e/tickets-config.json
//! whose behaviour each test bends the way real backends do: an answer lost after the
//! write, a filter it ignores, a step it answers "done" to without taking, an in-band
//! refusal, an order entered at its counter, a create it keeps failing, a total it
//! gives, a token that expires.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use futures::executor::block_on;
use serde_json::{json, Value};
use yizhan_core::i18n::{texts, Lang};
use yizhan_core::lifecycle::{Action, Step};
use yizhan_core::model::{ContactRole, NewOrder, OrderKind, OrderStatus};
use yizhan_core::sync::check::{check_backend, Finding, Verdict};
use yizhan_core::sync::config::AppConfig;
use yizhan_core::sync::profiles::mapped::MappedProfile;
use yizhan_core::sync::profiles::Profile;
use yizhan_core::sync::{
    Attempt, Backend, Doubt, Engine, EntryState, Env, Fetched, HttpRequest, HttpResponse,
    MemoryStore, Method, NetworkError, ParkReason, Reference, ReferenceData, Session, SubmitError,
    SyncError, Transport,
};

const BASE: &str = "https://desk.example/api";
const NOW: i64 = 1_795_410_000_000; // 2026-11-23T05:00:00Z

struct Fixed {
    ids: Cell<u64>,
}

impl Env for Fixed {
    fn now_ms(&self) -> i64 {
        NOW
    }
    fn random_unit(&self) -> f64 {
        0.5
    }
    fn new_id(&self) -> String {
        self.ids.set(self.ids.get() + 1);
        format!("00000000-0000-7000-8000-{:012}", self.ids.get())
    }
}

/// How the backend bends.
#[derive(Default)]
struct Quirks {
    /// The next write is done, and its answer lost on the way back.
    lose_next_answer: Cell<bool>,
    /// The next create is lost on its way there.
    lose_next_post: Cell<bool>,
    /// `?uuid=` is ignored: the list answers everything.
    ignores_filter: Cell<bool>,
    /// A PATCH answers 200 with no record and changes nothing.
    drops_steps: Cell<bool>,
    /// A PATCH answers 200 `{"code": 500, "msg": …}` and changes nothing.
    refuses_steps_in_band: Cell<Option<&'static str>>,
    /// Creates with this subject answer 500, always.
    fails_subject: RefCell<Option<String>>,
    /// The token it takes (sign-in style); `None` takes any.
    takes_token: RefCell<Option<String>>,
}

/// The backend's tickets (uuid or, for counter-made ones, `no:<n>` → ticket) and how
/// many requests of each kind it was asked.
#[derive(Clone, Default)]
struct Desk {
    tickets: Rc<RefCell<BTreeMap<String, Value>>>,
    quirks: Rc<Quirks>,
    posts: Rc<Cell<usize>>,
    lists: Rc<Cell<usize>>,
    refreshes: Rc<Cell<usize>>,
}

fn answer(status: u16, body: Value) -> Result<HttpResponse, NetworkError> {
    Ok(HttpResponse {
        status,
        headers: Vec::new(),
        body: body.to_string(),
    })
}

fn query<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    url.split_once('?')?
        .1
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

impl Desk {
    fn ticket(&self, subject: &str) -> Option<Value> {
        self.tickets
            .borrow()
            .values()
            .find(|t| t["subject"] == subject)
            .cloned()
    }

    fn count(&self, subject: &str) -> usize {
        self.tickets
            .borrow()
            .values()
            .filter(|t| t["subject"] == subject)
            .count()
    }

    /// A change by the backend's staff.
    fn staff_set(&self, subject: &str, state: &str) {
        let mut tickets = self.tickets.borrow_mut();
        if let Some(ticket) = tickets.values_mut().find(|t| t["subject"] == subject) {
            ticket["state"] = json!(state);
            ticket["rev"] = json!(ticket["rev"].as_i64().unwrap_or(1) + 1);
            ticket["modified"] = json!("2026-11-23T06:00:00.000Z");
        }
    }

    fn handle(&self, request: &HttpRequest) -> Result<HttpResponse, NetworkError> {
        let path = request
            .url
            .strip_prefix(BASE)
            .unwrap_or(&request.url)
            .split('?')
            .next()
            .unwrap_or_default()
            .to_string();
        if path == "/refresh" {
            self.refreshes.set(self.refreshes.get() + 1);
            let body: Value =
                serde_json::from_str(request.body.as_deref().unwrap_or("{}")).unwrap_or_default();
            return if body["refresh_token"] == "r-1" {
                *self.quirks.takes_token.borrow_mut() = Some("t-2".into());
                answer(200, json!({"token": "t-2", "refresh_token": "r-2"}))
            } else {
                answer(401, json!({"error": {"message": "expired"}}))
            };
        }
        if let Some(token) = self.quirks.takes_token.borrow().as_deref() {
            let sent = request
                .headers
                .iter()
                .find(|(name, _)| name == "Authorization")
                .map(|(_, value)| value.as_str());
            if sent != Some(&format!("Bearer {token}")) {
                return answer(401, json!({"error": {"message": "token expired"}}));
            }
        }
        let body: Value = request
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
            .unwrap_or(Value::Null);
        let id = path.strip_prefix("/tickets/").map(str::to_string);
        match (request.method, path.as_str(), id) {
            (Method::Get, "/people", _) => answer(
                200,
                json!({"data": [{"pid": "p-1", "full_name": "李万章", "mobile": "13800000001"}]}),
            ),
            (Method::Get, "/wangge", _) => answer(
                200,
                json!({"rows": [{"gridId": 11, "gridName": "第一网格", "area": "1-6 号楼",
                                 "members": [{"memberId": 5, "memberName": "王静", "duty": "1",
                                              "post": "网格员", "mobile": "13900000001"}],
                                 "updateTime": "2026-11-23 13:00:00"}]}),
            ),
            (Method::Get, "/rota", _) => answer(
                200,
                json!({"rows": [{"shiftId": 9, "shiftName": "扮靓周四", "beginTime": "2026-12-03 09:00:00",
                                 "endTime": "2026-12-03 11:00:00", "quota": 8, "joined": 3}]}),
            ),
            (Method::Get, "/tickets", _) => {
                self.lists.set(self.lists.get() + 1);
                let wanted =
                    query(&request.url, "uuid").filter(|_| !self.quirks.ignores_filter.get());
                let page: usize = query(&request.url, "page")
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(1);
                let size: usize = query(&request.url, "per_page")
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(50);
                let all: Vec<Value> = self
                    .tickets
                    .borrow()
                    .values()
                    .filter(|t| wanted.is_none_or(|w| t["uuid"] == w))
                    .cloned()
                    .collect();
                let items: Vec<Value> = all
                    .iter()
                    .skip((page - 1) * size)
                    .take(size)
                    .cloned()
                    .collect();
                answer(200, json!({"data": {"items": items, "total": all.len()}}))
            }
            (Method::Post, "/tickets", _) => {
                if self.quirks.lose_next_post.replace(false) {
                    return Err(NetworkError::Timeout);
                }
                self.posts.set(self.posts.get() + 1);
                let mut ticket = body["ticket"].clone();
                if self.quirks.fails_subject.borrow().as_deref() == ticket["subject"].as_str() {
                    return answer(500, json!({"error": {"message": "database is busy"}}));
                }
                let Some(uuid) = ticket["uuid"].as_str().map(str::to_string) else {
                    return answer(422, json!({"error": {"message": "no uuid"}}));
                };
                ticket["ticket_no"] = json!(self.tickets.borrow().len() + 1000);
                self.tickets.borrow_mut().insert(uuid, ticket.clone());
                if self.quirks.lose_next_answer.replace(false) {
                    return Err(NetworkError::Timeout);
                }
                answer(201, json!({"data": ticket}))
            }
            (Method::Get, _, Some(id)) => match self.tickets.borrow().get(&id) {
                Some(ticket) => answer(200, json!({"data": ticket})),
                None => answer(404, json!({"error": {"message": "no such ticket"}})),
            },
            (Method::Patch, _, Some(id)) => {
                if self.quirks.drops_steps.get() {
                    return answer(200, json!({}));
                }
                if let Some(message) = self.quirks.refuses_steps_in_band.get() {
                    return answer(200, json!({"code": 500, "msg": message}));
                }
                let mut tickets = self.tickets.borrow_mut();
                let Some(ticket) = tickets.get_mut(&id) else {
                    return answer(404, json!({"error": {"message": "no such ticket"}}));
                };
                if let (Value::Object(ticket), Value::Object(changes)) = (ticket, &body) {
                    for (key, value) in changes {
                        ticket.insert(key.clone(), value.clone());
                    }
                }
                answer(200, json!({"data": tickets.get(&id)}))
            }
            _ => answer(404, json!({"error": {"message": "no such route"}})),
        }
    }
}

impl Transport for Desk {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, NetworkError> {
        self.handle(&request)
    }
}

/// tests/e2e/tickets-config.json with creates POSTed to `/tickets`, as most backends
/// take them, changed further by `change`.
fn description(change: impl FnOnce(&mut Value)) -> MappedProfile {
    let text = std::fs::read_to_string(format!(
        "{}/../../tests/e2e/tickets-config.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("the e2e description");
    let mut config: Value = serde_json::from_str(&text).expect("JSON");
    config["base_url"] = json!(BASE);
    config["mapping"]["orders"]["create"] = json!({ "method": "POST", "path": "/tickets", "envelope": "/data", "body_envelope": "/ticket" });
    change(&mut config["mapping"]);
    let config = AppConfig::parse(&config.to_string()).expect("a valid description");
    MappedProfile::new(BASE, config.mapping.expect("a mapping"), || NOW)
}

fn resident() -> Session {
    Session {
        token: "p-1".into(),
        user_id: "p-1".into(),
        name: "李万章".into(),
        roles: vec!["resident".into()],
        grid_id: None,
        refresh_token: None,
    }
}

type Phone = Engine<MemoryStore, MappedProfile, Desk, Fixed>;

async fn phone(profile: MappedProfile, desk: &Desk, session: Session) -> Phone {
    let env = Fixed { ids: Cell::new(0) };
    let mut engine = Engine::open(MemoryStore::default(), profile, desk.clone(), env)
        .await
        .expect("opens");
    engine.set_session(Some(&session)).await.expect("signs in");
    engine
}

fn wish(title: &str) -> NewOrder {
    NewOrder {
        kind: OrderKind::Wish,
        service_id: None,
        title: title.into(),
        description: String::new(),
        address: None,
        contact_phone: None,
        preferred_time: None,
        attributes: Default::default(),
        on_behalf_of: None,
        channel: None,
    }
}

async fn submit(engine: &mut Phone, id: &str, title: &str) {
    engine
        .submit_order(id.into(), wish(title))
        .await
        .expect("queued");
}

fn parked_doubts(engine: &Phone) -> Vec<Doubt> {
    engine
        .snapshot()
        .outbox
        .values()
        .filter_map(|entry| match &entry.state {
            EntryState::Parked(reason) => reason.doubt(),
            _ => None,
        })
        .collect()
}

/// Bullet 1: a create whose answer was lost is read back before anything is sent
/// again, and found: one ticket. (The old profile posted again at once.)
#[test]
fn a_create_whose_answer_was_lost_is_looked_up_and_never_posted_twice() {
    block_on(async {
        let desk = Desk::default();
        let mut engine = phone(description(|_| {}), &desk, resident()).await;
        submit(&mut engine, "o-1", "帮忙修一下门锁").await;
        desk.quirks.lose_next_answer.set(true);
        engine.sync().await.expect("store");
        engine.expedite().await.expect("store");
        engine.sync().await.expect("store");
        engine.expedite().await.expect("store");
        engine.sync().await.expect("store");
        assert_eq!(desk.count("帮忙修一下门锁"), 1, "one ticket");
        assert_eq!(desk.posts.get(), 1, "posted once");
        assert!(engine.snapshot().outbox.is_empty(), "and taken as sent");
        assert!(engine.snapshot().orders["o-1"].acknowledged);
    });
}

/// When the read-back proves nothing (the backend ignores the filter), the order waits
/// with a plain message and is not posted again.
#[test]
fn a_create_the_backend_cannot_confirm_waits_and_is_never_posted_blindly() {
    block_on(async {
        let desk = Desk::default();
        let profile = description(|m| {
            m["orders"]["find"] = json!({ "param": "uuid" });
            m["orders"]["get"] = Value::Null;
        });
        let mut engine = phone(profile, &desk, resident()).await;
        submit(&mut engine, "o-0", "别人的单子").await;
        engine.sync().await.expect("store");
        submit(&mut engine, "o-1", "帮忙修一下门锁").await;
        // Lost on the way there: it never arrived, and the backend cannot say so.
        desk.quirks.lose_next_post.set(true);
        desk.quirks.ignores_filter.set(true);
        for _ in 0..4 {
            engine.expedite().await.expect("store");
            engine.sync().await.expect("store");
        }
        assert_eq!(desk.count("帮忙修一下门锁"), 0, "never posted blindly");
        assert_eq!(parked_doubts(&engine), [Doubt::UnconfirmedResend]);
    });
}

/// A create that did arrive, whose answer was lost and which the backend could not
/// confirm, is settled by the pull that lists it: sent once, and shown sent.
#[test]
fn a_create_the_pull_lists_is_sent_whatever_became_of_its_answer() {
    block_on(async {
        let desk = Desk::default();
        let profile = description(|m| {
            m["orders"]["find"] = json!({ "param": "uuid" });
            m["orders"]["get"] = Value::Null;
        });
        let mut engine = phone(profile, &desk, resident()).await;
        submit(&mut engine, "o-0", "别人的单子").await;
        engine.sync().await.expect("store");
        submit(&mut engine, "o-1", "帮忙修一下门锁").await;
        engine
            .request_transition("o-1", Step::new(Action::Cancel))
            .await
            .expect("queued behind the create");
        desk.quirks.lose_next_answer.set(true);
        desk.quirks.ignores_filter.set(true);
        for _ in 0..3 {
            engine.expedite().await.expect("store");
            engine.sync().await.expect("store");
        }
        assert!(
            engine.snapshot().orders["o-1"].acknowledged,
            "the pull listed it"
        );
        assert!(
            !parked_doubts(&engine).contains(&Doubt::UnconfirmedResend),
            "the create no longer waits"
        );
        // The backend mends its filter: the step that waited behind the create goes.
        desk.quirks.ignores_filter.set(false);
        engine.expedite().await.expect("store");
        engine.sync().await.expect("store");
        assert_eq!(desk.count("帮忙修一下门锁"), 1);
        assert_eq!(desk.posts.get(), 2, "o-0 and o-1, once each");
        assert!(engine.snapshot().orders["o-1"].acknowledged);
        assert_eq!(
            desk.ticket("帮忙修一下门锁").expect("there")["state"],
            "withdrawn",
            "the step that waited behind the create went"
        );
        assert!(engine.snapshot().outbox.is_empty());
    });
}

/// Bullet 3: a step the backend answers 200 to without taking is never shown as sent.
/// (The old profile read the unchanged order back and took it as the answer.)
#[test]
fn a_step_the_backend_answers_without_taking_is_not_shown_as_sent() {
    block_on(async {
        let desk = Desk::default();
        let mut engine = phone(description(|_| {}), &desk, resident()).await;
        submit(&mut engine, "o-1", "帮忙修一下门锁").await;
        engine.sync().await.expect("store");
        desk.quirks.drops_steps.set(true);
        engine
            .request_transition("o-1", Step::new(Action::Cancel))
            .await
            .expect("queued");
        engine.sync().await.expect("store");
        assert_eq!(
            desk.ticket("帮忙修一下门锁").expect("there")["state"],
            "new"
        );
        assert_eq!(parked_doubts(&engine), [Doubt::StepNotTaken], "not sent");
        assert_eq!(
            engine.snapshot().orders["o-1"].order.status,
            OrderStatus::Submitted
        );
    });
}

/// Bullet 3: a refusal inside a 200 answer parks the step with the backend's own
/// message.
#[test]
fn an_in_band_refusal_parks_the_step_with_the_backends_message() {
    block_on(async {
        let desk = Desk::default();
        let profile = description(|m| {
            m["errors"] = json!({ "message_pointer": "/msg",
                                  "in_band": { "pointer": "/code", "success": [200] } });
        });
        let mut engine = phone(profile, &desk, resident()).await;
        submit(&mut engine, "o-1", "帮忙修一下门锁").await;
        engine.sync().await.expect("store");
        desk.quirks
            .refuses_steps_in_band
            .set(Some("工单已派发，不能取消"));
        engine
            .request_transition("o-1", Step::new(Action::Cancel))
            .await
            .expect("queued");
        engine.sync().await.expect("store");
        let messages: Vec<String> = engine
            .snapshot()
            .outbox
            .values()
            .filter_map(|entry| match &entry.state {
                EntryState::Parked(ParkReason::Refused { message, .. }) => Some(message.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(messages, ["工单已派发，不能取消"]);
    });
}

fn counter_ticket(desk: &Desk) {
    desk.tickets.borrow_mut().insert(
        "no:77".into(),
        json!({"ticket_no": 77, "kind": "service", "service_id": 3, "subject": "楼道灯坏了",
               "details": "柜台登记", "state": "assigned", "rev": 2, "owner": "p-1",
               "opened": "2026-11-23T04:00:00.000Z", "modified": "2026-11-23T04:00:00.000Z"}),
    );
}

/// Bullet 5: an order entered at the counter (no client id) does not hide the others.
/// (The old profile failed the whole list on it: no orders at all.)
#[test]
fn an_order_entered_at_the_counter_hides_nothing_else() {
    block_on(async {
        let desk = Desk::default();
        let mut engine = phone(description(|_| {}), &desk, resident()).await;
        submit(&mut engine, "o-1", "帮忙修一下门锁").await;
        engine.sync().await.expect("store");
        counter_ticket(&desk);
        desk.staff_set("帮忙修一下门锁", "assigned");
        engine.sync().await.expect("store");
        assert_eq!(
            engine.snapshot().orders["o-1"].order.status,
            OrderStatus::Dispatched,
            "the staff's change arrived"
        );
    });
}

/// With their own id named, it is shown, read-only, under that id.
#[test]
fn an_order_entered_at_the_counter_is_shown_read_only() {
    block_on(async {
        let desk = Desk::default();
        let profile = description(|m| m["orders"]["server_id"] = json!("ticket_no"));
        let mut engine = phone(profile, &desk, resident()).await;
        counter_ticket(&desk);
        engine.sync().await.expect("store");
        let counter = engine
            .snapshot()
            .orders
            .values()
            .find(|o| o.order.title == "楼道灯坏了")
            .expect("shown")
            .order
            .clone();
        assert!(counter.filed_elsewhere(), "{}", counter.id);
        assert_eq!(
            counter.service_id.as_deref(),
            Some("3"),
            "a number read as text"
        );
        assert_eq!(counter.status, OrderStatus::Dispatched);
        let step = engine
            .request_transition(&counter.id, Step::new(Action::Cancel))
            .await;
        assert_eq!(step, Err(SubmitError::FiledElsewhere));
    });
}

/// Bullet 6: one create the backend keeps failing holds up neither the pull nor the
/// other orders' entries.
#[test]
fn one_stuck_create_blocks_neither_the_pull_nor_the_others() {
    block_on(async {
        let desk = Desk::default();
        let mut engine = phone(description(|_| {}), &desk, resident()).await;
        submit(&mut engine, "o-1", "帮忙修一下门锁").await;
        engine.sync().await.expect("store");
        *desk.quirks.fails_subject.borrow_mut() = Some("卡住的单子".into());
        submit(&mut engine, "o-2", "卡住的单子").await;
        submit(&mut engine, "o-3", "帮忙取快递").await;
        desk.staff_set("帮忙修一下门锁", "assigned");
        engine.sync().await.expect("store");
        assert_eq!(desk.count("帮忙取快递"), 1, "the next order went");
        assert_eq!(
            engine.snapshot().orders["o-1"].order.status,
            OrderStatus::Dispatched,
            "the staff's change arrived"
        );
        assert!(!engine.snapshot().orders["o-2"].acknowledged);
    });
}

/// Paging ends at the total the list gives: no request past it.
#[test]
fn paging_ends_at_the_total() {
    block_on(async {
        let desk = Desk::default();
        let profile = description(|m| {
            m["orders"]["list"]["total_pointer"] = json!("/data/total");
        });
        let mut engine = phone(profile, &desk, resident()).await;
        for n in 0..4 {
            submit(&mut engine, &format!("o-{n}"), &format!("心愿 {n}")).await;
        }
        engine.sync().await.expect("store");
        desk.lists.set(0);
        engine.sync().await.expect("store");
        assert_eq!(desk.lists.get(), 2, "4 orders in pages of 2: two pages");
    });
}

/// A person's own token, renewed by the refresh token when it expires; the pass goes
/// on without asking them.
#[test]
fn an_expired_token_is_renewed_and_the_pass_goes_on() {
    block_on(async {
        let desk = Desk::default();
        let profile = description(|m| {
            m["orders"]["list"]["owner_param"] = Value::Null;
            m["users"] = Value::Null;
            m["references"] = json!({});
            m["auth"] = json!({ "style": "sign_in", "with": "password", "path": "/login",
                                "phone_field": "username", "secret_field": "password",
                                "token": "/token", "refresh_token": "/refresh_token",
                                "user": { "id": "/user/id" },
                                "refresh": { "path": "/refresh", "refresh_field": "refresh_token",
                                             "token": "/token", "refresh_token": "/refresh_token" } });
        });
        *desk.quirks.takes_token.borrow_mut() = Some("t-1".into());
        let session = Session {
            token: "t-1".into(),
            refresh_token: Some("r-1".into()),
            ..resident()
        };
        let mut engine = phone(profile, &desk, session).await;
        submit(&mut engine, "o-1", "帮忙修一下门锁").await;
        // The backend lets the token expire and takes only the renewed one.
        *desk.quirks.takes_token.borrow_mut() = Some("t-0".into());
        let report = engine.sync().await.expect("store");
        assert_eq!(report.interrupted_by, None, "{report:?}");
        assert_eq!(desk.refreshes.get(), 1);
        assert_eq!(desk.count("帮忙修一下门锁"), 1);
        let session = engine.session().expect("still signed in");
        assert_eq!(
            (session.token.as_str(), session.refresh_token.as_deref()),
            ("t-2", Some("r-2"))
        );
    });
}

/// The backend check (the `/check` page) on the same desk: what a deploying engineer is
/// told, in plain words.
async fn checked(profile: MappedProfile, desk: &Desk) -> Vec<Finding> {
    let env = Fixed { ids: Cell::new(0) };
    let profile = Profile::Mapped(Box::new(profile));
    check_backend(&profile, desk, env, "13800000001", "", texts(Lang::ZhHans)).await
}

#[test]
fn the_check_says_what_works_on_a_backend_described_well() {
    block_on(async {
        let desk = Desk::default();
        let profile = description(|m| {
            m["orders"]["find"] = json!({ "param": "uuid" });
            m["orders"]["get"] = Value::Null;
            m["orders"]["server_id"] = json!("ticket_no");
            m["references"] = json!({});
        });
        let found = checked(profile, &desk).await;
        for expected in [
            Finding::ResendFound,
            Finding::TimeKept,
            Finding::StepTaken,
            Finding::CounterOrdersShown,
        ] {
            assert!(found.contains(&expected), "{expected:?} in {found:?}");
        }
        assert_eq!(
            desk.posts.get(),
            1,
            "the test wish filed once, its answer dropped"
        );
        let wish = desk
            .tickets
            .borrow()
            .values()
            .next()
            .cloned()
            .expect("the test wish");
        assert_eq!(wish["state"], "withdrawn", "and cancelled");
        assert!(
            found.iter().all(|f| f.verdict() != Verdict::Fails),
            "{found:?}"
        );
        let said = found[0].describe(texts(Lang::ZhHans));
        assert!(said.contains("李万章"), "{said}");
    });
}

#[test]
fn the_check_says_what_will_not_work() {
    block_on(async {
        // The filter by the app's id is ignored: a lost answer cannot be confirmed.
        let desk = Desk::default();
        desk.tickets.borrow_mut().insert(
            "other".into(),
            json!({"uuid": "other", "subject": "x", "owner": "p-1"}),
        );
        desk.quirks.ignores_filter.set(true);
        let profile = description(|m| {
            m["orders"]["find"] = json!({ "param": "uuid" });
            m["orders"]["get"] = Value::Null;
            m["references"] = json!({});
        });
        let found = checked(profile, &desk).await;
        assert!(found.contains(&Finding::ResendUnconfirmed), "{found:?}");
        assert!(found.contains(&Finding::CounterOrdersHidden), "{found:?}");
        assert_eq!(desk.posts.get(), 1, "never filed twice");

        // A backend that answers steps without taking them.
        let desk = Desk::default();
        desk.quirks.drops_steps.set(true);
        let found = checked(description(|m| m["references"] = json!({})), &desk).await;
        assert!(
            found.iter().any(|f| matches!(f, Finding::StepRefused(_))),
            "{found:?}"
        );
    });
}

/// Grids with their contacts, and the duty rota, read field by field from a backend's own
/// shapes (value words for a contact's role, their time format).
#[test]
fn grids_with_contacts_and_the_rota_read_field_by_field() {
    block_on(async {
        let desk = Desk::default();
        let profile = description(|m| {
            m["time_zone"] = json!("+08:00");
            m["references"] = json!({
                "grids": { "path": "/wangge", "envelope": "/rows", "record": {
                    "fields": { "id": "gridId", "name": "gridName", "contacts": "members", "updated_at": "updateTime" },
                    "formats": { "updated_at": "local" },
                    "items": { "contacts": {
                        "fields": { "id": "memberId", "name": "memberName", "role": "duty", "title": "post", "phone": "mobile" },
                        "values": { "role": { "grid_worker": "1", "party_secretary": "2" } } } } } },
                "shifts": { "path": "/rota", "envelope": "/rows", "record": {
                    "fields": { "id": "shiftId", "title": "shiftName", "starts_at": "beginTime",
                                "ends_at": "endTime", "capacity": "quota", "signed_up": "joined" },
                    "formats": { "starts_at": "local", "ends_at": "local" } } }
            });
        });
        let grids = profile
            .reference(&desk, "p-1", Reference::Grids, None)
            .await
            .expect("read");
        let Fetched::Fresh {
            data: ReferenceData::Grids(grids),
            ..
        } = grids
        else {
            panic!("{grids:?}")
        };
        assert_eq!(grids[0].id, "11");
        assert_eq!(grids[0].contacts[0].name, "王静");
        assert_eq!(
            grids[0].contacts[0].role,
            ContactRole::GridWorker,
            "their code 1"
        );
        assert_eq!(grids[0].contacts[0].id, "5");
        let shifts = profile
            .reference(&desk, "p-1", Reference::Shifts, None)
            .await
            .expect("read");
        let Fetched::Fresh {
            data: ReferenceData::Shifts(shifts),
            ..
        } = shifts
        else {
            panic!("{shifts:?}")
        };
        assert_eq!(shifts[0].title, "扮靓周四");
        assert_eq!(
            shifts[0].starts_at, "2026-12-03T01:00:00.000Z",
            "09:00 in Beijing"
        );
        assert_eq!((shifts[0].capacity, shifts[0].signed_up), (8, 3));
    });
}

fn attempt(maybe_sent: bool) -> Attempt {
    Attempt {
        maybe_sent,
        queued_at: NOW,
        owner_id: "p-1".into(),
    }
}

/// The resend rule itself, without a pull that could settle the order first: after a
/// lost answer the order is looked up, and only proof of absence sends it again.
#[test]
fn a_resend_goes_only_on_proof_that_the_first_did_not_arrive() {
    block_on(async {
        for (how, by_path) in [("find", false), ("get", true)] {
            let profile = description(|m| {
                m["orders"]["find"] = json!({ "param": "uuid" });
                if !by_path {
                    m["orders"]["get"] = Value::Null;
                }
            });
            // Arrived, its answer lost: found, not sent again.
            let desk = Desk::default();
            desk.quirks.lose_next_answer.set(true);
            let first = profile
                .create_order(&desk, "p-1", "o-1", &wish("帮忙修一下门锁"), attempt(false))
                .await;
            assert!(first.is_err(), "{how}: the answer was lost");
            let again = profile
                .create_order(&desk, "p-1", "o-1", &wish("帮忙修一下门锁"), attempt(true))
                .await;
            assert!(again.is_ok(), "{how}: {again:?}");
            assert_eq!(desk.posts.get(), 1, "{how}: found, not sent again");

            // Lost on the way there, and the backend says so: sent again, once.
            let desk = Desk::default();
            desk.quirks.lose_next_post.set(true);
            let first = profile
                .create_order(&desk, "p-1", "o-1", &wish("帮忙修一下门锁"), attempt(false))
                .await;
            assert!(first.is_err());
            let again = profile
                .create_order(&desk, "p-1", "o-1", &wish("帮忙修一下门锁"), attempt(true))
                .await;
            assert!(again.is_ok(), "{how}: {again:?}");
            assert_eq!(
                desk.count("帮忙修一下门锁"),
                1,
                "{how}: proven absent, sent once"
            );
        }
        // The backend's answer proves nothing: never sent blindly.
        let profile = description(|m| {
            m["orders"]["find"] = json!({ "param": "uuid" });
            m["orders"]["get"] = Value::Null;
        });
        let desk = Desk::default();
        desk.tickets.borrow_mut().insert(
            "other".into(),
            json!({"uuid": "other", "subject": "x", "owner": "p-1"}),
        );
        desk.quirks.ignores_filter.set(true);
        let again = profile
            .create_order(&desk, "p-1", "o-1", &wish("帮忙修一下门锁"), attempt(true))
            .await;
        assert!(
            matches!(&again, Err(SyncError::Unsure(Doubt::UnconfirmedResend))),
            "{again:?}"
        );
        assert_eq!(desk.posts.get(), 0);
    });
}
