//! `yizhan-server setup`: a real deployment's first step. Outside demo mode the database
//! starts empty and registration is closed, so without it nobody could ever sign in.
mod common;

use clap::Parser;
use common::{SmsCommand, TestServer};
use serde_json::{json, Value};
use yizhan_server::config::{Command, Config};
use yizhan_server::error::StartError;

/// The command line `yizhan-server --data-dir <data> setup <args>`, parsed as the binary does.
fn setup_line(data: &std::path::Path, args: &[&str]) -> Config {
    let mut line = vec![
        "yizhan-server".to_string(),
        "--data-dir".into(),
        data.display().to_string(),
        "setup".into(),
    ];
    line.extend(args.iter().map(|a| a.to_string()));
    Config::try_parse_from(line).expect("a setup command line")
}

async fn setup(config: &Config) -> Result<yizhan_server::setup::Done, StartError> {
    let Some(Command::Setup(args)) = &config.command else {
        panic!("not a setup command line");
    };
    yizhan_server::setup::run(config, args).await
}

const NEW_COMMUNITY: [&str; 10] = [
    "--community",
    "新华里社区",
    "--district",
    "和平区新兴街道",
    "--hotline",
    "022-27654321",
    "--admin-phone",
    "139 1234 5678",
    "--admin-name",
    "刘书记",
];

/// Signs `phone` in with the code the SMS command was given; the session's answer.
async fn sign_in_by_text(server: &TestServer, sms: &SmsCommand, phone: &str) -> Value {
    let asked = server
        .post_json("/api/v1/auth/code", json!({ "phone": phone }))
        .await;
    assert_eq!(asked.status(), 202, "a code is sent to {phone}");
    let code = sms
        .sent()
        .into_iter()
        .rev()
        .find(|(to, _)| to == phone)
        .map(|(_, code)| code)
        .expect("the SMS command got a code");
    let session = server
        .post_json(
            "/api/v1/auth/session",
            json!({ "phone": phone, "code": code }),
        )
        .await;
    assert_eq!(session.status(), 200);
    session.json().await.expect("session json")
}

#[tokio::test]
async fn a_new_community_is_named_from_the_command_line_and_its_first_admin_signs_in_to_run_it() {
    let sms = SmsCommand::default();
    let dirs = tempfile::tempdir().expect("tempdir");
    let data = TestServer::data_dir_in(&dirs);
    let server = TestServer::start_in(dirs, &["--sms-command", sms.program()]).await;

    // An empty database with closed registration: nobody can sign in.
    let refused = server
        .post_json("/api/v1/auth/code", json!({ "phone": "13912345678" }))
        .await;
    assert_eq!(refused.status(), 401, "an unknown number is refused");
    assert!(sms.sent().is_empty(), "no code was sent");

    // Setup while the server runs (SQLite; the reference reads follow their tables).
    let done = setup(&setup_line(&data, &NEW_COMMUNITY))
        .await
        .expect("setup");
    assert!(done.community_made && done.admin_made);
    assert_eq!(done.admin_phone.as_str(), "13912345678");

    let session = sign_in_by_text(&server, &sms, "13912345678").await;
    let token = session["token"].as_str().expect("token");
    let me = server.get_json(token, "/api/v1/me").await;
    assert_eq!(me["name"], "刘书记");
    let roles: Vec<&str> = me["roles"]
        .as_array()
        .expect("roles")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(roles.contains(&"admin"), "the first admin: {roles:?}");
    let community = server.get_json(token, "/api/v1/community").await;
    assert_eq!(community["name"], "新华里社区");
    assert_eq!(community["district"], "和平区新兴街道");
    assert_eq!(community["hotline"], "022-27654321");

    // The admin runs the community from here: the first grid, then a staff member.
    let grid = server
        .send(
            token,
            reqwest::Method::PUT,
            "/api/v1/grids/g-east",
            Some(json!({ "name": "东区网格", "area": "1-6号楼", "contacts": [] })),
        )
        .await;
    assert_eq!(grid.status(), 201, "the admin may add a grid");
    let added = server
        .send(
            token,
            reqwest::Method::POST,
            "/api/v1/users",
            Some(json!({ "phone": "13712345678", "name": "王志愿", "consent": true })),
        )
        .await;
    assert_eq!(added.status(), 201, "the admin may add a person");
    let helper: Value = added.json().await.expect("user json");
    let helper_id = helper["id"].as_str().expect("id");

    // A deactivated account named in setup is brought back as an admin, its name kept.
    let deactivated = server
        .send(
            token,
            reqwest::Method::PUT,
            &format!("/api/v1/users/{helper_id}"),
            Some(json!({ "name": "王志愿", "grid_id": null, "address": null, "active": false })),
        )
        .await;
    assert_eq!(deactivated.status(), 200);
    let mut helper_line = NEW_COMMUNITY;
    helper_line[7] = "13712345678";
    helper_line[9] = "另一个名字";
    let done = setup(&setup_line(&data, &helper_line))
        .await
        .expect("setup for an existing account");
    assert!(!done.admin_made);
    assert_eq!(done.known_as.as_deref(), Some("王志愿"));
    let helper = sign_in_by_text(&server, &sms, "13712345678").await;
    let me = server
        .get_json(helper["token"].as_str().expect("token"), "/api/v1/me")
        .await;
    assert_eq!(
        me["name"], "王志愿",
        "the name kept, not the one setup was given"
    );
    let roles = me["roles"].clone();
    assert!(
        roles
            .as_array()
            .is_some_and(|r| r.iter().any(|role| role == "admin")),
        "{roles}"
    );

    // Run again with other words: one community, its details kept; no second admin row.
    let mut again = NEW_COMMUNITY;
    again[1] = "别的名字";
    let done = setup(&setup_line(&data, &again))
        .await
        .expect("setup again");
    assert!(!done.community_made && !done.admin_made);
    let community = server.get_json(token, "/api/v1/community").await;
    assert_eq!(community["name"], "新华里社区");
    let db = server.db().await;
    let communities: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM communities")
        .fetch_one(&db)
        .await
        .expect("count");
    assert_eq!(communities, 1);
    let said: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE action = 'setup_admin'")
            .fetch_all(&db)
            .await
            .expect("audit");
    assert_eq!(said.len(), 3, "each run is in the audit log");

    // A number of another community on the same server is not made this one's admin.
    sqlx::query("INSERT INTO communities (id, name, district, hotline, updated_at) VALUES ('c-other', '别的社区', '', '022-1', 0)")
        .execute(&db)
        .await
        .expect("another community");
    sqlx::query("INSERT INTO users (id, phone, name, community_id, created_at) VALUES ('u-other', '13711112222', '外人', 'c-other', 0)")
        .execute(&db)
        .await
        .expect("someone of it");
    let mut elsewhere = NEW_COMMUNITY;
    elsewhere[7] = "13711112222";
    let refused = setup(&setup_line(&data, &elsewhere))
        .await
        .expect_err("refused");
    assert!(refused.to_string().contains("--admin-phone"), "{refused}");
    let admins: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM user_roles WHERE user_id = 'u-other'")
            .fetch_one(&db)
            .await
            .expect("count");
    assert_eq!(admins, 0);
    server.stop().await;
}

#[tokio::test]
async fn setup_says_every_problem_by_its_flag_and_writes_nothing() {
    let dirs = tempfile::tempdir().expect("tempdir");
    let data = dirs.path().join("data");
    let error = setup(&setup_line(
        &data,
        &[
            "--community",
            " ",
            "--hotline",
            "call us",
            "--admin-phone",
            "12345",
            "--admin-name",
            "",
        ],
    ))
    .await
    .expect_err("refused");
    let said = error.to_string();
    for flag in ["--community", "--hotline", "--admin-phone", "--admin-name"] {
        assert!(said.contains(flag), "{flag} is named: {said}");
    }
    assert!(!data.exists(), "nothing was written");
}

#[tokio::test]
async fn setup_leaves_a_demo_database_alone() {
    let server = TestServer::start(&["--demo"]).await;
    // Once it serves, the demo is seeded.
    assert_eq!(server.get("/api/v1/health").await.status(), 200);
    let error = setup(&setup_line(&server.data_dir(), &NEW_COMMUNITY))
        .await
        .expect_err("refused");
    assert!(matches!(error, StartError::DemoDatabase), "{error}");
    let admins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE phone = '13912345678'")
        .fetch_one(&server.db().await)
        .await
        .expect("count");
    assert_eq!(admins, 0, "the demo gained no admin");
    server.stop().await;
}
