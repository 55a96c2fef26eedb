//! The built app (Trunk's `dist/`), with the caching a PWA needs: hashed assets forever,
//! everything that names them (index.html, sw.js, config.json, the manifest) never
//! without asking, so a deploy reaches residents on their next visit. Each file goes as
//! the build's brotli or gzip copy when the client takes one (`name.br`, `name.gz`, made
//! by `scripts/compress-build.mjs`), with `Vary: Accept-Encoding`.

use std::convert::Infallible;
use std::path::Path;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::util::ServiceExt;
use tower::Service;
use tower_http::services::{ServeDir, ServeFile};

const REVALIDATE: &str = "no-cache";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// True for Trunk's content-hashed file names: `name-<hash>.ext`, `name-<hash>_bg.wasm`,
/// where the hash is a 64-bit value in lowercase hex without leading zeros (so usually 16
/// digits, sometimes fewer; never as few as the numbers in `icon-192.png`).
fn is_hashed_asset(file_name: &str) -> bool {
    let stem = match file_name.rsplit_once('.') {
        Some((stem, _ext)) => stem.strip_suffix("_bg").unwrap_or(stem),
        None => return false,
    };
    match stem.rsplit_once('-') {
        Some((_, hash)) => {
            (10..=16).contains(&hash.len())
                && hash
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        }
        None => false,
    }
}

/// A path the client-side router owns (`/orders`), as opposed to a file (`/x.js`).
fn is_app_route(file_name: &str) -> bool {
    !file_name.contains('.')
}

/// The caching and type headers a served file gets: hashed names forever, the rest
/// revalidated; types the generic MIME table gets wrong or leaves out.
fn file_headers(file_name: &str, headers: &mut HeaderMap) {
    let policy = if is_hashed_asset(file_name) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    // The same name answers with the build's brotli or gzip copy or the file itself, by
    // the client's Accept-Encoding: a shared cache must keep them apart.
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    let content_type = match file_name.rsplit_once('.') {
        Some((_, "wasm")) => Some("application/wasm"),
        Some((_, "webmanifest")) => Some("application/manifest+json"),
        _ => None,
    };
    if let Some(content_type) = content_type {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
}

async fn serve<S>(service: S, request: Request) -> Response
where
    S: Service<Request, Error = Infallible>,
    S::Response: IntoResponse,
{
    match service.oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}

pub fn service(
    dist: &Path,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send> + Clone + Send {
    let files = ServeDir::new(dist)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip();
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    tower::service_fn(move |request: Request| {
        let files = files.clone();
        let index = index.clone();
        async move {
            let path = request.uri().path();
            let file_name = path.rsplit('/').next().unwrap_or_default().to_owned();
            let headers = request.headers().clone();
            let mut response = serve(files, request).await;
            if response.status() == StatusCode::NOT_FOUND && is_app_route(&file_name) {
                // Deep links and reloads on a client route get the app itself, in the
                // encoding the client takes.
                let mut for_index = Request::new(Body::empty());
                *for_index.headers_mut() = headers;
                response = serve(index, for_index).await;
            }
            if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
                file_headers(&file_name, response.headers_mut());
            }
            Ok::<_, Infallible>(response)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(is_hashed_asset("yizhan-3f9a0c1b2d4e5f60.js"));
        assert!(is_hashed_asset("yizhan-3f9a0c1b2d4e5f60_bg.wasm"));
        assert!(is_hashed_asset("app-0123456789abcdef.css"));
        assert!(is_hashed_asset("yizhan-e8ef1f1588eb1af_bg.wasm"));
        assert!(!is_hashed_asset("icon-maskable-512.png"));
        assert!(!is_hashed_asset("index.html"));
        assert!(!is_hashed_asset("icon-192.png"));
        assert!(!is_hashed_asset("sw.js"));
        assert!(!is_hashed_asset("app-0123456789abcdeg.css"));
    }
}
