//! Handing the resident a file made in the page (the `.ics` of their shifts).

use wasm_bindgen::JsCast;

/// Offers `content` as a file named `name`; the phone opens it with its calendar.
pub fn offer(name: &str, mime: &str, content: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let parts = js_sys::Array::of1(&content.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let offered = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .map(|anchor| {
            anchor.set_href(&url);
            anchor.set_download(name);
            anchor.click();
        })
        .is_some();
    let _ = web_sys::Url::revoke_object_url(&url);
    offered
}
