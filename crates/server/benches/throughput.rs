//! Throughput of the reference server on this machine: orders created per second and
//! catalogue reads per second, over real HTTP on loopback against a real SQLite file
//! (WAL, synchronous FULL: a 201 means the order is on disk).
//!
//! `cargo bench -p yizhan-server --bench throughput` (optionally `-- <seconds> <clients>`).
//! Server and clients share the machine's cores, so the figures are a floor.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use yizhan_server::config::Config;

const RESIDENT: &str = "13800000001";
const DEMO_CODE: &str = "246810";

struct Run {
    ok: u64,
    failed: u64,
    elapsed: Duration,
}

impl Run {
    fn per_second(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }
}

async fn start_server(data: &std::path::Path) -> SocketAddr {
    let args = [
        "yizhan-server",
        "--demo",
        "--rate-limit",
        "0",
        "--log",
        "warn",
        "--data-dir",
        &data.display().to_string(),
        "--dist",
        &data.join("dist").display().to_string(),
    ];
    let config = Config::try_parse_from(args).expect("config");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        yizhan_server::serve(config, listener, std::future::pending())
            .await
            .expect("server");
    });
    addr
}

async fn sign_in(client: &reqwest::Client, base: &str) -> String {
    client
        .post(format!("{base}/auth/code"))
        .json(&json!({"phone": RESIDENT}))
        .send()
        .await
        .expect("code");
    let session: Value = client
        .post(format!("{base}/auth/session"))
        .json(&json!({"phone": RESIDENT, "code": DEMO_CODE}))
        .send()
        .await
        .expect("session")
        .json()
        .await
        .expect("session json");
    session["token"].as_str().expect("token").to_string()
}

/// `clients` tasks each sending `request` back to back for `seconds`.
async fn hammer<F, Fut>(clients: usize, seconds: u64, request: F) -> Run
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let ok = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (ok, failed, request) = (ok.clone(), failed.clone(), request.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    let counter = if request().await { &ok } else { &failed };
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("client task");
    }
    Run {
        ok: ok.load(Ordering::Relaxed),
        failed: failed.load(Ordering::Relaxed),
        elapsed: start.elapsed(),
    }
}

fn report(what: &str, run: &Run) {
    println!(
        "{what:<44} {:>9.0} /s   ({} ok, {} failed in {:.1} s)",
        run.per_second(),
        run.ok,
        run.failed,
        run.elapsed.as_secs_f64()
    );
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let clients: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(16);
    let data = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(data.path().join("dist")).expect("dist");
    let addr = start_server(data.path()).await;
    let base = format!("http://{addr}/api/v1");
    let client = reqwest::Client::new();
    let token = sign_in(&client, &base).await;
    println!(
        "yizhan-server throughput: {clients} concurrent clients, {seconds} s each, loopback, \
         {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let create = {
        let (client, base, token) = (client.clone(), base.clone(), token.clone());
        move || {
            let (client, base, token) = (client.clone(), base.clone(), token.clone());
            async move {
                let id = uuid::Uuid::now_v7();
                client
                    .put(format!("{base}/orders/{id}"))
                    .bearer_auth(&token)
                    .json(&json!({"kind": "service", "service_id": "svc-p01",
                                  "title": "帮忙代缴水电费", "description": "三楼东户，下午在家",
                                  "address": "育华里 3 号楼 301", "contact_phone": "13800000001",
                                  "attributes": {"utility": ["water", "power"], "account": "3100258811"}}))
                    .send()
                    .await
                    .is_ok_and(|r| r.status() == 201)
            }
        }
    };
    report(
        "PUT /orders/{id} (new order, 201)",
        &hammer(clients, seconds, create).await,
    );

    let catalogue = |etag: Option<String>, expect: u16| {
        let (client, base, token) = (client.clone(), base.clone(), token.clone());
        move || {
            let (client, base, token, etag) =
                (client.clone(), base.clone(), token.clone(), etag.clone());
            async move {
                let mut request = client.get(format!("{base}/services")).bearer_auth(&token);
                if let Some(etag) = etag {
                    request = request.header("if-none-match", etag);
                }
                match request.send().await {
                    Ok(response) if response.status() == expect => response.bytes().await.is_ok(),
                    _ => false,
                }
            }
        }
    };
    report(
        "GET /services (26 services, 200 with body)",
        &hammer(clients, seconds, catalogue(None, 200)).await,
    );
    let etag = client
        .get(format!("{base}/services"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("catalogue")
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    report(
        "GET /services with If-None-Match (304)",
        &hammer(clients, seconds, catalogue(etag, 304)).await,
    );
}
