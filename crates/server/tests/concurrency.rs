//! Issue 13: many writers and many syncing devices at once, on the real server over a
//! real SQLite file. Writers create orders and cancel half of them while devices pull by
//! cursor in small pages; at the end every device holds every order it may see, at its
//! last version, having been sent no version of an order twice.
//!
//! `the_short_run` runs in `make test`; `make soak` runs `the_long_run` (release build,
//! sizes from `SOAK_WRITERS` and `SOAK_ORDERS_PER_WRITER`) and prints its figures.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::TestServer;
use serde_json::{json, Value};

/// A device: what it holds (id → version) and every (id, version) it was sent.
#[derive(Default)]
struct Device {
    holds: BTreeMap<String, i64>,
    sent: HashSet<(String, i64)>,
    repeats: Vec<(String, i64)>,
    cursor: Option<String>,
    pulls: u64,
}

impl Device {
    /// One page; whether the server said there is more.
    async fn pull(&mut self, server: &TestServer, token: &str) -> bool {
        let path = match &self.cursor {
            Some(cursor) => format!("/api/v1/orders?limit=7&since={cursor}"),
            None => "/api/v1/orders?limit=7".to_string(),
        };
        let response = server.get_as(token, &path).await;
        assert_eq!(response.status(), 200, "a pull never fails");
        let page: Value = response.json().await.expect("page");
        self.pulls += 1;
        for item in page["items"].as_array().expect("items") {
            let id = item["id"].as_str().expect("id").to_string();
            let version = item["version"].as_i64().expect("version");
            if !self.sent.insert((id.clone(), version)) {
                self.repeats.push((id.clone(), version));
            }
            if item["deleted"] == true {
                self.holds.remove(&id);
            } else if self.holds.get(&id).is_none_or(|v| *v < version) {
                self.holds.insert(id, version);
            }
        }
        if let Some(cursor) = page["next_cursor"].as_str() {
            self.cursor = Some(cursor.to_string());
        }
        page["has_more"] == true
    }

    async fn drain(&mut self, server: &TestServer, token: &str) {
        while self.pull(server, token).await {}
    }
}

/// Every order a watcher may see now, read from the database itself (not through the
/// listing under test): id → version. Dispatchers see every order; the volunteer, who
/// holds none, the open wishes.
async fn truth(server: &TestServer, dispatcher: bool) -> BTreeMap<String, i64> {
    let sql = if dispatcher {
        "SELECT id, version FROM orders WHERE deleted = 0"
    } else {
        "SELECT id, version FROM orders WHERE deleted = 0 AND kind = 'wish' AND status = 'submitted'"
    };
    sqlx::query_as::<_, (String, i64)>(sql)
        .fetch_all(&server.db().await)
        .await
        .expect("the server's database")
        .into_iter()
        .collect()
}

struct Figures {
    orders: usize,
    steps: usize,
    seconds: f64,
    pulls: u64,
    missed: usize,
    stale: usize,
    repeats: usize,
}

/// `writers` residents each file `per_writer` wishes and cancel every other one, while
/// two dispatchers and a volunteer pull by cursor. Returns the figures; panics with the
/// first device that is wrong.
async fn run(writers: usize, per_writer: usize) -> Figures {
    let server = Arc::new(TestServer::start(&["--demo", "--rate-limit", "0"]).await);
    let mut tokens = Vec::new();
    for n in 0..writers {
        tokens.push(server.sign_in(&format!("139{:08}", 20_000 + n)).await);
    }
    // (token, whether a dispatcher)
    let watchers = [
        (server.sign_in("13800000005").await, true), // dispatcher
        (server.sign_in("13800000006").await, true), // dispatcher and admin
        (server.sign_in("13800000003").await, false), // volunteer: open wishes only
    ];

    let started = Instant::now();
    let writing = Arc::new(AtomicBool::new(true));
    let mut devices = Vec::new();
    for (token, dispatcher) in watchers.clone() {
        let server = server.clone();
        let writing = writing.clone();
        devices.push(tokio::spawn(async move {
            let mut device = Device::default();
            while writing.load(Ordering::Relaxed) {
                if !device.pull(&server, &token).await {
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
            }
            (token, dispatcher, device)
        }));
    }
    let mut filing = Vec::new();
    for token in tokens {
        let server = server.clone();
        filing.push(tokio::spawn(async move {
            let mut steps = 0;
            for n in 0..per_writer {
                let id = server
                    .create_order(
                        &token,
                        json!({"kind": "wish", "title": format!("心愿 {n}")}),
                    )
                    .await;
                if n % 2 == 0 {
                    let cancel = server
                        .client
                        .post(server.url(&format!("/api/v1/orders/{id}/transitions")))
                        .bearer_auth(&token)
                        .header("if-match", "\"1\"")
                        .json(&json!({"id": uuid::Uuid::now_v7().to_string(), "action": "cancel"}))
                        .send()
                        .await
                        .expect("cancel");
                    assert_eq!(cancel.status(), 200, "the owner cancels");
                    steps += 1;
                }
            }
            steps
        }));
    }
    let mut steps = 0;
    for writer in filing {
        steps += writer.await.expect("writer");
    }
    let seconds = started.elapsed().as_secs_f64();
    writing.store(false, Ordering::Relaxed);

    let mut figures = Figures {
        orders: writers * per_writer,
        steps,
        seconds,
        pulls: 0,
        missed: 0,
        stale: 0,
        repeats: 0,
    };
    for device in devices {
        let (token, dispatcher, mut device) = device.await.expect("device");
        // The last sync after the writers stopped, as a phone does when opened again.
        device.drain(&server, &token).await;
        let truth = truth(&server, dispatcher).await;
        figures.pulls += device.pulls;
        let missed: Vec<&String> = truth
            .keys()
            .filter(|id| !device.holds.contains_key(*id))
            .collect();
        let stale: Vec<&String> = truth
            .iter()
            .filter(|(id, v)| device.holds.get(*id).is_some_and(|held| held != *v))
            .map(|(id, _)| id)
            .collect();
        let extra: Vec<&String> = device
            .holds
            .keys()
            .filter(|id| !truth.contains_key(*id))
            .collect();
        figures.missed += missed.len();
        figures.stale += stale.len();
        figures.repeats += device.repeats.len();
        assert!(
            missed.is_empty() && stale.is_empty() && extra.is_empty() && device.repeats.is_empty(),
            "a device that synced by cursor differs from the server: {} missed, {} at an old \
             version, {} it should have dropped, {} versions sent twice (of {} it may see)",
            missed.len(),
            stale.len(),
            extra.len(),
            device.repeats.len(),
            truth.len()
        );
    }
    let filed = truth(&server, true).await.len();
    assert_eq!(filed, writers * per_writer, "every order filed once");
    figures
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_short_run() {
    let figures = run(8, 25).await;
    assert_eq!(figures.orders, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "make soak: the long run, with figures"]
async fn the_long_run() {
    let size = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let writers = size("SOAK_WRITERS", 16);
    let per_writer = size("SOAK_ORDERS_PER_WRITER", 250);
    let f = run(writers, per_writer).await;
    println!(
        "soak: {} writers, {} orders and {} cancels in {:.1} s ({:.0} writes/s) while 3 devices \
         pulled {} pages of 7; missed {}, stale {}, sent twice {}",
        writers,
        f.orders,
        f.steps,
        f.seconds,
        (f.orders + f.steps) as f64 / f.seconds,
        f.pulls,
        f.missed,
        f.stale,
        f.repeats
    );
}
