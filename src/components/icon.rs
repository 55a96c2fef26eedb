use leptos::prelude::*;

/// The app's line icons (24×24, drawn with `currentColor` so they follow the text colour
/// and high-contrast modes). Always decorative: the control beside them carries the name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IconName {
    Home,
    Services,
    Orders,
    Grid,
    Volunteer,
    Settings,
}

impl IconName {
    fn path(self) -> &'static str {
        match self {
            IconName::Home => "M3 11 12 3l9 8M5 9.5V21h5v-6h4v6h5V9.5",
            IconName::Services => "M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z",
            IconName::Orders => "M6 3h12v18H6zM9 8h6M9 12h6M9 16h4",
            IconName::Grid => "M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21zM12 12.5a3 3 0 1 0 0-6 3 3 0 0 0 0 6z",
            IconName::Volunteer => "M12 20s-8-4.7-8-10.3A4.3 4.3 0 0 1 12 7a4.3 4.3 0 0 1 8 2.7C20 15.3 12 20 12 20z",
            IconName::Settings => "M12 15.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM19.4 13.5l1.8 1.4-2 3.4-2.2-.8a7.6 7.6 0 0 1-2 1.2l-.4 2.3h-4l-.4-2.3a7.6 7.6 0 0 1-2-1.2l-2.2.8-2-3.4 1.8-1.4a7.8 7.8 0 0 1 0-3L2.8 9.1l2-3.4 2.2.8a7.6 7.6 0 0 1 2-1.2L9.4 3h4l.4 2.3a7.6 7.6 0 0 1 2 1.2l2.2-.8 2 3.4-1.8 1.4a7.8 7.8 0 0 1 0 3z",
        }
    }
}

#[component]
pub fn Icon(name: IconName) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=name.path() />
        </svg>
    }
}
