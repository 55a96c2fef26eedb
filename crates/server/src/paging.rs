//! The page size a client asks a list for (`?limit=`), read once for every list:
//! orders, people, the inbox.

use crate::error::ApiError;

/// Rows a page holds unless the client asks for another number.
pub const DEFAULT_LIMIT: u32 = 50;
/// The most rows one page holds.
pub const MAX_LIMIT: u32 = 200;

/// The page size a client asked for (`limit`), or the default; 422 at `limit` for
/// anything but a whole number from 1 to [`MAX_LIMIT`].
pub fn page_size(limit: Option<&str>) -> Result<u32, ApiError> {
    match limit {
        None => Ok(DEFAULT_LIMIT),
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                ApiError::field("limit", format!("a whole number from 1 to {MAX_LIMIT}"))
            }),
    }
}
