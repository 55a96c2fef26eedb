//! The server's two error types: what stops it from starting, and what a request answers.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database: {0}")]
    Database(sqlx::Error),
    #[error("server failed: {0}")]
    Serve(std::io::Error),
}

/// An API error, answered as `application/problem+json` (RFC 9457) with the contract's
/// stable `type` slugs.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no such resource")]
    NotFound,
    #[error("database unavailable: {0}")]
    Database(#[from] sqlx::Error),
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    status: u16,
    detail: String,
}

impl ApiError {
    fn status_and_kind(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found", "Not found"),
            ApiError::Database(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "internal",
                "Service unavailable",
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, kind, title) = self.status_and_kind();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let detail = match &self {
            // Internals stay in the log, not in the answer.
            ApiError::Database(_) => "The database did not answer; try again shortly.".into(),
            other => other.to_string(),
        };
        let body = Problem {
            kind,
            title,
            status: status.as_u16(),
            detail,
        };
        let json = serde_json::to_vec(&body).unwrap_or_default();
        (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            json,
        )
            .into_response()
    }
}
