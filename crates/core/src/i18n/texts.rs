/// One language's strings. Adding a field forces every language to provide it.
pub struct Texts {
    pub app_name: &'static str,
    pub nav_label: &'static str,

    pub tab_home: &'static str,
    pub tab_services: &'static str,
    pub tab_orders: &'static str,
    pub tab_grid: &'static str,
    pub tab_volunteer: &'static str,
    pub settings: &'static str,

    pub home_title: &'static str,
    pub home_empty: &'static str,
    pub home_empty_hint: &'static str,
    pub services_title: &'static str,
    pub services_empty: &'static str,
    pub services_empty_hint: &'static str,
    pub orders_title: &'static str,
    pub orders_empty: &'static str,
    pub orders_empty_hint: &'static str,
    pub grid_title: &'static str,
    pub grid_empty: &'static str,
    pub grid_empty_hint: &'static str,
    pub volunteer_title: &'static str,
    pub volunteer_empty: &'static str,
    pub volunteer_empty_hint: &'static str,

    pub settings_language: &'static str,
    pub settings_elder: &'static str,
    pub settings_elder_hint: &'static str,
    pub settings_not_saved: &'static str,

    pub sync_all_sent: &'static str,
    pub sync_waiting: fn(usize) -> String,
    pub sync_needs_attention: &'static str,

    pub not_found_title: &'static str,
    pub not_found_back: &'static str,
}
