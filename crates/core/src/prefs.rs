//! The resident's display preferences, and how they survive in key–value storage.

use crate::i18n::Lang;

/// Storage keys. Versioned by prefix so a later format can live beside this one.
pub const LANG_KEY: &str = "yizhan.v1.lang";
pub const ELDER_KEY: &str = "yizhan.v1.elder";
/// The role a user last acted in ([`crate::work::Side`]).
pub const ROLE_KEY: &str = "yizhan.v1.role";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Preferences {
    pub lang: Lang,
    /// 长辈版: big text, big targets, read-aloud.
    pub elder: bool,
}

impl Preferences {
    /// Rebuilds preferences from what storage held (`None` where it held nothing) and the
    /// browser's preferred languages, which only decide when nothing was stored. A value
    /// that storage mangled falls back rather than failing: settings must never stop the
    /// app from opening.
    pub fn restore<S: AsRef<str>>(
        stored_lang: Option<&str>,
        stored_elder: Option<&str>,
        browser_langs: &[S],
    ) -> Preferences {
        let lang = stored_lang
            .and_then(Lang::from_tag)
            .unwrap_or_else(|| Lang::negotiate(browser_langs));
        let elder = stored_elder == Some("1");
        Preferences { lang, elder }
    }

    /// The values to write under [`LANG_KEY`] and [`ELDER_KEY`].
    pub fn stored_values(&self) -> [(&'static str, &'static str); 2] {
        [
            (LANG_KEY, self.lang.tag()),
            (ELDER_KEY, if self.elder { "1" } else { "0" }),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(prefs: Preferences, key: &str) -> Option<&'static str> {
        prefs
            .stored_values()
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    }

    #[test]
    fn what_was_stored_restores_unchanged() {
        for lang in Lang::ALL {
            for elder in [false, true] {
                let prefs = Preferences { lang, elder };
                let back = Preferences::restore(
                    stored(prefs, LANG_KEY),
                    stored(prefs, ELDER_KEY),
                    &["en"],
                );
                assert_eq!(back, prefs);
            }
        }
    }

    #[test]
    fn a_first_visit_follows_the_browser_language() {
        let prefs = Preferences::restore(None, None, &["zh-TW", "en"]);
        assert_eq!(prefs.lang, Lang::ZhHant);
        assert!(!prefs.elder);
    }

    #[test]
    fn a_stored_choice_beats_the_browser_language() {
        let prefs = Preferences::restore(Some("en"), None, &["zh-TW"]);
        assert_eq!(prefs.lang, Lang::En);
    }

    #[test]
    fn mangled_storage_falls_back_instead_of_failing() {
        let prefs = Preferences::restore(Some("klingon"), Some("yes please"), &["zh-HK"]);
        assert_eq!(
            prefs,
            Preferences {
                lang: Lang::ZhHant,
                elder: false
            }
        );
    }
}
