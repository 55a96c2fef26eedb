//! api-contract.md, "Health and description": `GET /api/v1/openapi.json` is the OpenAPI 3.1
//! document of the contract, generated from the routes, open to anyone.

mod common;

use std::collections::BTreeSet;

use common::{header, TestServer};
use serde_json::Value;

/// Every route of api-contract.md, and the extensions this server adds (README).
const CONTRACT: &[(&str, &str)] = &[
    ("get", "/api/v1/health"),
    ("get", "/api/v1/openapi.json"),
    ("post", "/api/v1/auth/code"),
    ("post", "/api/v1/auth/session"),
    ("delete", "/api/v1/auth/session"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/community"),
    ("get", "/api/v1/services"),
    ("get", "/api/v1/grids"),
    ("get", "/api/v1/grids/{id}"),
    ("get", "/api/v1/stations"),
    ("put", "/api/v1/orders/{id}"),
    ("get", "/api/v1/orders"),
    ("get", "/api/v1/orders/{id}"),
    ("post", "/api/v1/orders/{id}/transitions"),
    ("get", "/api/v1/shifts"),
    ("put", "/api/v1/shifts/{id}/signup"),
    ("delete", "/api/v1/shifts/{id}/signup"),
    ("get", "/api/v1/shifts/mine.ics"),
    ("put", "/api/v1/community"),
    ("put", "/api/v1/services/{id}"),
    ("delete", "/api/v1/services/{id}"),
    ("put", "/api/v1/grids/{id}"),
    ("put", "/api/v1/stations/{id}"),
    ("post", "/api/v1/shifts"),
    ("put", "/api/v1/shifts/{id}"),
    ("delete", "/api/v1/shifts/{id}"),
    ("get", "/api/v1/users"),
    ("put", "/api/v1/users/{id}/roles"),
];
const EXTENSIONS: &[(&str, &str)] = &[
    ("delete", "/api/v1/orders/{id}"),
    ("get", "/api/v1/me/record"),
    ("delete", "/api/v1/auth/sessions"),
    // Issue 17: the staff workbench.
    ("put", "/api/v1/me"),
    ("get", "/api/v1/notices"),
    ("put", "/api/v1/notices/{id}"),
    ("delete", "/api/v1/notices/{id}"),
    ("post", "/api/v1/shifts/series"),
    ("delete", "/api/v1/shifts/series/{series_id}"),
    ("get", "/api/v1/shifts/{id}/signups"),
    ("put", "/api/v1/shifts/{id}/attendance/{user_id}"),
    ("post", "/api/v1/users"),
    ("put", "/api/v1/users/{id}"),
    ("put", "/api/v1/service-order"),
    // Issue 18: telling people.
    ("get", "/api/v1/inbox"),
    ("post", "/api/v1/inbox/read"),
    ("get", "/api/v1/push/key"),
    ("put", "/api/v1/push/subscription"),
    ("post", "/api/v1/push/unsubscribe"),
    ("get", "/api/v1/me/reach"),
    ("put", "/api/v1/me/reach"),
    // Issue 19: activities.
    ("get", "/api/v1/activities"),
    ("get", "/api/v1/activities/{id}"),
    ("put", "/api/v1/activities/{id}"),
    ("delete", "/api/v1/activities/{id}"),
    ("get", "/api/v1/activities/mine.ics"),
    ("put", "/api/v1/activities/{id}/signups/{signup_id}"),
    ("delete", "/api/v1/activities/{id}/signups/{signup_id}"),
    ("post", "/api/v1/activities/{id}/repeats"),
    ("get", "/api/v1/activities/{id}/signups"),
    ("put", "/api/v1/activities/{id}/check-ins/{code}"),
    ("get", "/api/v1/activities/figures"),
    ("get", "/api/v1/activities/door"),
    // Issue 19: appointments.
    ("get", "/api/v1/bookables"),
    ("get", "/api/v1/bookables/{id}"),
    ("put", "/api/v1/bookables/{id}"),
    ("delete", "/api/v1/bookables/{id}"),
    ("put", "/api/v1/bookables/{id}/bookings/{booking_id}"),
    ("delete", "/api/v1/bookables/{id}/bookings/{booking_id}"),
    ("get", "/api/v1/bookings"),
    ("put", "/api/v1/bookings/{id}/outcome"),
];
const OPEN_TO_ALL: &[&str] = &[
    "/api/v1/health",
    "/api/v1/openapi.json",
    "/api/v1/auth/code",
];

async fn document(server: &TestServer) -> Value {
    let response = server.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200, "no sign-in needed");
    assert!(header(&response, "content-type").starts_with("application/json"));
    response.json().await.expect("json")
}

fn operations(doc: &Value) -> BTreeSet<(String, String)> {
    doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .expect("path item")
                .keys()
                .map(move |method| (method.clone(), path.clone()))
        })
        .collect()
}

#[tokio::test]
async fn the_document_describes_exactly_the_contracts_routes() {
    let server = TestServer::start(&[]).await;
    let doc = document(&server).await;
    assert!(doc["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.1")));
    let expected: BTreeSet<(String, String)> = CONTRACT
        .iter()
        .chain(EXTENSIONS)
        .map(|(method, path)| (method.to_string(), path.to_string()))
        .collect();
    assert_eq!(operations(&doc), expected);
    server.stop().await;
}

#[tokio::test]
async fn the_documented_security_is_what_the_server_enforces() {
    let server = TestServer::start(&[]).await;
    let doc = document(&server).await;
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    for (method, path) in operations(&doc) {
        let operation = &doc["paths"][&path][&method];
        let documented = operation["security"].is_array();
        let sign_in = path == "/api/v1/auth/session" && method == "post";
        assert_eq!(
            documented,
            !(OPEN_TO_ALL.contains(&path.as_str()) || sign_in),
            "{method} {path}"
        );
        if method == "get" && !path.ends_with("openapi.json") {
            let url = path.replace("{id}", "x");
            let status = server.get(&url).await.status();
            if documented {
                assert_eq!(status, 401, "GET {url} without a token");
            } else {
                assert_eq!(status, 200, "GET {url} is open");
            }
        }
    }
    server.stop().await;
}

#[tokio::test]
async fn the_schemas_carry_the_contracts_fields_and_errors_are_problems() {
    let server = TestServer::start(&[]).await;
    let doc = document(&server).await;
    let schemas = &doc["components"]["schemas"];
    let required = |name: &str| -> BTreeSet<String> {
        schemas[name]["required"]
            .as_array()
            .unwrap_or_else(|| panic!("{name} has required fields"))
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let order = required("Order");
    for field in [
        "id",
        "kind",
        "title",
        "description",
        "attributes",
        "status",
        "version",
        "owner_id",
        "created_at",
        "updated_at",
        "deleted",
        "timeline",
    ] {
        assert!(order.contains(field), "Order.{field}");
    }
    for field in [
        "service_id",
        "address",
        "contact_phone",
        "preferred_time",
        "assignee",
        "rating",
    ] {
        assert!(
            schemas["Order"]["properties"][field].is_object(),
            "Order.{field}"
        );
    }
    // Issue 17's additions, described with the types they extend.
    for (schema, field) in [
        ("Order", "filed_by"),
        ("NewOrder", "on_behalf_of"),
        ("NewOrder", "channel"),
        ("Shift", "series_id"),
        ("Community", "residents_choose_grid"),
        ("Notice", "starts_on"),
        ("Notice", "pinned"),
        ("Signup", "attended"),
        ("SeriesBody", "weekdays"),
        ("NewResident", "consent"),
        ("UserUpdate", "active"),
        ("ProfileUpdate", "grid_id"),
        ("User", "active"),
    ] {
        assert!(
            schemas[schema]["properties"][field].is_object(),
            "{schema}.{field}"
        );
    }
    let statuses: Vec<&str> = schemas["OrderStatus"]["enum"]
        .as_array()
        .expect("status enum")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for status in [
        "submitted",
        "dispatched",
        "accepted",
        "in_progress",
        "completed",
        "closed",
        "cancelled",
        "rejected",
    ] {
        assert!(statuses.contains(&status), "{status}");
    }
    let problem = required("Problem");
    for field in ["type", "title", "status", "detail"] {
        assert!(problem.contains(field), "Problem.{field}");
    }
    let refused = &doc["paths"]["/api/v1/orders/{id}/transitions"]["post"]["responses"]["412"];
    assert!(
        refused["content"]["application/problem+json"].is_object(),
        "errors are application/problem+json: {refused}"
    );
    server.stop().await;
}
