//! Sign-in by phone and one-time code (`sign_in`, `codes`, `sender`), and the bearer
//! tokens it hands out (`sessions`).

pub mod codes;
pub mod sender;
pub mod sessions;
pub mod sign_in;

use sha2::{Digest, Sha256};

/// Codes and tokens are stored as SHA-256 hex: enough for random secrets of this length,
/// which need no slow password hash.
pub fn digest(secret: &str) -> String {
    digest_bytes(secret.as_bytes())
}

/// SHA-256 of `bytes` in lowercase hex.
pub fn digest_bytes(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
