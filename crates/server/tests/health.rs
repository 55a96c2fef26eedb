mod common;

use common::{header, TestServer};

#[tokio::test]
async fn health_reports_ok_the_version_and_the_database() {
    let server = TestServer::start(&[]).await;
    let response = server.get("/api/v1/health").await;
    assert_eq!(response.status(), 200);
    assert!(header(&response, "content-type").starts_with("application/json"));
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["db"], "sqlite");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    server.stop().await;
}

#[tokio::test]
async fn the_database_is_a_real_file_in_the_data_directory() {
    let server = TestServer::start(&[]).await;
    assert_eq!(server.get("/api/v1/health").await.status(), 200);
    let data_dir = server.data_dir();
    assert!(
        data_dir.join("yizhan.sqlite3").is_file(),
        "no database file in {data_dir:?}"
    );
    server.stop().await;
}

#[tokio::test]
async fn an_unknown_api_path_is_a_problem_json_404() {
    let server = TestServer::start(&[]).await;
    let response = server.get("/api/v1/no-such-thing").await;
    assert_eq!(response.status(), 404);
    assert_eq!(
        header(&response, "content-type"),
        "application/problem+json"
    );
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["type"], "not_found");
    assert_eq!(body["status"], 404);
    server.stop().await;
}
