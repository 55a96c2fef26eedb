//! Read-aloud for elder mode (`speechSynthesis`), where the browser has it.

use js_sys::Reflect;

fn synthesis() -> Option<web_sys::SpeechSynthesis> {
    let window = web_sys::window()?;
    let present = Reflect::get(&window, &"speechSynthesis".into()).ok()?;
    if present.is_undefined() || present.is_null() {
        return None;
    }
    window.speech_synthesis().ok()
}

pub fn is_available() -> bool {
    synthesis().is_some()
}

/// Reads `text` in `lang` (a BCP 47 tag), replacing whatever was being read.
pub fn speak(text: &str, lang: &str) {
    if let Some(synthesis) = synthesis() {
        synthesis.cancel();
        if let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) {
            utterance.set_lang(lang);
            // A little slower than default: easier to follow for older listeners.
            utterance.set_rate(0.9);
            synthesis.speak(&utterance);
        }
    }
}

pub fn stop() {
    if let Some(synthesis) = synthesis() {
        synthesis.cancel();
    }
}

/// The text of the page's main region, as a listener should hear it.
pub fn main_text() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|main| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(main).ok())
        .map(|main| main.inner_text())
        .unwrap_or_default()
}
