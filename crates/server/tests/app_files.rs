//! The built app is served with the headers of api-contract.md, "Cross-origin and headers".

mod common;

use common::{header, TestServer};

#[tokio::test]
async fn index_html_revalidates_and_carries_the_security_headers() {
    let server = TestServer::start(&[]).await;
    let response = server.get("/").await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "cache-control"), "no-cache");
    assert!(header(&response, "content-type").starts_with("text/html"));
    let csp = header(&response, "content-security-policy");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert_eq!(header(&response, "x-content-type-options"), "nosniff");
    assert_eq!(header(&response, "referrer-policy"), "same-origin");
    assert!(response.text().await.expect("body").contains("驿站"));
    server.stop().await;
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_wasm_has_its_type() {
    let server = TestServer::start(&[]).await;
    for path in [
        "/yizhan-fedcba9876543210.js",
        "/boot-0123456789abcdef.js",
        "/app-00112233445566ff.css",
        "/yizhan-fedcba9876543210_bg.wasm",
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            header(&response, "cache-control"),
            "public, max-age=31536000, immutable",
            "{path}"
        );
        assert_eq!(header(&response, "x-content-type-options"), "nosniff");
    }
    let wasm = server.get("/yizhan-fedcba9876543210_bg.wasm").await;
    assert_eq!(header(&wasm, "content-type"), "application/wasm");
    server.stop().await;
}

#[tokio::test]
async fn files_that_name_other_files_always_revalidate() {
    let server = TestServer::start(&[]).await;
    for path in [
        "/index.html",
        "/config.json",
        "/manifest.webmanifest",
        "/icons/icon-192.png",
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
    }
    let manifest = server.get("/manifest.webmanifest").await;
    assert_eq!(
        header(&manifest, "content-type"),
        "application/manifest+json"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_reload_on_a_client_route_gets_the_app() {
    let server = TestServer::start(&[]).await;
    for path in ["/orders", "/settings", "/grid/"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
        assert!(response
            .text()
            .await
            .expect("body")
            .contains("<title>驿站</title>"));
    }
    server.stop().await;
}

#[tokio::test]
async fn a_missing_file_is_404_not_the_app() {
    // An old page asking for a previous build's script must not get HTML back as script.
    let server = TestServer::start(&[]).await;
    let response = server.get("/yizhan-0000000000000000.js").await;
    assert_eq!(response.status(), 404);
    assert_ne!(
        header(&response, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    server.stop().await;
}

#[tokio::test]
async fn cross_origin_calls_are_refused_unless_configured() {
    let server = TestServer::start(&[]).await;
    let response = server
        .client
        .get(server.url("/api/v1/health"))
        .header("origin", "https://elsewhere.example")
        .send()
        .await
        .expect("request");
    assert_eq!(header(&response, "access-control-allow-origin"), "");
    server.stop().await;

    let server = TestServer::start(&["--cors-origins", "https://street.example"]).await;
    let response = server
        .client
        .get(server.url("/api/v1/health"))
        .header("origin", "https://street.example")
        .send()
        .await
        .expect("request");
    assert_eq!(
        header(&response, "access-control-allow-origin"),
        "https://street.example"
    );
    server.stop().await;
}

/// Issue 16: the app goes as the build's brotli or gzip copy when the phone takes one,
/// never compressed for a client that did not ask, and caches are told it varies.
#[tokio::test]
async fn files_go_as_the_compressed_copy_the_client_takes() {
    let server = TestServer::start(&[]).await;
    let wasm = "/yizhan-fedcba9876543210_bg.wasm";
    for (accepts, encoding, body) in [
        ("gzip, deflate, br", "br", "the wasm as brotli"),
        ("gzip", "gzip", "the wasm as gzip"),
        ("identity", "", "\0asm"),
    ] {
        let response = server
            .client
            .get(server.url(wasm))
            .header("accept-encoding", accepts)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200, "{accepts}");
        assert_eq!(header(&response, "content-encoding"), encoding, "{accepts}");
        assert_eq!(header(&response, "content-type"), "application/wasm");
        assert!(
            header(&response, "vary")
                .to_ascii_lowercase()
                .contains("accept-encoding"),
            "{accepts}: vary {:?}",
            response
                .headers()
                .get_all("vary")
                .iter()
                .collect::<Vec<_>>()
        );
        assert_eq!(
            header(&response, "cache-control"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(response.text().await.expect("body"), body, "{accepts}");
    }
    // A deep link gets the page in the encoding asked for, too.
    let deep = server
        .client
        .get(server.url("/orders"))
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("request");
    assert_eq!(header(&deep, "content-encoding"), "br");
    assert_eq!(deep.text().await.expect("body"), "the page as brotli");
    server.stop().await;
}
