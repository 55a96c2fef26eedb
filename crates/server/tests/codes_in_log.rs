//! Issue 13, 4: outside demo mode a sign-in code never reaches the log (whoever reads the
//! log could sign in as the resident); in demo mode it does, as the README says.
//! One test in its own binary: it installs the process's log subscriber.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::TestServer;
use serde_json::json;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut log) = self.0.lock() {
            log.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        self.0
            .lock()
            .map(|log| String::from_utf8_lossy(&log).into_owned())
            .unwrap_or_default()
    }
}

#[tokio::test]
async fn codes_reach_the_log_in_demo_mode_only() {
    let log = Captured::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_env_filter("trace")
        .with_writer(move || writer.clone())
        .init();

    let sms = common::SmsCommand::default();
    let server =
        TestServer::start(&["--registration", "open", "--sms-command", sms.program()]).await;
    let sent = server
        .post_json("/api/v1/auth/code", json!({"phone": "13800000001"}))
        .await;
    assert_eq!(sent.status(), 202);
    let (_, code) = sms.sent().pop().expect("the SMS command got a code");
    let text = log.text();
    assert!(text.contains("POST"), "the log was captured: {text}");
    assert!(
        !text.contains(&code),
        "the code {code} is in the log:\n{text}"
    );
    server.stop().await;

    // A gateway that fails and prints the code: the resident is told, the log keeps
    // only that it failed.
    let broken = common::SmsCommand::failing();
    let server =
        TestServer::start(&["--registration", "open", "--sms-command", broken.program()]).await;
    let failed = server
        .post_json("/api/v1/auth/code", json!({"phone": "13800000002"}))
        .await;
    assert_eq!(failed.status(), 503);
    let (_, code) = broken.sent().pop().expect("the failing command got a code");
    let text = log.text();
    assert!(text.contains("the SMS command failed"), "{text}");
    assert!(
        !text.contains(&code),
        "what the command printed reached the log: {text}"
    );
    server.stop().await;

    // No way to send codes: nothing but that fact is logged.
    let server = TestServer::start(&["--registration", "open"]).await;
    let refused = server
        .post_json("/api/v1/auth/code", json!({"phone": "13800000003"}))
        .await;
    assert_eq!(refused.status(), 503);
    assert!(log.text().contains("no SMS gateway"));
    server.stop().await;

    let demo = TestServer::start(&["--demo"]).await;
    let code = demo.request_code("13800000002").await;
    assert!(log.text().contains(&code), "demo mode logs the code");
    demo.stop().await;
}
