use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};
use crate::i18n::{use_preferences, use_texts};
use crate::platform::speech;

/// 长辈版's read-aloud: reads the current screen's main text, where the browser can speak.
#[component]
pub fn ReadAloud() -> impl IntoView {
    let texts = use_texts();
    let prefs = use_preferences().prefs;
    let reading = RwSignal::new(false);
    let toggle = move |_| {
        if reading.get_untracked() {
            speech::stop();
            reading.set(false);
        } else {
            speech::speak(&speech::main_text(), prefs.get_untracked().lang.tag());
            reading.set(true);
        }
    };
    view! {
        <Show when=move || prefs.get().elder && speech::is_available()>
            <button type="button" class="button button--secondary read-aloud" on:click=toggle
                aria-pressed=move || reading.get().to_string()>
                <Icon name=IconName::Speaker />" "
                {move || if reading.get() { texts.get().stop_reading } else { texts.get().read_aloud }}
            </button>
        </Show>
    }
}
