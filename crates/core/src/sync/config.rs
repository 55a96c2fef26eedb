//! `config.json`, served beside `index.html`: which backend profile the app speaks and
//! where. Only this file chooses the backend (design.md): never a link's query string,
//! which could point residents' phones at someone else's server.

use serde::Deserialize;

use crate::sync::profiles::mapped::config::Mapping;
use crate::sync::profiles::open311::config::Open311Settings;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProfileName {
    Yizhan,
    /// The npm `json-server` package (0.17): see `profiles::json_server`.
    JsonServer,
    /// Any REST backend, described under `mapping`: see `profiles::mapped`.
    Mapped,
    /// A city's GeoReport v2 server, settings under `open311`: see `profiles::open311`.
    Open311,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppConfig {
    pub profile: ProfileName,
    /// Relative to the page (`api/v1`) or absolute.
    pub base_url: String,
    /// The backend's description, for the `mapped` profile.
    #[serde(default)]
    pub mapping: Option<Mapping>,
    /// The keys and companion backend, for the `open311` profile.
    #[serde(default)]
    pub open311: Option<Open311Settings>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("config.json: {0}")]
pub struct ConfigError(String);

impl AppConfig {
    /// Reads and checks the file; an error names the key that is wrong, as a path
    /// (`mapping.orders.list.path`).
    pub fn parse(text: &str) -> Result<AppConfig, ConfigError> {
        let mut reader = serde_json::Deserializer::from_str(text);
        let config: AppConfig = serde_path_to_error::deserialize(&mut reader).map_err(|error| {
            let key = error.path().to_string();
            ConfigError(format!("{key}: {}", error.into_inner()))
        })?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), ConfigError> {
        if self.base_url.trim().is_empty() {
            return Err(ConfigError("base_url: empty".into()));
        }
        match (&self.profile, &self.mapping) {
            (ProfileName::Mapped, None) => {
                return Err(ConfigError("mapping: the mapped profile needs one".into()))
            }
            (ProfileName::Mapped, Some(mapping)) => mapping
                .check()
                .map_err(|error| ConfigError(format!("{}: {}", error.key, error.problem)))?,
            _ => {}
        }
        match (&self.profile, &self.open311) {
            (ProfileName::Open311, None) => {
                Err(ConfigError("open311: the open311 profile needs one".into()))
            }
            (ProfileName::Open311, Some(settings)) => {
                settings
                    .check()
                    .map_err(|(key, problem)| ConfigError(format!("{key}: {problem}")))?;
                match &settings.companion {
                    Some(companion) if companion.profile == ProfileName::Open311 => Err(
                        ConfigError("open311.companion.profile: not open311 again".into()),
                    ),
                    Some(companion) => companion.check().map_err(|ConfigError(inner)| {
                        ConfigError(format!("open311.companion.{inner}"))
                    }),
                    None => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }
}

impl Default for AppConfig {
    /// What the reference server serves: the contract, beside the app.
    fn default() -> AppConfig {
        AppConfig {
            profile: ProfileName::Yizhan,
            base_url: "api/v1".into(),
            mapping: None,
            open311: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shipped_config_and_names_what_is_wrong() {
        let config = AppConfig::parse(r#"{"profile":"yizhan","base_url":"api/v1"}"#).expect("ok");
        assert_eq!(config, AppConfig::default());
        let unknown = AppConfig::parse(r#"{"profile":"soap","base_url":"x"}"#).unwrap_err();
        assert!(unknown.to_string().contains("soap"), "{unknown}");
        assert!(AppConfig::parse(r#"{"profile":"yizhan","base_url":" "}"#).is_err());
        let json_server =
            AppConfig::parse(r#"{"profile":"json-server","base_url":"http://127.0.0.1:3000"}"#)
                .expect("ok");
        assert_eq!(json_server.profile, ProfileName::JsonServer);
        let unmapped = AppConfig::parse(r#"{"profile":"mapped","base_url":"/x"}"#).unwrap_err();
        assert!(unmapped.to_string().contains("mapping"), "{unmapped}");
        let typo = AppConfig::parse(r#"{"profile":"yizhan","base_url":"api/v1","baseurl":"x"}"#)
            .unwrap_err();
        assert!(typo.to_string().contains("baseurl"), "{typo}");
    }
}
