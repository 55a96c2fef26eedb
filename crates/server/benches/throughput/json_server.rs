//! json-server 0.17 (npm, from the workspace's lockfile) as the yardstick: started the
//! way the e2e tests start it (`tests/e2e/json_server.mjs`: its own `bin.js` under node,
//! a copy of `tests/e2e/json-server/db.json`), on loopback beside the reference server.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

/// A running json-server; stopped when dropped.
pub struct JsonServer {
    pub base: String,
    _child: Child,
    _dir: tempfile::TempDir,
}

/// The workspace root: this crate is `crates/server`.
fn workspace() -> PathBuf {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate_dir
        .ancestors()
        .nth(2)
        .unwrap_or(crate_dir)
        .to_path_buf()
}

/// json-server's `bin.js`: `YIZHAN_JSON_SERVER` if set, else the workspace's
/// `node_modules`. Its own path, not `npx json-server`: json-server 1.0 (another e2e
/// backend) is installed beside it and claims the same command name.
fn bin() -> Result<PathBuf, String> {
    let bin = match std::env::var_os("YIZHAN_JSON_SERVER") {
        Some(path) => PathBuf::from(path),
        None => workspace().join("node_modules/json-server/lib/cli/bin.js"),
    };
    if !bin.is_file() {
        return Err(format!(
            "no json-server at {} (`npm ci` installs it; YIZHAN_JSON_SERVER names another \
             bin.js)",
            bin.display()
        ));
    }
    // lib/cli/bin.js → the package's package.json: the comparison is with 0.17.
    let manifest = bin
        .ancestors()
        .nth(3)
        .map(|package| package.join("package.json"));
    let version = manifest
        .and_then(|manifest| std::fs::read_to_string(manifest).ok())
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|json| json["version"].as_str().map(str::to_string))
        .unwrap_or_default();
    if !version.starts_with("0.17.") {
        return Err(format!(
            "{} is json-server {version:?}, not 0.17",
            bin.display()
        ));
    }
    Ok(bin)
}

/// A loopback port nobody listens on now.
fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// Starts json-server on a copy of the e2e tests' community, and waits until it answers.
/// `Err` says why it could not (not installed, no node, it did not start).
pub async fn start(client: &reqwest::Client) -> Result<JsonServer, String> {
    let bin = bin()?;
    let dir = tempfile::tempdir().map_err(|e| format!("no temporary directory: {e}"))?;
    let db = dir.path().join("db.json");
    std::fs::copy(workspace().join("tests/e2e/json-server/db.json"), &db)
        .map_err(|e| format!("cannot copy tests/e2e/json-server/db.json: {e}"))?;
    let port = free_port()?;
    let node = std::env::var_os("NODE").unwrap_or_else(|| "node".into());
    let stderr = std::fs::File::create(dir.path().join("stderr"))
        .map_err(|e| format!("cannot write json-server's log: {e}"))?;
    let mut child = Command::new(&node)
        .arg(&bin)
        .arg(&db)
        .args([
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--quiet",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", node.to_string_lossy()))?;
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            let log = std::fs::read_to_string(dir.path().join("stderr")).unwrap_or_default();
            return Err(format!("json-server exited ({status}): {log}"));
        }
        let answer = client.get(format!("{base}/services")).send().await;
        if answer.is_ok_and(|r| r.status().is_success()) {
            break;
        }
        if Instant::now() > deadline {
            return Err("json-server did not answer in 30 s".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(JsonServer {
        base,
        _child: child,
        _dir: dir,
    })
}

/// An order as the app's json-server profile POSTs it (`client_side::submitted`): the
/// contract's `Order` with the same content as the reference server's benchmark order.
pub fn order(id: &str, now: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id, "kind": "service", "service_id": "svc-p01",
        "title": "帮忙代缴水电费", "description": "三楼东户，下午在家",
        "address": "育华里 3 号楼 301", "contact_phone": "13800000001",
        "preferred_time": null,
        "attributes": {"utility": ["water", "power"], "account": "3100258811"},
        "status": "submitted", "version": 1, "owner_id": "u-13800000001",
        "assignee": null, "rating": null, "created_at": now, "updated_at": now,
        "deleted": false,
        "timeline": [{"id": format!("{id}:create"), "at": now, "status": "submitted",
                      "action": "create", "by_role": "resident", "note": null}]
    })
}
