use serde::{Deserialize, Serialize};

/// The languages Yizhan speaks. Simplified Chinese is the default: it is what the
/// communities we serve read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-Hans")]
    ZhHans,
    #[serde(rename = "zh-Hant")]
    ZhHant,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::ZhHans, Lang::ZhHant, Lang::En];

    /// The BCP 47 tag, as written to `<html lang>` and to storage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
            Lang::En => "en",
        }
    }

    /// The language's own name for itself, so that a resident who cannot read the current
    /// language still finds theirs in the switch.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::ZhHans => "简体中文",
            Lang::ZhHant => "繁體中文",
            Lang::En => "English",
        }
    }

    /// Reads a BCP 47 tag as a browser reports it (`zh-CN`, `zh-TW`, `zh-Hant-HK`, `en-GB`…).
    /// Chinese without a script is read by region: Taiwan, Hong Kong and Macau write
    /// Traditional characters, everyone else Simplified.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let lower = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut parts = lower.split('-');
        match parts.next()? {
            "zh" => {
                let rest: Vec<&str> = parts.collect();
                if rest.contains(&"hant") {
                    Some(Lang::ZhHant)
                } else if rest.contains(&"hans") {
                    Some(Lang::ZhHans)
                } else if rest.iter().any(|p| matches!(*p, "tw" | "hk" | "mo")) {
                    Some(Lang::ZhHant)
                } else {
                    Some(Lang::ZhHans)
                }
            }
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of a first visit. Yizhan serves Chinese communities, so it opens in
    /// Chinese whatever the phone's interface language; the browser only decides which
    /// script, through its first Chinese preference. English is one tap away in settings.
    pub fn negotiate<S: AsRef<str>>(preferred: &[S]) -> Lang {
        preferred
            .iter()
            .filter_map(|tag| Lang::from_tag(tag.as_ref()))
            .find(|lang| *lang != Lang::En)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_regional_chinese_by_script_region() {
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_tag("zh"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_tag("zh-SG"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_tag("zh-TW"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_tag("zh_HK"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_tag("zh-Hant-CN"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_tag("zh-Hans-HK"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr-FR"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn a_first_visit_opens_in_chinese_in_the_browsers_script() {
        assert_eq!(Lang::negotiate(&["fr", "en-US", "zh-TW"]), Lang::ZhHant);
        assert_eq!(Lang::negotiate(&["en-US", "zh-CN", "zh-TW"]), Lang::ZhHans);
        assert_eq!(Lang::negotiate(&["en-US"]), Lang::ZhHans);
        assert_eq!(Lang::negotiate(&["de", "ja"]), Lang::ZhHans);
        assert_eq!(Lang::negotiate::<&str>(&[]), Lang::ZhHans);
    }

    #[test]
    fn stored_tags_read_back_as_the_same_language() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
    }

    proptest! {
        #[test]
        fn any_tag_reads_without_panicking(tag in "\\PC{0,24}") {
            let _ = Lang::from_tag(&tag);
        }
    }
}
