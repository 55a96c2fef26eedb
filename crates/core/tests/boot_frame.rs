//! The frame `index.html` draws before the app's wasm arrives says what the app will say,
//! in each of its languages: the words come from `Texts`, so a change there that the
//! frame does not follow fails here rather than flickering on residents' phones.

use yizhan_core::i18n::{texts, Lang};

const INDEX_HTML: &str = include_str!("../../../index.html");

#[test]
fn the_frame_says_what_the_app_says_in_every_language() {
    for lang in [Lang::ZhHans, Lang::ZhHant, Lang::En] {
        let texts = texts(lang);
        for words in [
            texts.app_name,
            texts.loading,
            texts.tab_home,
            texts.tab_services,
            texts.tab_orders,
            texts.tab_grid,
            texts.tab_volunteer,
        ] {
            let span = format!("<span lang=\"{}\">{words}</span>", lang.tag());
            assert!(INDEX_HTML.contains(&span), "index.html lacks {span}");
        }
    }
}
