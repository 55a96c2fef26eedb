//! Throughput of the reference server on this machine, beside json-server 0.17 doing the
//! same in the same run: orders created per second and catalogue reads per second (200
//! with the body, and 304 to a client that has it), over real HTTP on loopback. The
//! reference server runs on a real SQLite file (WAL, synchronous FULL: a 201 means the
//! order is on disk); json-server rewrites its JSON file on every write.
//!
//! `cargo bench -p yizhan-server --bench throughput` (optionally `-- <seconds> <clients>`).
//! json-server is the workspace's (`node_modules/json-server`, or `YIZHAN_JSON_SERVER`
//! naming its `lib/cli/bin.js`; `NODE` names node); without it the reference server's
//! figures are printed alone. Servers and clients share the machine's cores, so the
//! figures are floors.

mod json_server;
mod load;

use std::net::SocketAddr;

use clap::Parser;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use yizhan_server::config::Config;

use load::{get, hammer, Run};

const RESIDENT: &str = "13800000001";
const DEMO_CODE: &str = "246810";

/// The three measurements, in the order they are taken.
const REQUESTS: [&str; 3] = [
    "create an order (201)",
    "GET /services, 200 with the body",
    "GET /services, If-None-Match: 304",
];

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

/// The ETag `url` answers with now.
async fn etag(client: &reqwest::Client, url: &str, token: Option<&str>) -> String {
    let mut request = client.get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request
        .send()
        .await
        .expect("catalogue")
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("an ETag")
        .to_string()
}

fn report(server: &str, what: &str, run: &Run) {
    println!(
        "  {server:<14} {what:<36} {:>8.0} /s   ({} ok, {} failed in {:.1} s)",
        run.per_second(),
        run.ok,
        run.failed,
        run.elapsed.as_secs_f64()
    );
}

/// The reference server's three figures.
async fn yizhan(clients: usize, seconds: u64) -> Vec<Run> {
    let data = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(data.path().join("dist")).expect("dist");
    let addr = start_server(data.path()).await;
    let base = format!("http://{addr}/api/v1");
    let client = reqwest::Client::new();
    let token = sign_in(&client, &base).await;
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
    let url = format!("{base}/services");
    let bearer = ("authorization", format!("Bearer {token}"));
    let mut runs = vec![hammer(clients, seconds, create).await];
    report("yizhan-server", REQUESTS[0], &runs[0]);
    let full = get(&client, url.clone(), vec![bearer.clone()], 200);
    runs.push(hammer(clients, seconds, full).await);
    report("yizhan-server", REQUESTS[1], &runs[1]);
    let tag = etag(&client, &url, Some(&token)).await;
    let not_modified = get(&client, url, vec![bearer, ("if-none-match", tag)], 304);
    runs.push(hammer(clients, seconds, not_modified).await);
    report("yizhan-server", REQUESTS[2], &runs[2]);
    runs
}

/// json-server's three figures, the same requests as the app's json-server profile
/// sends them; `Err` says why there are none.
async fn json_server(clients: usize, seconds: u64) -> Result<Vec<Run>, String> {
    let client = reqwest::Client::new();
    let server = json_server::start(&client).await?;
    let create = {
        let (client, url) = (client.clone(), format!("{}/orders", server.base));
        move || {
            let (client, url) = (client.clone(), url.clone());
            async move {
                let id = uuid::Uuid::now_v7().to_string();
                let now = time::OffsetDateTime::now_utc()
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default();
                client
                    .post(url)
                    .json(&json_server::order(&id, &now))
                    .send()
                    .await
                    .is_ok_and(|r| r.status() == 201)
            }
        }
    };
    let url = format!("{}/services", server.base);
    let mut runs = vec![hammer(clients, seconds, create).await];
    report("json-server", REQUESTS[0], &runs[0]);
    runs.push(hammer(clients, seconds, get(&client, url.clone(), vec![], 200)).await);
    report("json-server", REQUESTS[1], &runs[1]);
    let tag = etag(&client, &url, None).await;
    let not_modified = get(&client, url, vec![("if-none-match", tag)], 304);
    runs.push(hammer(clients, seconds, not_modified).await);
    report("json-server", REQUESTS[2], &runs[2]);
    Ok(runs)
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let clients: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(16);
    println!(
        "throughput: {clients} concurrent clients, {seconds} s a figure, loopback, {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let ours = yizhan(clients, seconds).await;
    let theirs = match json_server(clients, seconds).await {
        Ok(runs) => Some(runs),
        Err(why) => {
            println!("  json-server not measured: {why}");
            None
        }
    };
    println!();
    println!(
        "{:<36} {:>14} {:>14} {:>8}",
        "request", "yizhan-server", "json-server", "ratio"
    );
    for (i, what) in REQUESTS.iter().enumerate() {
        let ours = ours[i].per_second();
        match theirs.as_ref().map(|runs| runs[i].per_second()) {
            Some(theirs) if theirs > 0.0 => println!(
                "{what:<36} {ours:>12.0}/s {theirs:>12.0}/s {:>7.1}×",
                ours / theirs
            ),
            _ => println!("{what:<36} {ours:>12.0}/s {:>14} {:>8}", "-", "-"),
        }
    }
}
