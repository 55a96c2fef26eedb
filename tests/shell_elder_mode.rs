//! Elder mode (长辈版) in a real browser: the switch enlarges the text for real (computed
//! style, not just a class), and a reopened app comes back in elder mode.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yizhan_core::prefs::ELDER_KEY;

wasm_bindgen_test_configure!(run_in_browser);

fn root_font_size_px() -> f64 {
    let window = web_sys::window().expect("window");
    let root = document().document_element().expect("root");
    let style = window
        .get_computed_style(&root)
        .ok()
        .flatten()
        .expect("computed style");
    style
        .get_property_value("font-size")
        .unwrap_or_default()
        .trim_end_matches("px")
        .parse()
        .unwrap_or(0.0)
}

fn install_stylesheet() {
    // The wasm test page has no index.html, so load the elder stylesheet the app ships.
    let style = document().create_element("style").expect("style");
    style.set_text_content(Some(include_str!("../style/elder.css")));
    document()
        .head()
        .expect("head")
        .append_child(&style)
        .expect("append style");
}

#[wasm_bindgen_test]
async fn elder_mode_enlarges_text_and_survives_a_restart() {
    fresh_page();
    install_stylesheet();
    yizhan::start();
    settle().await;
    let normal = root_font_size_px();
    assert!(!html_has_class("elder"));

    click(r#"a[href$="/settings"]"#);
    settle().await;
    let switch = document()
        .query_selector(r#"input[role="switch"]"#)
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
        .expect("elder switch");
    assert!(!switch.checked());
    switch.click();
    settle().await;

    assert!(html_has_class("elder"));
    let elder = root_font_size_px();
    assert!(elder >= 18.0, "elder body text is {elder}px, below 18px");
    assert!(
        elder > normal,
        "elder text {elder}px not larger than normal {normal}px"
    );
    assert_eq!(stored(ELDER_KEY).as_deref(), Some("1"));

    // Reopen: the stored choice applies before the resident touches anything.
    document()
        .document_element()
        .expect("root")
        .class_list()
        .remove_1("elder")
        .expect("reset class");
    fresh_root();
    yizhan::start();
    settle().await;
    assert!(html_has_class("elder"), "elder mode lost on restart");
}
