//! The server's two error types: what stops it from starting, and what a request answers.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use yizhan_core::validation::FieldProblem;

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
    #[error("the database failed: {0}")]
    Database(#[from] sqlx::Error),
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot describe the API as OpenAPI: {0}")]
    Describe(serde_json::Error),
    #[error("server failed: {0}")]
    Serve(std::io::Error),
    #[error(
        "--demo on {0} (or behind a proxy): everyone who reaches it could sign in as the \
         demo admin. Listen on 127.0.0.1 without --client-ip-header, or add --force-demo \
         for a training room's network"
    )]
    DemoExposed(SocketAddr),
    #[error(
        "this database holds the demo community, whose accounts anyone can sign in to \
         (their numbers are in the README). Start with --demo, or give a real community \
         a new --data-dir"
    )]
    DemoDatabase,
    #[error(
        "--demo on a database that holds a real community: demo mode would add accounts \
         with published numbers and hand sign-in codes back to anyone. Give the demo its \
         own --data-dir"
    )]
    DemoOverRealData,
    #[error("--clock-offset moves the clock every order is stamped with: only with --demo")]
    ClockOffsetOutsideDemo,
    /// `setup` was given something it cannot keep; each problem names its flag.
    #[error("setup: {0}")]
    Setup(String),
}

/// Messages per field, as the contract's `errors` member carries them.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// An API error, answered as `application/problem+json` (RFC 9457) with the contract's
/// stable `type` slugs. Every handler returns this; it is mapped to HTTP here only.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the request is not valid")]
    Validation(FieldErrors),
    #[error("sign in first: the token is missing, expired or revoked")]
    Unauthorized,
    #[error("the phone number or the code is not right, or the code has expired")]
    WrongCode,
    #[error("this phone number is not registered with the community")]
    UnknownPhone,
    #[error("this account has been deactivated; ask the community's service station")]
    AccountInactive,
    #[error("too many attempts; try again in {retry_after} seconds")]
    RateLimited { retry_after: u64 },
    #[error("no such resource")]
    NotFound,
    #[error("this action is not yours to take on this order")]
    Forbidden,
    #[error("this action is not possible in the order's current status")]
    InvalidTransition,
    #[error("send If-Match with the version of the order you saw")]
    PreconditionRequired,
    #[error("the order changed since you saw it; `current` is how it is now")]
    VersionMismatch(Box<yizhan_core::model::Order>),
    #[error("every place on this shift is taken")]
    ShiftFull,
    /// Issue 19: the slot's last place went to someone else; `next_free` is the next slot
    /// with a place, if any.
    #[error("every place in this slot is taken; `next_free` is the next slot with one")]
    SlotFull { next_free: Option<String> },
    /// Issue 19: the thing's eligibility (an age, a spacing) leaves the caller out.
    #[error("{}", not_eligible_detail(.0))]
    NotEligible(yizhan_core::bookings::NotEligible),
    #[error("this id belongs to another order; make a new id for a new order")]
    IdConflict,
    #[error("the request body is larger than 64 KiB")]
    PayloadTooLarge,
    #[error("this address does not take that method; `Allow` lists the ones it takes")]
    MethodNotAllowed,
    #[error("the request took too long to arrive or to answer; send it again")]
    Timeout,
    #[error("the server failed on this request")]
    Panicked,
    #[error("{0}")]
    Unavailable(String),
    #[error("stored data could not be read: {0}")]
    Stored(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A write taken with others in one transaction whose commit failed: not on disk.
    #[error("the write was not committed: {0}")]
    NotCommitted(String),
}

impl ApiError {
    /// A validation error on one field.
    pub fn field(field: &str, message: impl Into<String>) -> ApiError {
        ApiError::Validation(BTreeMap::from([(field.to_string(), vec![message.into()])]))
    }

    /// The problems core's rules found, by field, or `Ok` if there are none.
    pub fn unless_valid<F: Into<String>>(
        problems: impl IntoIterator<Item = (F, FieldProblem)>,
    ) -> Result<(), ApiError> {
        let errors = ApiError::messages(problems);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(errors))
        }
    }

    /// The 422 for the problems core's rules found (a body that was refused: if the
    /// list is somehow empty, the body as a whole is named).
    pub fn invalid<F: Into<String>>(
        problems: impl IntoIterator<Item = (F, FieldProblem)>,
    ) -> ApiError {
        let errors = ApiError::messages(problems);
        if errors.is_empty() {
            ApiError::field("body", "not valid")
        } else {
            ApiError::Validation(errors)
        }
    }

    fn messages<F: Into<String>>(
        problems: impl IntoIterator<Item = (F, FieldProblem)>,
    ) -> FieldErrors {
        let mut errors = FieldErrors::new();
        for (field, problem) in problems {
            errors
                .entry(field.into())
                .or_default()
                .push(problem.message());
        }
        errors
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    status: u16,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a FieldErrors>,
    /// With `version_mismatch`: the order as it is now.
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<&'a yizhan_core::model::Order>,
    /// With `slot_full`: the next slot with a place (RFC 3339), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    next_free: Option<&'a str>,
    /// With `not_eligible`: `age_unknown`, `too_young` or `too_soon`.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
}

/// What `not_eligible` says, in English for an API client.
fn not_eligible_detail(why: &yizhan_core::bookings::NotEligible) -> String {
    use yizhan_core::bookings::NotEligible;
    match why {
        NotEligible::AgeUnknown { min_age } => format!(
            "only residents {min_age} and over book this, and the community has no year of birth for you; the service station can add it"
        ),
        NotEligible::TooYoung { min_age } => {
            format!("only residents {min_age} and over book this")
        }
        NotEligible::TooSoon { days } => {
            format!("one booking of this every {days} days; you have one nearer than that")
        }
    }
}

impl ApiError {
    fn status_kind_title(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            ApiError::Validation(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Invalid request",
            ),
            ApiError::Unauthorized | ApiError::WrongCode => {
                (StatusCode::UNAUTHORIZED, "unauthorized", "Unauthorized")
            }
            ApiError::UnknownPhone => (StatusCode::UNAUTHORIZED, "unknown_phone", "Unknown phone"),
            ApiError::AccountInactive => (
                StatusCode::UNAUTHORIZED,
                "account_inactive",
                "Account inactive",
            ),
            ApiError::RateLimited { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "Too many requests",
            ),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found", "Not found"),
            ApiError::IdConflict => (StatusCode::CONFLICT, "id_conflict", "Id conflict"),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, "forbidden", "Forbidden"),
            ApiError::ShiftFull => (StatusCode::CONFLICT, "shift_full", "Shift full"),
            ApiError::SlotFull { .. } => (StatusCode::CONFLICT, "slot_full", "Slot full"),
            ApiError::NotEligible(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_eligible",
                "Not eligible",
            ),
            ApiError::InvalidTransition => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_transition",
                "Invalid transition",
            ),
            ApiError::PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                "precondition_required",
                "If-Match required",
            ),
            ApiError::VersionMismatch(_) => (
                StatusCode::PRECONDITION_FAILED,
                "version_mismatch",
                "Version mismatch",
            ),
            ApiError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "Payload too large",
            ),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Method not allowed",
            ),
            ApiError::Timeout => (
                StatusCode::REQUEST_TIMEOUT,
                "request_timeout",
                "Request timeout",
            ),
            ApiError::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "internal",
                "Service unavailable",
            ),
            ApiError::Database(_)
            | ApiError::NotCommitted(_)
            | ApiError::Stored(_)
            | ApiError::Panicked => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, kind, title) = self.status_kind_title();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let detail = match &self {
            // Internals stay in the log, not in the answer.
            ApiError::Database(_)
            | ApiError::NotCommitted(_)
            | ApiError::Stored(_)
            | ApiError::Panicked => "Something went wrong on the server; try again shortly.".into(),
            other => other.to_string(),
        };
        let errors = match &self {
            ApiError::Validation(errors) => Some(errors),
            _ => None,
        };
        let current = match &self {
            ApiError::VersionMismatch(order) => Some(order.as_ref()),
            _ => None,
        };
        let next_free = match &self {
            ApiError::SlotFull { next_free } => next_free.as_deref(),
            _ => None,
        };
        let reason = match &self {
            ApiError::NotEligible(why) => Some(why.as_str()),
            _ => None,
        };
        let body = Problem {
            current,
            next_free,
            reason,
            kind,
            title,
            status: status.as_u16(),
            detail,
            errors,
        };
        let json = serde_json::to_vec(&body).unwrap_or_default();
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            json,
        )
            .into_response();
        match self {
            ApiError::Unauthorized
            | ApiError::WrongCode
            | ApiError::UnknownPhone
            | ApiError::AccountInactive => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::RateLimited { retry_after } => {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            }
            _ => {}
        }
        response
    }
}
