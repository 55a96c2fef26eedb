//! Building blocks shared by the pages. One file a component.

pub mod activity_card;
pub mod bookable_card;
pub mod check_in_pass;
pub mod contact_card;
pub mod credentials;
pub mod empty_state;
pub mod field;
pub mod grid_select;
pub mod icon;
pub mod month_summary;
pub mod notices;
pub mod order_row;
pub mod parked_step;
pub mod reach_panel;
pub mod read_aloud;
pub mod role_switch;
pub mod service_record;
pub mod station_card;
pub mod sync_badge;
pub mod tab_bar;
pub mod top_bar;
pub mod update_banner;
