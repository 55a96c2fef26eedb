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
