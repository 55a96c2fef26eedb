use super::Texts;

pub static TEXTS: Texts = Texts {
    app_name: "Yizhan",
    nav_label: "Main navigation",

    tab_home: "Home",
    tab_services: "Services",
    tab_orders: "Orders",
    tab_grid: "My grid",
    tab_volunteer: "Volunteer",
    settings: "Settings",

    home_title: "My community",
    home_empty: "No community information yet",
    home_empty_hint: "Once you are online and signed in, announcements, your orders and the nearest service station appear here.",
    services_title: "Service catalogue",
    services_empty: "The catalogue has not been downloaded yet",
    services_empty_hint: "Once you are online and signed in, you can browse the community's services and order them.",
    orders_title: "My orders",
    orders_empty: "No orders yet",
    orders_empty_hint: "Pick a service under Services to place an order, or make a micro-wish.",
    grid_title: "My grid",
    grid_empty: "No grid contacts yet",
    grid_empty_hint: "Once you are online and signed in, the phone numbers of your grid worker, community police and property manager appear here.",
    volunteer_title: "Volunteering",
    volunteer_empty: "No duty rota yet",
    volunteer_empty_hint: "Once you are online and signed in, the weekly volunteer rota appears here and you can sign up.",

    settings_language: "Language",
    settings_elder: "Elder mode",
    settings_elder_hint: "Bigger text, bigger buttons, read aloud",
    settings_not_saved: "This browser cannot save settings; they reset when the page is closed.",

    sync_all_sent: "All sent",
    sync_waiting: |n| {
        if n == 1 {
            "1 waiting to send".to_string()
        } else {
            format!("{n} waiting to send")
        }
    },
    sync_needs_attention: "Needs attention",

    not_found_title: "Page not found",
    not_found_back: "Back to home",
};
