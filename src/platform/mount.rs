use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The element `index.html` reserves for the app; it holds a loading message that is only
/// seen until the wasm starts (or, where WebAssembly is missing, for good).
const ROOT_ID: &str = "app";

pub fn mount_app<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(ROOT_ID))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    match root {
        Some(root) => {
            root.set_inner_html("");
            leptos::mount::mount_to(root, app).forget();
        }
        // A host page without our root (an old cached index.html): still show the app.
        None => leptos::mount::mount_to_body(app),
    }
}
