//! `config.json`, served beside `index.html`: which backend profile the app speaks and
//! where. Only this file chooses the backend (design.md): never a link's query string,
//! which could point residents' phones at someone else's server.

use serde::Deserialize;

use crate::sync::profiles::mapped_config::Mapping;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProfileName {
    Yizhan,
    /// The npm `json-server` package (0.17): see `profiles::json_server`.
    JsonServer,
    /// Any REST backend, described under `mapping`: see `profiles::mapped`.
    Mapped,
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
        if config.base_url.trim().is_empty() {
            return Err(ConfigError("base_url: empty".into()));
        }
        match (&config.profile, &config.mapping) {
            (ProfileName::Mapped, None) => {
                return Err(ConfigError("mapping: the mapped profile needs one".into()))
            }
            (ProfileName::Mapped, Some(mapping)) => mapping
                .check()
                .map_err(|error| ConfigError(format!("{}: {}", error.key, error.problem)))?,
            _ => {}
        }
        Ok(config)
    }
}

impl Default for AppConfig {
    /// What the reference server serves: the contract, beside the app.
    fn default() -> AppConfig {
        AppConfig {
            profile: ProfileName::Yizhan,
            base_url: "api/v1".into(),
            mapping: None,
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
