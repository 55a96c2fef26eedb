use yizhan_core::i18n::Texts;
use yizhan_core::prefs::Preferences;

/// The class on `<html>` that switches the stylesheet to elder mode (style/elder.css).
const ELDER_CLASS: &str = "elder";

/// Reflects preferences where the browser and assistive technology read them: `<html lang>`
/// picks the right CJK glyphs and screen-reader voice, the title names the app.
pub fn apply_preferences(prefs: &Preferences, texts: &Texts) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", prefs.lang.tag());
        let _ = root
            .class_list()
            .toggle_with_force(ELDER_CLASS, prefs.elder);
    }
    document.set_title(texts.app_name);
}
