//! Wall-clock time as the database stores it (Unix seconds) and the API writes it (RFC 3339).

use std::sync::atomic::{AtomicI64, Ordering};

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// China Standard Time: one zone for the whole country, no daylight saving. Rotas and
/// "today" are the community's local time.
pub const COMMUNITY_OFFSET: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// RFC 3339 in the community's local time (`2026-11-26T09:00:00+08:00`).
pub fn rfc3339_local(unix_seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix_seconds)
        .ok()
        .and_then(|t| t.checked_to_offset(COMMUNITY_OFFSET))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// Seconds the server's clock is moved by (`--clock-offset`, demo mode only): a drill or
/// a test sees tomorrow's reminders now instead of waiting for them.
static OFFSET_SECONDS: AtomicI64 = AtomicI64::new(0);

/// Moves the server's clock `seconds` ahead (behind, if negative).
pub fn set_offset(seconds: i64) {
    OFFSET_SECONDS.store(seconds, Ordering::Relaxed);
}

/// The time now, as the server's clock says.
fn now_utc() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    let offset = OFFSET_SECONDS.load(Ordering::Relaxed);
    if offset == 0 {
        return now;
    }
    now.checked_add(time::Duration::seconds(offset))
        .unwrap_or(now)
}

/// Minutes after the community's midnight at `unix_ms`.
pub fn minute_of_day(unix_ms: i64) -> u16 {
    OffsetDateTime::from_unix_timestamp(unix_ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.checked_to_offset(COMMUNITY_OFFSET))
        .map_or(0, |t| u16::from(t.hour()) * 60 + u16::from(t.minute()))
}

/// `unix_seconds` as the community reads a shift's start, `MM-DD HH:MM`.
pub fn month_day_minute(unix_seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix_seconds)
        .ok()
        .and_then(|t| t.checked_to_offset(COMMUNITY_OFFSET))
        .map(|t| {
            format!(
                "{:02}-{:02} {:02}:{:02}",
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute()
            )
        })
        .unwrap_or_default()
}

/// Today in the community.
pub fn today() -> time::Date {
    let now = now_utc();
    now.checked_to_offset(COMMUNITY_OFFSET)
        .unwrap_or(now)
        .date()
}

/// The Unix time of `date` at `hour:minute` community time.
pub fn local_unix(date: time::Date, hour: u8, minute: u8) -> i64 {
    let time = time::Time::from_hms(hour, minute, 0).unwrap_or(time::Time::MIDNIGHT);
    date.with_time(time)
        .assume_offset(COMMUNITY_OFFSET)
        .unix_timestamp()
}

pub fn now_ms() -> i64 {
    let now = now_utc();
    now.unix_timestamp() * 1000 + i64::from(now.millisecond())
}

pub fn now() -> i64 {
    now_utc().unix_timestamp()
}

/// RFC 3339 in UTC (`2026-03-28T07:00:00Z`). A value outside what `time` can hold (never
/// written by this server) comes out as the epoch rather than failing the response.
pub fn rfc3339(unix_seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix_seconds)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// RFC 3339 in UTC with milliseconds, for times stored in Unix milliseconds.
pub fn rfc3339_ms(unix_ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(unix_ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .format(&Rfc3339)
        .unwrap_or_default()
}
