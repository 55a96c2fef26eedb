//! Reading values the server itself wrote: JSON columns and enum strings, for every domain
//! module that stores them. A failure here means the database was edited by hand into
//! something the contract cannot express.

use serde::de::DeserializeOwned;

use crate::error::ApiError;

pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|error| ApiError::Stored(format!("{error}: {text}")))
}

/// An enum stored by its contract name (`"proxy"`, `"grid_worker"`).
pub fn parse_enum<T: DeserializeOwned>(name: &str) -> Result<T, ApiError> {
    from_json(&format!("\"{name}\""))
}

/// A value for a JSON column.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|error| ApiError::Stored(error.to_string()))
}
