//! A calendar file as an answer (`mine.ics` of shifts and of activities): iCalendar's
//! media type, and a name to save it under.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// `body` (an iCalendar file) as a download named `filename`.
pub fn calendar_file(body: String, filename: &'static str) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}
