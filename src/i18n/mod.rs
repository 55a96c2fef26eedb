//! The reactive side of translations and display preferences: the strings themselves live
//! in `yizhan_core::i18n`.

use leptos::prelude::*;
use yizhan_core::i18n::{texts, Texts};
use yizhan_core::prefs::Preferences;

use crate::platform;

/// The resident's preferences, shared by every component.
#[derive(Clone, Copy)]
pub struct PreferencesContext {
    pub prefs: RwSignal<Preferences>,
    /// False when the browser refused to store them (private mode, some webviews).
    pub persisted: bool,
}

/// Loads the stored preferences and keeps the document (`<html lang>`, elder mode) and
/// storage in step with every change.
pub fn provide_preferences() {
    let store = platform::prefs_store::PrefsStore::open();
    let prefs = RwSignal::new(store.load());
    let persisted = store.is_persistent();
    Effect::new(move || {
        let current = prefs.get();
        platform::document::apply_preferences(&current, texts(current.lang));
        store.save(&current);
    });
    provide_context(PreferencesContext { prefs, persisted });
}

pub fn use_preferences() -> PreferencesContext {
    expect_context::<PreferencesContext>()
}

/// The strings of the current language; re-read whenever the language changes.
pub fn use_texts() -> Signal<&'static Texts> {
    let prefs = use_preferences().prefs;
    Signal::derive(move || texts(prefs.get().lang))
}
