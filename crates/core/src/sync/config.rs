//! `config.json`, served beside `index.html`: which backend profile the app speaks and
//! where. Only this file chooses the backend (design.md): never a link's query string,
//! which could point residents' phones at someone else's server.

use serde::Deserialize;

#[cfg(feature = "mapped")]
use crate::sync::profiles::mapped::config::Mapping;
#[cfg(feature = "open311")]
use crate::sync::profiles::open311::config::Open311Settings;

/// A build without the `mapped` profile reads past a description, then refuses the
/// profile (`AppConfig::parse`).
#[cfg(not(feature = "mapped"))]
pub type Mapping = serde::de::IgnoredAny;
/// Likewise without the `open311` profile.
#[cfg(not(feature = "open311"))]
pub type Open311Settings = serde::de::IgnoredAny;

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

impl ProfileName {
    /// The name `config.json` uses.
    pub fn as_str(&self) -> &'static str {
        match self {
            ProfileName::Yizhan => "yizhan",
            ProfileName::JsonServer => "json-server",
            ProfileName::Mapped => "mapped",
            ProfileName::Open311 => "open311",
        }
    }

    /// Whether this build of the crate carries the profile (its cargo feature is on).
    pub fn in_this_build(&self) -> bool {
        match self {
            ProfileName::Yizhan => true,
            ProfileName::JsonServer => cfg!(feature = "json-server"),
            ProfileName::Mapped => cfg!(feature = "mapped"),
            ProfileName::Open311 => cfg!(feature = "open311"),
        }
    }
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
        if !self.profile.in_this_build() {
            return Err(ConfigError(format!(
                "profile: this build does not carry {}",
                self.profile.as_str()
            )));
        }
        match (&self.profile, &self.mapping) {
            (ProfileName::Mapped, None) => {
                return Err(ConfigError("mapping: the mapped profile needs one".into()))
            }
            #[cfg(feature = "mapped")]
            (ProfileName::Mapped, Some(mapping)) => mapping
                .check()
                .map_err(|error| ConfigError(format!("{}: {}", error.key, error.problem)))?,
            _ => {}
        }
        match (&self.profile, &self.open311) {
            (ProfileName::Open311, None) => {
                Err(ConfigError("open311: the open311 profile needs one".into()))
            }
            #[cfg(feature = "open311")]
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
        if cfg!(feature = "json-server") {
            let json_server =
                AppConfig::parse(r#"{"profile":"json-server","base_url":"http://127.0.0.1:3000"}"#)
                    .expect("ok");
            assert_eq!(json_server.profile, ProfileName::JsonServer);
        }
        if cfg!(feature = "mapped") {
            let unmapped = AppConfig::parse(r#"{"profile":"mapped","base_url":"/x"}"#).unwrap_err();
            assert!(unmapped.to_string().contains("mapping"), "{unmapped}");
        }
        let typo = AppConfig::parse(r#"{"profile":"yizhan","base_url":"api/v1","baseurl":"x"}"#)
            .unwrap_err();
        assert!(typo.to_string().contains("baseurl"), "{typo}");
    }

    /// The build for the reference server (`--no-default-features`) carries no other
    /// profile: a config naming one is refused, by name, not run as the contract's.
    /// (`make test` runs this with `cargo test -p yizhan-core --no-default-features`.)
    #[cfg(not(any(feature = "json-server", feature = "mapped", feature = "open311")))]
    #[test]
    fn a_profile_left_out_of_the_build_is_refused_by_name() {
        let texts = [
            (
                "json-server",
                r#"{"profile":"json-server","base_url":"api"}"#,
            ),
            (
                "mapped",
                r#"{"profile":"mapped","base_url":"api","mapping":{}}"#,
            ),
            (
                "open311",
                r#"{"profile":"open311","base_url":"api","open311":{}}"#,
            ),
        ];
        for (name, text) in texts {
            let error = AppConfig::parse(text).expect_err("a profile this build does not carry");
            let said = error.to_string();
            assert!(
                said.contains("does not carry") && said.contains(name),
                "{said}"
            );
        }
    }
}
