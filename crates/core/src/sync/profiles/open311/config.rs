//! What the `open311` profile needs beyond a base URL, as `config.json` carries it under
//! `open311`: the keys the city's server hands out, where the community is, and where
//! what GeoReport cannot express (the community, grid contacts, stations, shifts) comes
//! from, if anywhere.

use serde::Deserialize;

use crate::sync::config::AppConfig;

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Open311Settings {
    /// Sent with every new request, as GeoReport v2 requires for `POST`.
    pub api_key: String,
    /// Sent with every request where the server serves several jurisdictions.
    #[serde(default)]
    pub jurisdiction_id: Option<String>,
    /// The service a micro-wish (微心愿) is filed under; without it the app offers no wishes,
    /// since GeoReport knows only the city's own services.
    #[serde(default)]
    pub wish_service_code: Option<String>,
    /// Where the community is: sent for an order without an address, since most
    /// GeoReport servers refuse a request with no location at all.
    #[serde(default)]
    pub location: Option<Location>,
    /// A second backend for the community, grids, stations and shifts. Without one the
    /// app says those pages are not offered here.
    #[serde(default)]
    pub companion: Option<Box<AppConfig>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub lat: f64,
    pub long: f64,
}

impl Open311Settings {
    /// What `AppConfig::parse` adds to serde's checks, as (key, problem).
    pub fn check(&self) -> Result<(), (String, String)> {
        if self.api_key.trim().is_empty() {
            return Err(("open311.api_key".into(), "empty".into()));
        }
        if let Some(location) = self.location {
            if !(-90.0..=90.0).contains(&location.lat) {
                return Err(("open311.location.lat".into(), "not a latitude".into()));
            }
            if !(-180.0..=180.0).contains(&location.long) {
                return Err(("open311.location.long".into(), "not a longitude".into()));
            }
        }
        Ok(())
    }
}
