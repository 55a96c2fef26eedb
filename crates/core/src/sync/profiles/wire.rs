//! What every profile does on the wire: ids as path segments, JSON in and out, and
//! answers that are not successes sorted into the engine's classes.

use serde::de::DeserializeOwned;

use crate::sync::classify::classify;
use crate::sync::error::SyncError;
use crate::sync::http::{HttpRequest, HttpResponse, Transport};

/// A path segment from an id the client or the server made: nothing in it may reach
/// another path.
pub fn segment(id: &str) -> String {
    if id == "." || id == ".." {
        return id.replace('.', "%2E");
    }
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~') {
                c.to_string()
            } else {
                let mut buffer = [0u8; 4];
                c.encode_utf8(&mut buffer)
                    .bytes()
                    .map(|b| format!("%{b:02X}"))
                    .collect()
            }
        })
        .collect()
}

pub fn body<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, SyncError> {
    serde_json::from_str(&response.body).map_err(|error| SyncError::BadResponse(error.to_string()))
}

pub async fn exchange<T: Transport>(
    net: &T,
    request: HttpRequest,
) -> Result<HttpResponse, SyncError> {
    let response = net.send(request).await?;
    if response.is_success() || response.status == 304 {
        Ok(response)
    } else {
        Err(classify(&response))
    }
}

pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, SyncError> {
    serde_json::to_string(value).map_err(|error| SyncError::BadResponse(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cannot_escape_their_path_segment() {
        assert_eq!(segment("0190a1b2-c3d4"), "0190a1b2-c3d4");
        assert_eq!(segment("../auth/session"), "..%2Fauth%2Fsession");
        assert_eq!(segment("a b?c#d"), "a%20b%3Fc%23d");
        assert_eq!(segment("网格"), "%E7%BD%91%E6%A0%BC");
        assert_eq!(segment(".."), "%2E%2E");
    }
}
