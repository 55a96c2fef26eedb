use leptos::prelude::*;
use yizhan_core::routes::{Desk, Route, Tab};
use yizhan_core::work::Side;

use crate::components::{
    notices::Notices, read_aloud::ReadAloud, tab_bar::TabBar, top_bar::TopBar,
};
use crate::i18n::provide_preferences;
use crate::pages::{
    dispatch::DispatchPage, grid::GridPage, home::HomePage, new_wish::NewWishPage,
    not_found::NotFound, order::OrderPage, orders::OrdersPage, service::ServicePage,
    services::ServicesPage, settings::SettingsPage, sign_in::SignInPage, tasks::TasksPage,
    volunteer::VolunteerPage,
};
use crate::router::{provide_router, use_router};

/// Whether the browser has offered to install the app (`beforeinstallprompt`), heard
/// from the start because the browser offers it once, early.
#[derive(Clone, Copy)]
pub struct InstallOffer(pub RwSignal<bool>);

#[component]
pub fn App() -> impl IntoView {
    let install_offered = RwSignal::new(false);
    crate::platform::install::listen(move |offered| install_offered.set(offered));
    provide_context(InstallOffer(install_offered));
    provide_preferences();
    provide_router();
    let data = crate::data::provide_data();
    crate::acting_role::provide_acting_role(data);
    let acting = crate::acting_role::use_acting_role();
    // A memo: the role reads the session from the snapshot, and the page must be rebuilt
    // only when the role changes, not at every sync (that would drop a list's filter).
    let role = Memo::new(move |_| acting.get());
    let router = use_router();
    // A memo: a page is built anew when the place changes, not when only the thing it
    // shows does (`?id=`); its pages follow the id themselves, and keep their state.
    let route = Memo::new(move |_| router.route());

    let page = move || match route.get() {
        Route::Tab(Tab::Home) => HomePage().into_any(),
        Route::Tab(Tab::Services) => ServicesPage().into_any(),
        // The orders tab is the user's side of the order loop, by the role they act in.
        Route::Tab(Tab::Orders) => match role.get() {
            Side::Resident => OrdersPage().into_any(),
            Side::Volunteer => TasksPage().into_any(),
            Side::Dispatcher => DispatchPage().into_any(),
        },
        Route::Tab(Tab::Grid) => GridPage().into_any(),
        Route::Tab(Tab::Volunteer) => VolunteerPage().into_any(),
        Route::Settings => SettingsPage().into_any(),
        Route::SignIn => SignInPage().into_any(),
        Route::NewWish => NewWishPage().into_any(),
        Route::Service => ServicePage().into_any(),
        Route::Order => OrderPage().into_any(),
        Route::Check => crate::pages::check::CheckPage().into_any(),
        Route::Profile => crate::pages::profile::ProfilePage().into_any(),
        Route::Inbox => crate::pages::inbox::InboxPage().into_any(),
        Route::Activities => crate::pages::activities::ActivitiesPage().into_any(),
        Route::Appointments => crate::pages::appointments::AppointmentsPage().into_any(),
        Route::Desk(desk) => desk_page(desk),
        Route::NotFound => NotFound().into_any(),
    };

    view! {
        <TopBar />
        <main id="main" class="page">
            <Notices />
            <ReadAloud />
            {page}
        </main>
        <TabBar />
    }
}

/// A place of the staff's workbench: its pages in the workbench's build.
#[cfg(feature = "workbench")]
fn desk_page(desk: Desk) -> AnyView {
    crate::workbench::page(desk)
}

/// A place of the staff's workbench reached in a build without it: the loader picks the
/// workbench's build for these places on the reference server, so this is another
/// backend, which keeps its own admin tools.
#[cfg(not(feature = "workbench"))]
fn desk_page(_: Desk) -> AnyView {
    crate::pages::not_found::NoWorkbench().into_any()
}
