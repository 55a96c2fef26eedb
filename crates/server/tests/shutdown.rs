//! Graceful shutdown: a request that arrived before SIGTERM is finished and answered, and
//! what it wrote is kept; nothing new is accepted.

mod common;

use std::time::Duration;

use common::TestServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test]
async fn an_order_in_flight_when_the_server_stops_is_saved_and_answered() {
    let mut server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in("13800000001").await;
    let id = uuid::Uuid::now_v7().to_string();
    let body = serde_json::json!({"kind": "wish", "title": "关机前的心愿"}).to_string();
    let (first_half, second_half) = body.as_bytes().split_at(body.len() / 2);

    // A slow phone: the headers and half the body arrive, then the server is told to stop.
    let mut phone = TcpStream::connect(server.addr).await.expect("connect");
    let head = format!(
        "PUT /api/v1/orders/{id} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        server.addr,
        body.len()
    );
    phone.write_all(head.as_bytes()).await.expect("head");
    phone.write_all(first_half).await.expect("first half");
    tokio::time::sleep(Duration::from_millis(200)).await;
    server.signal_stop();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !server.has_stopped(),
        "the server waits for the request in flight"
    );

    phone.write_all(second_half).await.expect("second half");
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), phone.read_to_end(&mut answer))
        .await
        .expect("answered before the connection closes")
        .expect("read");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert!(answer.contains("关机前的心愿"));

    for _ in 0..50 {
        if server.has_stopped() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(server.has_stopped(), "and then it stops");
    assert!(
        TcpStream::connect(server.addr).await.is_err(),
        "nothing new is accepted"
    );
    let saved: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE id = ?")
        .bind(&id)
        .fetch_one(&server.db().await)
        .await
        .expect("count");
    assert_eq!(saved, 1);
    server.stop().await;
}

/// Issue 13, 7: a client that sends half a request head is cut off after the request
/// timeout; it does not hold its connection, nor a shutdown, for ever.
#[tokio::test]
async fn half_a_request_head_is_cut_off_and_does_not_hold_a_shutdown() {
    let mut server = TestServer::start(&["--request-timeout", "1", "--shutdown-grace", "1"]).await;
    let mut slow = TcpStream::connect(server.addr).await.expect("connect");
    slow.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .expect("half a head");
    let mut answer = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut answer)).await;
    assert!(closed.is_ok(), "the connection is closed within seconds");

    // Another one, half-sent when the server is told to stop: the server still stops.
    let mut stuck = TcpStream::connect(server.addr).await.expect("connect");
    stuck
        .write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("half a head");
    tokio::time::sleep(Duration::from_millis(100)).await;
    server.signal_stop();
    for _ in 0..50 {
        if server.has_stopped() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(server.has_stopped(), "stopped within the grace period");
    drop(stuck);
    server.stop().await;
}

/// A body that trickles in slower than the request timeout is answered 408, as
/// problem+json, and nothing is written.
#[tokio::test]
async fn a_body_that_never_finishes_is_answered_408() {
    let server = TestServer::start(&["--demo", "--request-timeout", "1"]).await;
    let token = server.sign_in("13800000001").await;
    let id = uuid::Uuid::now_v7().to_string();
    let mut phone = TcpStream::connect(server.addr).await.expect("connect");
    let head = format!(
        "PUT /api/v1/orders/{id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{{\"kind\":"
    );
    phone.write_all(head.as_bytes()).await.expect("head");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), phone.read_to_end(&mut answer)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    let saved: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders")
        .fetch_one(&server.db().await)
        .await
        .expect("count");
    assert_eq!(saved, 0);
    server.stop().await;
}
