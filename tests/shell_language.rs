//! The language switch, in a real browser: what a resident sees and what assistive
//! technology reads (`<html lang>`) follow the choice, and the choice survives a restart.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;
use yizhan_core::prefs::LANG_KEY;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_app_opens_in_simplified_chinese_and_switches_language_from_settings() {
    fresh_page();
    yizhan::start();
    settle().await;

    assert_eq!(html_lang(), "zh-Hans");
    let text = visible_text();
    for tab in ["首页", "服务", "订单", "网格", "志愿"] {
        assert!(text.contains(tab), "tab {tab} missing from: {text}");
    }
    assert_eq!(document().title(), "驿站");

    click(r#"a[href$="/settings"]"#);
    settle().await;
    assert!(visible_text().contains("长辈版"), "settings page not shown");

    click(r#"input[name="lang"][value="en"]"#);
    settle().await;
    assert_eq!(html_lang(), "en");
    let text = visible_text();
    for tab in ["Home", "Services", "Orders", "My grid", "Volunteer"] {
        assert!(text.contains(tab), "tab {tab} missing from: {text}");
    }
    assert!(
        !text.contains("首页"),
        "Chinese left on screen after switching: {text}"
    );
    assert_eq!(stored(LANG_KEY).as_deref(), Some("en"));

    click(r#"input[name="lang"][value="zh-Hant"]"#);
    settle().await;
    assert_eq!(html_lang(), "zh-Hant");
    let text = visible_text();
    assert!(
        text.contains("首頁") && text.contains("長輩版"),
        "not Traditional: {text}"
    );
    assert_eq!(document().title(), "驛站");
    assert_eq!(stored(LANG_KEY).as_deref(), Some("zh-Hant"));
}
