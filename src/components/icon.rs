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
    Charging,
    Water,
    Umbrella,
    Toilet,
    FirstAid,
    Microwave,
    Reading,
    Rest,
    Speaker,
    Bell,
}

impl IconName {
    fn path(self) -> &'static str {
        match self {
            IconName::Home => "M3 11 12 3l9 8M5 9.5V21h5v-6h4v6h5V9.5",
            IconName::Services => "M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z",
            IconName::Orders => "M6 3h12v18H6zM9 8h6M9 12h6M9 16h4",
            IconName::Grid => "M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21zM12 12.5a3 3 0 1 0 0-6 3 3 0 0 0 0 6z",
            IconName::Volunteer => "M12 20s-8-4.7-8-10.3A4.3 4.3 0 0 1 12 7a4.3 4.3 0 0 1 8 2.7C20 15.3 12 20 12 20z",
            IconName::Charging => "M9 2v6M15 2v6M6 8h12v4a6 6 0 0 1-12 0zM12 18v4",
            IconName::Water => "M12 3s6 7 6 11a6 6 0 0 1-12 0c0-4 6-11 6-11z",
            IconName::Umbrella => "M3 12a9 9 0 0 1 18 0zM12 12v7a2 2 0 0 1-4 0",
            IconName::Toilet => "M8 7a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM16 7a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM6 21v-7H5l1-5h4l1 5h-1v7M14 21v-8l-1-4h6l-1 4v8",
            IconName::FirstAid => "M4 7h16v13H4zM9 7V4h6v3M12 10v7M8.5 13.5h7",
            IconName::Microwave => "M3 5h18v14H3zM6 8h9v8H6zM18 9v.01M18 13v.01",
            IconName::Reading => "M4 19V5a2 2 0 0 1 2-2h13v16H6a2 2 0 0 0-2 2zM9 7h6",
            IconName::Rest => "M5 11V5h14v6M3 11h18v3H3zM5 14v6M19 14v6",
            IconName::Bell => "M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0",
            IconName::Speaker => "M4 9h4l5-4v14l-5-4H4zM16 9a4 4 0 0 1 0 6M18.5 6.5a8 8 0 0 1 0 11",
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
