//! api-contract.md, "Reference data": the demo community's catalogue, grids and stations,
//! for signed-in users only, with strong ETags and 304s.

mod common;

use common::{header, TestServer};
use serde_json::Value;

const ROUTES: [&str; 5] = [
    "/api/v1/community",
    "/api/v1/services",
    "/api/v1/grids",
    "/api/v1/grids/g-2",
    "/api/v1/stations",
];

async fn json_as(server: &TestServer, token: &str, path: &str) -> Value {
    let response = server.get_as(token, path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.expect("json")
}

#[tokio::test]
async fn reference_data_is_for_signed_in_users_only() {
    let server = TestServer::start(&["--demo"]).await;
    for path in ROUTES {
        let response = server.get(path).await;
        assert_eq!(response.status(), 401, "{path}");
        assert_eq!(header(&response, "www-authenticate"), "Bearer");
    }
    server.stop().await;
}

#[tokio::test]
async fn the_demo_community_is_complete_and_believable() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in("13800000001").await;

    let community = json_as(&server, &token, "/api/v1/community").await;
    assert_eq!(community["name"], "育华里社区");
    assert!(!community["hotline"].as_str().unwrap_or_default().is_empty());

    let services = json_as(&server, &token, "/api/v1/services").await;
    let services = services["items"].as_array().expect("items");
    assert!(services.len() >= 24, "{} services", services.len());
    for kind in ["direct", "proxy", "special"] {
        assert!(
            services.iter().any(|s| s["kind"] == kind),
            "no {kind} service"
        );
    }
    let datatypes: Vec<&str> = services
        .iter()
        .flat_map(|s| s["fields"].as_array().into_iter().flatten())
        .filter_map(|f| f["datatype"].as_str())
        .collect();
    for datatype in [
        "string", "text", "number", "date", "datetime", "single", "multi",
    ] {
        assert!(datatypes.contains(&datatype), "no field of type {datatype}");
    }
    let single = services
        .iter()
        .flat_map(|s| s["fields"].as_array().into_iter().flatten())
        .find(|f| f["datatype"] == "single")
        .expect("a single-choice field");
    assert!(single["options"].as_array().is_some_and(|o| o.len() >= 2));

    let grids = json_as(&server, &token, "/api/v1/grids").await;
    let grids = grids["items"].as_array().expect("items");
    assert_eq!(grids.len(), 3);
    for grid in grids {
        let contacts = grid["contacts"].as_array().expect("contacts");
        assert!(
            (6..=8).contains(&contacts.len()),
            "{} contacts",
            contacts.len()
        );
        for role in [
            "grid_worker",
            "party_secretary",
            "police",
            "property",
            "doctor",
        ] {
            assert!(
                contacts.iter().any(|c| c["role"] == role),
                "{} has no {role}",
                grid["id"]
            );
        }
        // Posted in the building: phones are whole, never masked.
        assert!(contacts
            .iter()
            .all(|c| !c["phone"].as_str().unwrap_or("*").contains('*')));
    }

    let stations = json_as(&server, &token, "/api/v1/stations").await;
    let stations = stations["items"].as_array().expect("items");
    assert_eq!(stations.len(), 2);
    for station in stations {
        assert!(!station["open_hours"].as_array().expect("hours").is_empty());
        assert!(!station["amenities"]
            .as_array()
            .expect("amenities")
            .is_empty());
    }
    server.stop().await;
}

#[tokio::test]
async fn one_grid_by_id_and_an_unknown_grid_is_404() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in("13800000002").await;
    let grid = json_as(&server, &token, "/api/v1/grids/g-2").await;
    assert_eq!(grid["name"], "第二网格");
    let missing = server.get_as(&token, "/api/v1/grids/g-404").await;
    assert_eq!(missing.status(), 404);
    assert_eq!(header(&missing, "content-type"), "application/problem+json");
    server.stop().await;
}

#[tokio::test]
async fn a_client_that_has_the_current_version_gets_304_with_no_body() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in("13800000001").await;
    for path in ROUTES {
        let first = server.get_as(&token, path).await;
        let etag = header(&first, "etag");
        assert!(
            etag.starts_with('"') && etag.ends_with('"'),
            "{path}: strong ETag, got {etag}"
        );
        let again = server
            .client
            .get(server.url(path))
            .bearer_auth(&token)
            .header("if-none-match", &etag)
            .send()
            .await
            .expect("request");
        assert_eq!(again.status(), 304, "{path}");
        assert_eq!(header(&again, "etag"), etag);
        assert!(again.bytes().await.expect("body").is_empty());
        let stale = server
            .client
            .get(server.url(path))
            .bearer_auth(&token)
            .header("if-none-match", "\"an-older-version\"")
            .send()
            .await
            .expect("request");
        assert_eq!(stale.status(), 200, "{path}");
    }
    server.stop().await;
}

#[tokio::test]
async fn a_change_to_the_data_changes_the_etag() {
    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in("13800000001").await;
    let before = header(&server.get_as(&token, "/api/v1/grids").await, "etag");
    sqlx::query("UPDATE contacts SET duty_hours = '周一至周日 8:00–20:00' WHERE id = 'g-3-c1'")
        .execute(&server.db().await)
        .await
        .expect("edit a contact");
    let after = server
        .client
        .get(server.url("/api/v1/grids"))
        .bearer_auth(&token)
        .header("if-none-match", &before)
        .send()
        .await
        .expect("request");
    assert_eq!(after.status(), 200);
    assert_ne!(header(&after, "etag"), before);
    let body: Value = after.json().await.expect("json");
    assert_eq!(
        body["items"][2]["contacts"][0]["duty_hours"],
        "周一至周日 8:00–20:00"
    );
    server.stop().await;
}

/// Issue 16: answers go compressed to a client that takes it (a large community's
/// catalogue and first sync are mostly JSON), and as they are to one that does not.
#[tokio::test]
async fn answers_are_compressed_for_clients_that_take_it() {
    use std::io::Read;

    let server = TestServer::start(&["--demo"]).await;
    let token = server.sign_in("13800000001").await;
    let plain = server.get_as(&token, "/api/v1/services").await;
    assert_eq!(header(&plain, "content-encoding"), "");
    let plain = plain.bytes().await.expect("body");

    let compressed = server
        .client
        .get(server.url("/api/v1/services"))
        .bearer_auth(&token)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("request");
    assert_eq!(compressed.status(), 200);
    assert_eq!(header(&compressed, "content-encoding"), "gzip");
    assert!(header(&compressed, "vary")
        .to_ascii_lowercase()
        .contains("accept-encoding"));
    let etag = header(&compressed, "etag");
    let wire = compressed.bytes().await.expect("body");
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(&wire[..])
        .read_to_end(&mut unpacked)
        .expect("gzip");
    assert_eq!(unpacked, plain, "the same answer");
    assert!(
        wire.len() * 3 < plain.len(),
        "{} bytes on the wire for {}",
        wire.len(),
        plain.len()
    );

    // The ETag still answers a conditional read, whatever the encoding.
    let again = server
        .client
        .get(server.url("/api/v1/services"))
        .bearer_auth(&token)
        .header("accept-encoding", "gzip")
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), 304);
    server.stop().await;
}
