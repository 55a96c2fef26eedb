//! A range of the community's days asked for in a query (`?from=YYYY-MM-DD&to=…`), as the
//! rota and the activities read it: by default today and the next 13 days, at most 62
//! days in one read, so a request cannot ask for everything there ever was.

use time::macros::format_description;
use time::Date;

use crate::clock;
use crate::error::ApiError;

/// The longest range one request may ask for.
const MAX_RANGE_DAYS: i64 = 62;

fn parse_date(field: &str, text: &str) -> Result<Date, ApiError> {
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map_err(|_| ApiError::field(field, "a date as YYYY-MM-DD"))
}

/// The first moment of day `from` and the first after day `to` (both included), Unix
/// seconds; a missing `from` is today, a missing `to` 13 days after `from`.
pub fn span(from: Option<&str>, to: Option<&str>) -> Result<(i64, i64), ApiError> {
    let from = match from {
        Some(text) => parse_date("from", text)?,
        None => clock::today(),
    };
    let to = match to {
        Some(text) => parse_date("to", text)?,
        None => from
            .checked_add(time::Duration::days(13))
            .ok_or_else(|| ApiError::field("from", "a date before 9999-12-18"))?,
    };
    let days = (to - from).whole_days();
    if !(0..=MAX_RANGE_DAYS).contains(&days) {
        return Err(ApiError::field(
            "to",
            format!("from 0 to {MAX_RANGE_DAYS} days after `from`"),
        ));
    }
    // The end is the start of the day after `to`: checked, there is none after 9999-12-31.
    let after_to = to
        .next_day()
        .ok_or_else(|| ApiError::field("to", "a date before 9999-12-31"))?;
    Ok((
        clock::local_unix(from, 0, 0),
        clock::local_unix(after_to, 0, 0),
    ))
}
