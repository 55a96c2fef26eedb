//! The built app (Trunk's `dist/`), with the caching a PWA needs: hashed assets forever,
//! everything that names them (index.html, sw.js, config.json, the manifest) never
//! without asking, so a deploy reaches residents on their next visit.

use std::convert::Infallible;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
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
fn is_app_route(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    !last.contains('.')
}

pub fn service(
    dist: &Path,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send> + Clone + Send {
    let dist: PathBuf = dist.to_path_buf();
    let files = ServeDir::new(&dist).append_index_html_on_directories(true);
    let index = ServeFile::new(dist.join("index.html"));
    tower::service_fn(move |request: Request| {
        let files = files.clone();
        let index = index.clone();
        async move {
            let path = request.uri().path().to_owned();
            let file_name = path.rsplit('/').next().unwrap_or_default().to_owned();
            let response = match files.oneshot(request).await {
                Ok(response) => response.map(Body::new),
                Err(never) => match never {},
            };
            let mut response = if response.status() == StatusCode::NOT_FOUND && is_app_route(&path)
            {
                // Deep links and reloads on a client route get the app itself.
                match index.oneshot(Request::new(Body::empty())).await {
                    Ok(response) => response.map(Body::new),
                    Err(never) => match never {},
                }
            } else {
                response
            };
            if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
                let policy = if is_hashed_asset(&file_name) {
                    IMMUTABLE
                } else {
                    REVALIDATE
                };
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
                if file_name.ends_with(".wasm") {
                    response.headers_mut().insert(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/wasm"),
                    );
                }
                if file_name.ends_with(".webmanifest") {
                    response.headers_mut().insert(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/manifest+json"),
                    );
                }
            }
            Ok::<_, Infallible>(response.into_response())
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
