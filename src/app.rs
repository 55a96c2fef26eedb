use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::{tab_bar::TabBar, top_bar::TopBar};
use crate::i18n::provide_preferences;
use crate::pages::{
    grid::GridPage, home::HomePage, not_found::NotFound, orders::OrdersPage,
    services::ServicesPage, settings::SettingsPage, volunteer::VolunteerPage,
};
use crate::platform;

#[component]
pub fn App() -> impl IntoView {
    provide_preferences();
    let base = platform::location::app_base();

    view! {
        <Router base=base>
            <TopBar />
            <main id="main" class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/services") view=ServicesPage />
                    <Route path=path!("/orders") view=OrdersPage />
                    <Route path=path!("/grid") view=GridPage />
                    <Route path=path!("/volunteer") view=VolunteerPage />
                    <Route path=path!("/settings") view=SettingsPage />
                </Routes>
            </main>
            <TabBar />
        </Router>
    }
}
