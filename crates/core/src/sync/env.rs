//! Time, chance and fresh ids, given to the engine so tests can drive them.

pub trait Env {
    /// Unix time in milliseconds.
    fn now_ms(&self) -> i64;
    /// Uniform in [0, 1), for backoff jitter.
    fn random_unit(&self) -> f64;
    /// A new UUID (v7 preferred) for an order or a transition.
    fn new_id(&self) -> String;
}

/// RFC 3339 in the community's time zone (+08:00), as the contract writes times.
pub fn rfc3339_local(unix_ms: i64) -> String {
    let offset = time::UtcOffset::from_hms(8, 0, 0).unwrap_or(time::UtcOffset::UTC);
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(unix_ms) * 1_000_000)
        .ok()
        .and_then(|t| t.checked_to_offset(offset))
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}
