//! Time, chance and ids in the browser.

use yizhan_core::sync::Env;

#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserEnv;

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // Old webviews without Web Crypto: Math.random is enough to keep ids apart.
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// The device's clock, for profiles whose backend keeps no time of its own.
pub fn now_ms() -> i64 {
    BrowserEnv.now_ms()
}

impl Env for BrowserEnv {
    fn now_ms(&self) -> i64 {
        js_sys::Date::now() as i64
    }

    fn random_unit(&self) -> f64 {
        js_sys::Math::random()
    }

    /// A UUID v7: time-ordered, so the server's index stays compact.
    fn new_id(&self) -> String {
        let millis = u64::try_from(self.now_ms()).unwrap_or(0);
        uuid::Builder::from_unix_timestamp_millis(millis, &random_bytes::<10>())
            .into_uuid()
            .to_string()
    }
}
