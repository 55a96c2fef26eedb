//! `config.json`, served beside `index.html`: which backend profile the app speaks and
//! where. Only this file chooses the backend (design.md): never a link's query string,
//! which could point residents' phones at someone else's server.

use serde::Deserialize;

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProfileName {
    Yizhan,
    /// The npm `json-server` package (0.17): see `profiles::json_server`.
    JsonServer,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct AppConfig {
    pub profile: ProfileName,
    /// Relative to the page (`api/v1`) or absolute.
    pub base_url: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("config.json: {0}")]
pub struct ConfigError(String);

impl AppConfig {
    pub fn parse(text: &str) -> Result<AppConfig, ConfigError> {
        let config: AppConfig =
            serde_json::from_str(text).map_err(|error| ConfigError(error.to_string()))?;
        if config.base_url.trim().is_empty() {
            return Err(ConfigError("`base_url` is empty".into()));
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
    }
}
