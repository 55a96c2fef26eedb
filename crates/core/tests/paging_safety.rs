//! Issue 14, first step: paging always ends, whatever a backend does past its end. A
//! backend in PageHelper's "reasonable" mode (RuoYi-Vue and most Java admin frameworks)
//! answers a page past the end with its last page again; with a number of orders that is
//! an exact multiple of the page size the old engine asked for the next page for ever.
//! The engine now ends the pass at a page that repeats the last one, and stops any pass at
//! a hard cap of pages with a clear error, resuming from there next time.

use std::cell::Cell;
use std::rc::Rc;

use futures::executor::block_on;
use serde_json::{json, Value};
use yizhan_core::sync::config::AppConfig;
use yizhan_core::sync::engine::PAGES_PER_PASS;
use yizhan_core::sync::profiles::mapped::MappedProfile;
use yizhan_core::sync::{
    Engine, Env, HttpRequest, HttpResponse, MemoryStore, NetworkError, Session, SyncError,
    Transport,
};

const BASE: &str = "https://tickets.example/api";

struct Fixed {
    ids: Cell<u64>,
}

impl Env for Fixed {
    fn now_ms(&self) -> i64 {
        1_795_410_000_000
    }
    fn random_unit(&self) -> f64 {
        0.5
    }
    fn new_id(&self) -> String {
        self.ids.set(self.ids.get() + 1);
        format!("00000000-0000-7000-8000-{:012}", self.ids.get())
    }
}

fn ticket(n: usize) -> Value {
    json!({"uuid": format!("o-{n}"), "kind": "wish", "service_id": null,
           "subject": format!("心愿 {n}"), "details": "", "address": null, "phone": null,
           "preferred_time": null, "attributes": {}, "state": "new", "rev": 1, "owner": "p-1",
           "assignee": null, "rating": null, "opened": "2026-11-23T05:00:00.000Z",
           "modified": "2026-11-23T05:00:00.000Z", "deleted": false, "history": []})
}

/// How the tickets backend pages past its end.
#[derive(Clone, Copy)]
enum PastTheEnd {
    /// PageHelper's "reasonable" mode: the last page again.
    LastPageAgain,
    /// A broken backend: a new full page for ever.
    Endless,
}

/// The tickets backend of tests/e2e/tickets-config.json, with `orders` tickets of one
/// owner in pages of two; counts the list requests.
#[derive(Clone)]
struct Tickets {
    orders: usize,
    past_the_end: PastTheEnd,
    lists: Rc<Cell<usize>>,
}

impl Transport for Tickets {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, NetworkError> {
        if !request.url.contains("/tickets?") {
            // No reference data here: the profile is told so and says "not offered".
            return Ok(HttpResponse {
                status: 404,
                headers: Vec::new(),
                body: json!({"error": {"message": "no such route"}}).to_string(),
            });
        }
        let page: usize = request
            .url
            .split(['?', '&'])
            .find_map(|part| part.strip_prefix("page="))
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        self.lists.set(self.lists.get() + 1);
        let pages = self.orders.div_ceil(2).max(1);
        let items: Vec<Value> = match self.past_the_end {
            PastTheEnd::LastPageAgain => {
                let shown = page.min(pages);
                (((shown - 1) * 2)..(shown * 2).min(self.orders))
                    .map(ticket)
                    .collect()
            }
            PastTheEnd::Endless => (((page - 1) * 2)..(page * 2)).map(ticket).collect(),
        };
        Ok(HttpResponse {
            status: 200,
            headers: Vec::new(),
            body: json!({"data": {"items": items, "total": self.orders}}).to_string(),
        })
    }
}

fn profile() -> MappedProfile {
    let text = std::fs::read_to_string(format!(
        "{}/../../tests/e2e/tickets-config.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("the e2e description");
    let config = AppConfig::parse(&text).expect("a valid description");
    MappedProfile::new(BASE, config.mapping.expect("a mapping"), || {
        1_795_410_000_000
    })
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

/// A phone signed in to a tickets backend of `orders` orders that pages past its end as
/// `past_the_end`; with the count of list requests it made.
async fn phone_on(
    orders: usize,
    past_the_end: PastTheEnd,
) -> (
    Engine<MemoryStore, MappedProfile, Tickets, Fixed>,
    Rc<Cell<usize>>,
) {
    let lists = Rc::new(Cell::new(0));
    let net = Tickets {
        orders,
        past_the_end,
        lists: lists.clone(),
    };
    let env = Fixed { ids: Cell::new(0) };
    let mut engine = Engine::open(MemoryStore::default(), profile(), net, env)
        .await
        .expect("opens");
    engine
        .set_session(Some(&resident()))
        .await
        .expect("sign-in");
    (engine, lists)
}

#[test]
fn a_backend_that_answers_past_its_end_with_its_last_page_again_ends_the_pass() {
    block_on(async {
        let (mut engine, lists) = phone_on(4, PastTheEnd::LastPageAgain).await;
        let report = engine.sync().await.expect("the store works");
        assert_eq!(engine.snapshot().orders.len(), 4, "every order, once");
        assert!(
            lists.get() <= 3,
            "{} list requests for 4 orders in pages of 2",
            lists.get()
        );
        assert!(
            !matches!(&report.interrupted_by, Some(SyncError::BadResponse(m)) if m.contains("pages")),
            "{:?}",
            report.interrupted_by
        );
        // The next pass reads from the first page again, and ends again.
        lists.set(0);
        engine.sync().await.expect("the store works");
        assert!(lists.get() <= 3, "{} list requests", lists.get());
    });
}

#[test]
fn a_backend_that_never_stops_handing_out_pages_is_stopped_and_said() {
    block_on(async {
        let (mut engine, lists) = phone_on(2, PastTheEnd::Endless).await;
        let report = engine.sync().await.expect("the store works");
        assert_eq!(lists.get(), PAGES_PER_PASS, "the pass stopped at the cap");
        assert!(
            matches!(&report.interrupted_by, Some(SyncError::BadResponse(message)) if message.contains("pages")),
            "{:?}",
            report.interrupted_by
        );
    });
}
