//! Issue 13, 4 and the production guards: demo mode only where nobody else can reach it,
//! a demo database never served as a real community, the database readable by the
//! server's user only.

mod common;

use clap::Parser;
use tokio::net::TcpListener;
use yizhan_server::config::Config;
use yizhan_server::error::StartError;

fn config(data: &std::path::Path, extra: &[&str]) -> Config {
    let mut args = vec![
        "yizhan-server".to_string(),
        "--data-dir".into(),
        data.display().to_string(),
        "--dist".into(),
        data.join("no-dist").display().to_string(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    Config::try_parse_from(args).expect("config")
}

/// Starts a server on `listener` and stops it at once: what did starting say?
async fn start(config: Config, listener: TcpListener) -> Result<(), StartError> {
    yizhan_server::serve(config, listener, async {}).await
}

#[tokio::test]
async fn demo_mode_is_refused_on_an_address_others_can_reach_unless_forced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let exposed = TcpListener::bind("0.0.0.0:0").await.expect("bind");
    let refused = start(config(dir.path(), &["--demo"]), exposed).await;
    assert!(
        matches!(refused, Err(StartError::DemoExposed(_))),
        "{refused:?}"
    );
    let exposed = TcpListener::bind("0.0.0.0:0").await.expect("bind");
    let forced = start(config(dir.path(), &["--demo", "--force-demo"]), exposed).await;
    assert!(forced.is_ok(), "{forced:?}");
    let local = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    assert!(start(config(dir.path(), &["--demo"]), local).await.is_ok());
    // Loopback behind a proxy is everyone the proxy lets in.
    let proxied = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let behind = start(
        config(
            dir.path(),
            &["--demo", "--client-ip-header", "x-forwarded-for"],
        ),
        proxied,
    )
    .await;
    assert!(
        matches!(behind, Err(StartError::DemoExposed(_))),
        "{behind:?}"
    );
}

#[tokio::test]
async fn demo_mode_never_touches_a_real_communitys_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let local = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    assert!(start(config(dir.path(), &[]), local).await.is_ok());
    // The community's first resident, entered by hand.
    let url = format!("sqlite://{}", dir.path().join("yizhan.sqlite3").display());
    let db = sqlx::SqlitePool::connect(&url).await.expect("open");
    sqlx::query("INSERT INTO communities (id, name, district, hotline, updated_at) VALUES ('c-real', '真实社区', '和平区', '022-1', 0)")
        .execute(&db)
        .await
        .expect("community");
    sqlx::query("INSERT INTO users (id, phone, name, community_id, created_at) VALUES ('u-1', '13912345678', '居民', 'c-real', 0)")
        .execute(&db)
        .await
        .expect("resident");
    db.close().await;
    let local = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let demo = start(config(dir.path(), &["--demo"]), local).await;
    assert!(
        matches!(demo, Err(StartError::DemoOverRealData)),
        "{demo:?}"
    );
}

#[tokio::test]
async fn a_database_seeded_as_the_demo_is_never_served_as_a_real_community() {
    let dir = tempfile::tempdir().expect("tempdir");
    let local = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    assert!(start(config(dir.path(), &["--demo"]), local).await.is_ok());
    let local = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let real = start(config(dir.path(), &[]), local).await;
    assert!(matches!(real, Err(StartError::DemoDatabase)), "{real:?}");
    let message = StartError::DemoDatabase.to_string();
    assert!(message.contains("--data-dir"), "says what to do: {message}");
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_is_readable_by_the_servers_user_only() {
    use std::os::unix::fs::PermissionsExt;
    let server = common::TestServer::start(&["--demo"]).await;
    let token = server.sign_in("13800000001").await;
    server
        .create_order(&token, serde_json::json!({"kind": "wish", "title": "买菜"}))
        .await;
    for name in ["yizhan.sqlite3", "yizhan.sqlite3-wal"] {
        let path = server.data_dir().join(name);
        let mode = std::fs::metadata(&path)
            .expect("database file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{name} is {mode:o}");
    }
    server.stop().await;
}
