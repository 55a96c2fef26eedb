//! When the app syncs by itself: at start (see `provide_data`), back online, shown again,
//! and every minute while open and visible.

use leptos::prelude::*;

use super::DataContext;
use crate::platform::events;

const PERIOD_MS: u32 = 60_000;

pub fn install(context: DataContext) {
    events::on_online(move || {
        context.online.set(true);
        context.sync_now();
    });
    events::on_visible(move || context.sync_due());
    events::every(PERIOD_MS, move || {
        context.online.set(events::is_online());
        if events::is_visible() {
            context.sync_due();
        }
    });
}
