//! What a resident shows at an activity's door: the check-in code as a QR code for the
//! staff's phone to scan, and in letters big enough to read out (bigger still in elder
//! mode). Drawn on the device from the code it holds, so it shows offline.

use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};

use crate::i18n::use_texts;

/// The dark modules of `text`'s QR code as one SVG path, and the code's size in modules
/// (a quiet zone of four around it is the viewBox's); `None` if it cannot be encoded.
fn qr_path(text: &str) -> Option<(String, i32)> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    Some((path, size))
}

/// The check-in code `code`, as a QR code and in letters.
#[component]
pub fn CheckInPass(code: String, #[prop(optional)] checked_in: bool) -> impl IntoView {
    let texts = use_texts();
    let drawn = qr_path(&code);
    let spoken = code.clone();
    view! {
        <div class="pass" data-testid="check-in-pass">
            <p class="pass__label">{move || texts.get().activity_code}</p>
            {drawn.map(|(path, size)| {
                let side = size + 8;
                view! {
                    <svg class="pass__qr" viewBox=format!("0 0 {side} {side}") role="img"
                        aria-label=move || (texts.get().activity_code_spoken)(&spoken)
                        shape-rendering="crispEdges">
                        <rect width=side height=side fill="#fff" />
                        <path d=path fill="#000" />
                    </svg>
                }
            })}
            <p class="pass__code" data-testid="check-in-code" aria-hidden="true">{code}</p>
            {if checked_in {
                view! { <p class="delivery delivery--sent">{move || texts.get().activity_checked_in}</p> }.into_any()
            } else {
                view! { <p class="pass__hint">{move || texts.get().activity_code_hint}</p> }.into_any()
            }}
        </div>
    }
}
