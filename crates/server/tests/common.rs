#![allow(dead_code)] // each test binary uses its own part of this module
//! A real server on a loopback port, over a real SQLite file and a real `dist/` directory.

use std::net::SocketAddr;
use std::path::Path;

use clap::Parser;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use yizhan_server::config::Config;

pub struct TestServer {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    dirs: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

/// The files a Trunk build leaves in `dist/`, small stand-ins with the real names.
fn write_dist(dist: &Path) {
    std::fs::create_dir_all(dist.join("icons")).expect("mkdir dist");
    let files = [
        (
            "index.html",
            "<!DOCTYPE html><html lang=\"zh-Hans\"><title>驿站</title></html>",
        ),
        (
            "boot-0123456789abcdef.js",
            "import init from './yizhan-fedcba9876543210.js';",
        ),
        (
            "yizhan-fedcba9876543210.js",
            "export default function init() {}",
        ),
        ("yizhan-fedcba9876543210_bg.wasm", "\0asm"),
        ("app-00112233445566ff.css", "body{}"),
        ("config.json", "{\"profile\":\"yizhan\"}"),
        ("manifest.webmanifest", "{\"name\":\"驿站\"}"),
        ("icons/icon-192.png", "png"),
        // The build's compressed copies (scripts/compress-build.mjs): stand-ins here,
        // told apart by their words, since the server sends them as they are.
        ("yizhan-fedcba9876543210_bg.wasm.br", "the wasm as brotli"),
        ("yizhan-fedcba9876543210_bg.wasm.gz", "the wasm as gzip"),
        ("index.html.br", "the page as brotli"),
    ];
    for (name, body) in files {
        std::fs::write(dist.join(name), body).expect("write dist file");
    }
}

impl TestServer {
    pub async fn start(extra_args: &[&str]) -> TestServer {
        TestServer::start_in(tempfile::tempdir().expect("tempdir"), extra_args).await
    }

    /// The data directory `TestServer` serves from inside `dirs` (set it up before
    /// `start_in`).
    pub fn data_dir_in(dirs: &tempfile::TempDir) -> std::path::PathBuf {
        dirs.path().join("data")
    }

    /// A server over `dirs`, whose data directory (`data_dir_in`) may hold a database.
    pub async fn start_in(dirs: tempfile::TempDir, extra_args: &[&str]) -> TestServer {
        let dist = dirs.path().join("dist");
        write_dist(&dist);
        let data = TestServer::data_dir_in(&dirs);
        let mut args = vec![
            "yizhan-server".to_string(),
            "--dist".into(),
            dist.display().to_string(),
            "--data-dir".into(),
            data.display().to_string(),
        ];
        args.extend(extra_args.iter().map(|a| a.to_string()));
        let config = Config::try_parse_from(args).expect("config");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            yizhan_server::serve(config, listener, shutdown)
                .await
                .expect("server runs");
        });
        TestServer {
            addr,
            client: reqwest::Client::new(),
            dirs,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub fn data_dir(&self) -> std::path::PathBuf {
        TestServer::data_dir_in(&self.dirs)
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    pub async fn post_json(&self, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .expect("request")
    }

    /// A POST of JSON as a client behind the trusted proxy would send it, the proxy
    /// having appended `client` to `X-Forwarded-For`.
    pub async fn post_json_from(
        &self,
        client: &str,
        path: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("x-forwarded-for", client)
            .json(&body)
            .send()
            .await
            .expect("request")
    }

    /// The server's own SQLite file, opened beside it, to look at what it stored.
    pub async fn db(&self) -> sqlx::SqlitePool {
        let url = format!(
            "sqlite://{}",
            self.data_dir().join("yizhan.sqlite3").display()
        );
        sqlx::SqlitePool::connect(&url)
            .await
            .expect("open the server's database")
    }

    /// Asks for a sign-in code and returns it as the demo server hands it back.
    pub async fn request_code(&self, phone: &str) -> String {
        let sent: serde_json::Value = self
            .post_json("/api/v1/auth/code", serde_json::json!({ "phone": phone }))
            .await
            .json()
            .await
            .expect("code json");
        sent["dev_code"]
            .as_str()
            .expect("demo mode returns the code")
            .to_string()
    }

    /// A GET with the bearer token.
    pub async fn get_as(&self, token: &str, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    /// Signs in with the code the demo server hands back, and returns the bearer token.
    /// A GET as the holder of `token` that must answer JSON.
    pub async fn get_json(&self, token: &str, path: &str) -> serde_json::Value {
        self.get_as(token, path).await.json().await.expect("json")
    }

    /// A request as the holder of `token`, with a JSON body where given.
    pub async fn send(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request")
    }

    /// Creates an order under a fresh client id as the holder of `token`; returns the id.
    pub async fn create_order(&self, token: &str, body: serde_json::Value) -> String {
        let id = uuid::Uuid::now_v7().to_string();
        let response = self
            .send(
                token,
                reqwest::Method::PUT,
                &format!("/api/v1/orders/{id}"),
                Some(body),
            )
            .await;
        assert_eq!(response.status(), 201);
        id
    }

    /// Signs a demo account in with the demo code, which sends no code (a phone gets
    /// five codes an hour), and returns the bearer token.
    pub async fn demo_sign_in(&self, phone: &str) -> String {
        let session: serde_json::Value = self
            .post_json(
                "/api/v1/auth/session",
                serde_json::json!({ "phone": phone, "code": "246810" }),
            )
            .await
            .json()
            .await
            .expect("session json");
        session["token"].as_str().expect("token").to_string()
    }

    pub async fn sign_in(&self, phone: &str) -> String {
        let code = self.request_code(phone).await;
        let session: serde_json::Value = self
            .post_json(
                "/api/v1/auth/session",
                serde_json::json!({ "phone": phone, "code": code }),
            )
            .await
            .json()
            .await
            .expect("session json");
        session["token"].as_str().expect("token").to_string()
    }

    /// Tells the server to stop, the way SIGTERM does, without waiting.
    pub fn signal_stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// Whether the server has stopped serving.
    pub fn has_stopped(&self) -> bool {
        self.task.as_ref().is_none_or(|task| task.is_finished())
    }

    /// Stops the server the way SIGTERM does and waits for it to finish.
    pub async fn stop(mut self) {
        self.signal_stop();
        if let Some(task) = self.task.take() {
            task.await.expect("server task");
        }
    }
}

pub fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// A stand-in SMS gateway for `--sms-command`: a shell script that appends the phone
/// (its argument) and the code (its standard input) to a file.
pub struct SmsCommand {
    dir: tempfile::TempDir,
    program: String,
}

impl Default for SmsCommand {
    fn default() -> SmsCommand {
        SmsCommand::with_script("read code\necho \"$1 $code\" >> '{log}'\n")
    }
}

impl SmsCommand {
    /// A gateway that is down: it prints what it was given, code and all, to its
    /// standard error (as a script tracing its commands does) and fails.
    pub fn failing() -> SmsCommand {
        SmsCommand::with_script(
            "read code\necho \"$1 $code\" >> '{log}'\necho \"sending $code to $1 failed\" >&2\nexit 1\n",
        )
    }

    /// `body` runs in `sh`; `{log}` stands for the file of what was sent.
    pub fn with_script(body: &str) -> SmsCommand {
        let dir = tempfile::tempdir().expect("tempdir");
        let script = dir.path().join("send-sms");
        let log = dir.path().join("sent.txt");
        let body = body.replace("{log}", &log.display().to_string());
        std::fs::write(&script, format!("#!/bin/sh\n{body}")).expect("write script");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))
                .expect("chmod");
        }
        let program = script.display().to_string();
        SmsCommand { dir, program }
    }

    pub fn program(&self) -> &str {
        &self.program
    }

    /// (phone, code) of every message sent so far.
    pub fn sent(&self) -> Vec<(String, String)> {
        std::fs::read_to_string(self.dir.path().join("sent.txt"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect()
    }
}
