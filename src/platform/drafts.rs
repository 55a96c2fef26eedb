//! What a resident has typed into a form and not yet sent, kept in `localStorage` so a
//! reload, a crash or going offline does not lose it. Best effort: where storage refuses,
//! the draft lives as long as the page.

const PREFIX: &str = "yizhan.v1.draft.";

use super::web_storage::local as storage;

pub fn load(form: &str) -> Option<String> {
    storage()?
        .get_item(&format!("{PREFIX}{form}"))
        .ok()
        .flatten()
}

pub fn save(form: &str, json: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(&format!("{PREFIX}{form}"), json);
    }
}

pub fn clear(form: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&format!("{PREFIX}{form}"));
    }
}
