/// The path the app is mounted under, read from the address bar (see `yizhan_core::routes`).
pub fn app_base() -> String {
    let pathname = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    yizhan_core::routes::app_base(&pathname)
}

/// The browser's preferred languages, most preferred first.
pub fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let listed: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    if listed.is_empty() {
        // Older webviews only have the single `navigator.language`.
        navigator.language().into_iter().collect()
    } else {
        listed
    }
}
