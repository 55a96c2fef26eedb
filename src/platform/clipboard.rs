//! Copying text (a grid worker's WeChat id) for the resident to paste in WeChat.

/// Resolves to whether the browser took the text. Old webviews without the async
/// clipboard say no, and the id stays on screen to copy by hand.
pub async fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok();
    if clipboard.is_none_or(|c| c.is_undefined()) {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
