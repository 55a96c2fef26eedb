use yizhan_core::prefs::{Preferences, ELDER_KEY, LANG_KEY, ROLE_KEY};
use yizhan_core::work::Side;

use super::web_storage::writable_local;

/// Preferences in `localStorage`: synchronous, so the very first paint is already in the
/// resident's language and size. Where storage is missing or refuses writes (Safari private
/// mode, some webviews), preferences live for the session only and `is_persistent` says so.
pub struct PrefsStore {
    storage: Option<web_sys::Storage>,
}

impl PrefsStore {
    pub fn open() -> PrefsStore {
        PrefsStore {
            storage: writable_local(),
        }
    }

    pub fn is_persistent(&self) -> bool {
        self.storage.is_some()
    }

    pub fn load(&self) -> Preferences {
        let read = |key| {
            self.storage
                .as_ref()
                .and_then(|s| s.get_item(key).ok().flatten())
        };
        Preferences::restore(
            read(LANG_KEY).as_deref(),
            read(ELDER_KEY).as_deref(),
            &super::navigator::browser_languages(),
        )
    }

    /// Best effort: a full or refusing storage keeps the choice for this session only, which
    /// the settings page already says when `is_persistent` is false.
    pub fn save(&self, prefs: &Preferences) {
        if let Some(storage) = &self.storage {
            for (key, value) in prefs.stored_values() {
                let _ = storage.set_item(key, value);
            }
        }
    }

    /// The role last chosen on this device; checked against the session where used.
    pub fn load_role(&self) -> Side {
        self.storage
            .as_ref()
            .and_then(|s| s.get_item(ROLE_KEY).ok().flatten())
            .and_then(|text| Side::parse(&text))
            .unwrap_or_default()
    }

    pub fn save_role(&self, role: Side) {
        if let Some(storage) = &self.storage {
            let _ = storage.set_item(ROLE_KEY, role.as_str());
        }
    }
}
