//! The community's reference data: the community itself and its notices, its service
//! catalogue, its grids with their posted contacts, and its stations. Everyone signed in reads it; admins write
//! it, services, grids and stations whole under an id of their choosing ([`put`]).
//! Each resource has its reads (`services`) and its admin writes (`services_admin`); the
//! whole reads are kept serialised in memory while their tables do not change ([`cache`]).

pub mod cache;
pub mod community;
pub mod community_admin;
pub mod grids;
pub mod grids_admin;
pub mod notices;
pub mod notices_admin;
pub mod put;
pub mod services;
pub mod services_admin;
pub mod stations;
pub mod stations_admin;

use crate::error::ApiError;

/// The one record a by-id read found, or 404.
fn only<T>(mut found: Vec<T>) -> Result<T, ApiError> {
    found.pop().ok_or(ApiError::NotFound)
}
