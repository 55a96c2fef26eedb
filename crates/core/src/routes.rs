//! The app's places, and where the app lives on its host.
//!
//! Every route is one path segment below the app's base, so that the relative asset URLs
//! in `index.html` resolve the same from any route: the app can be deployed under any
//! sub-path, by any static host, without rebuilding.

use crate::model::Role;

/// The five bottom tabs, in the order residents see them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tab {
    Home,
    Services,
    Orders,
    Grid,
    Volunteer,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Home,
        Tab::Services,
        Tab::Orders,
        Tab::Grid,
        Tab::Volunteer,
    ];
}

/// The community staff's workbench (工作台): its own build of the app, so none of it is
/// in a resident's download. Its places are `workbench` and `workbench-<part>`; the
/// loader picks the workbench build for them (scripts/choose-build.js).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Desk {
    /// The workbench's front page: its parts, as the person's roles allow.
    Home,
    /// The community's details (name, hotline, …).
    Community,
    /// The catalogue of services, with their questions.
    Services,
    /// Grids and the contacts posted in their buildings.
    Grids,
    /// Service stations: address, hours, amenities.
    Stations,
    /// An order or wish filed on a resident's behalf (事务代办): on a visit, at the
    /// counter, from the hotline.
    FileForResident,
    /// The duty rota: weekly series, who signed up, who came.
    Rota,
    /// People: roles, grid, active or not; volunteers' hours.
    People,
    /// Notices on residents' home page, each between its dates.
    Notices,
    /// An activity's door: checking people in by their code, offline too.
    Door,
    /// Activities: written, repeated, cancelled; the month's figures.
    Activities,
    /// Appointments: a day's bookings, marked done or no-show.
    Bookings,
}

impl Desk {
    pub const ALL: [Desk; 12] = [
        Desk::Home,
        Desk::Community,
        Desk::Services,
        Desk::Grids,
        Desk::Stations,
        Desk::FileForResident,
        Desk::Rota,
        Desk::People,
        Desk::Notices,
        Desk::Door,
        Desk::Activities,
        Desk::Bookings,
    ];

    /// Who the place is for: the server refuses the rest anyway, and the app shows it
    /// only to them. The front page is for whoever one of its parts is for (a test below
    /// keeps it so).
    pub fn open_to(self) -> &'static [Role] {
        match self {
            Desk::Community
            | Desk::Services
            | Desk::Grids
            | Desk::Stations
            | Desk::People
            | Desk::Notices => &[Role::Admin],
            Desk::Rota | Desk::Activities => &[Role::Dispatcher, Role::Admin],
            Desk::FileForResident | Desk::Home => {
                &[Role::GridWorker, Role::Dispatcher, Role::Admin]
            }
            Desk::Door | Desk::Bookings => &crate::activities::AT_THE_DOOR,
        }
    }

    /// Whether someone holding `roles` (as a session holds them) may use this place.
    pub fn open_to_any<S: AsRef<str>>(self, roles: &[S]) -> bool {
        self.open_to().iter().any(|role| role.held_in(roles))
    }

    fn segment(self) -> &'static str {
        match self {
            Desk::Home => "workbench",
            Desk::Community => "workbench-community",
            Desk::Services => "workbench-services",
            Desk::Grids => "workbench-grids",
            Desk::Stations => "workbench-stations",
            Desk::FileForResident => "workbench-file",
            Desk::Rota => "workbench-rota",
            Desk::People => "workbench-people",
            Desk::Notices => "workbench-notices",
            Desk::Door => "workbench-door",
            Desk::Activities => "workbench-activities",
            Desk::Bookings => "workbench-bookings",
        }
    }
}

/// A place in the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Route {
    Tab(Tab),
    Settings,
    SignIn,
    /// The micro-wish form (许个心愿).
    NewWish,
    /// One service and its order form; the service's id is in the query (`?id=`).
    Service,
    /// One order with its timeline; the order's id is in the query (`?id=`).
    Order,
    /// The backend check, for the engineer who connects a backend (not in the menus).
    Check,
    /// The signed-in person's own profile (我的资料).
    Profile,
    /// What the person was told (消息, issue 18).
    Inbox,
    /// The community's activities, by week: sign up, the line, the code for the door.
    Activities,
    /// What residents book in slots (预约): legal advice, a home visit, equipment, a room.
    Appointments,
    /// A place of the staff's workbench (its own build).
    Desk(Desk),
    NotFound,
}

impl Route {
    /// Every place a link can lead to.
    pub const LINKABLE: [Route; 27] = [
        Route::Tab(Tab::Home),
        Route::Tab(Tab::Services),
        Route::Tab(Tab::Orders),
        Route::Tab(Tab::Grid),
        Route::Tab(Tab::Volunteer),
        Route::Settings,
        Route::SignIn,
        Route::NewWish,
        Route::Service,
        Route::Order,
        Route::Check,
        Route::Profile,
        Route::Inbox,
        Route::Activities,
        Route::Appointments,
        Route::Desk(Desk::Home),
        Route::Desk(Desk::Community),
        Route::Desk(Desk::Services),
        Route::Desk(Desk::Grids),
        Route::Desk(Desk::Stations),
        Route::Desk(Desk::FileForResident),
        Route::Desk(Desk::Rota),
        Route::Desk(Desk::People),
        Route::Desk(Desk::Notices),
        Route::Desk(Desk::Door),
        Route::Desk(Desk::Activities),
        Route::Desk(Desk::Bookings),
    ];

    /// Whether this place is the workbench's: reached by loading the page, so that the
    /// loader picks the workbench build, never by the resident build's own routing.
    pub fn in_workbench(self) -> bool {
        matches!(self, Route::Desk(_))
    }

    /// The path segment below the app's base; empty for Home.
    pub fn segment(self) -> &'static str {
        match self {
            Route::Tab(Tab::Home) | Route::NotFound => "",
            Route::Tab(Tab::Services) => "services",
            Route::Tab(Tab::Orders) => "orders",
            Route::Tab(Tab::Grid) => "grid",
            Route::Tab(Tab::Volunteer) => "volunteer",
            Route::Settings => "settings",
            Route::SignIn => "sign-in",
            Route::NewWish => "wish",
            Route::Service => "service",
            Route::Order => "order",
            Route::Check => "check",
            Route::Profile => "profile",
            Route::Inbox => "inbox",
            Route::Activities => "activities",
            Route::Appointments => "appointments",
            Route::Desk(desk) => desk.segment(),
        }
    }

    /// The href of this place for an app mounted at `base` (see [`app_base`]).
    pub fn href(self, base: &str) -> String {
        format!("{base}/{}", self.segment())
    }

    /// The place a path leads to, for an app mounted at `base`. `None` when the path is
    /// outside the app (a link the browser should follow by itself).
    pub fn from_path(base: &str, pathname: &str) -> Option<Route> {
        let below = pathname.strip_prefix(base)?;
        if !(below.is_empty() || below.starts_with('/')) {
            return None; // `/yizhanx` is not under `/yizhan`
        }
        let segment = below.trim_matches('/');
        if segment.is_empty() || segment == "index.html" {
            return Some(Route::Tab(Tab::Home));
        }
        Some(
            Route::LINKABLE
                .into_iter()
                .find(|route| route.segment() == segment)
                .unwrap_or(Route::NotFound),
        )
    }
}

fn is_route_segment(segment: &str) -> bool {
    Route::LINKABLE
        .iter()
        .any(|route| !route.segment().is_empty() && route.segment() == segment)
}

/// The path the app is mounted under, without a trailing slash (`""` at the host's root),
/// read from the page's current path: the last segment is dropped when it is one of ours
/// (`/yizhan/orders` → `/yizhan`), or when it names a file (`/yizhan/index.html` → `/yizhan`).
pub fn app_base(pathname: &str) -> String {
    let path = pathname.trim_end_matches('/');
    let (dir, last) = match path.rfind('/') {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("", path),
    };
    if is_route_segment(last) || last.contains('.') {
        dir.to_string()
    } else {
        path.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn at_the_host_root_the_base_is_empty() {
        assert_eq!(app_base("/"), "");
        assert_eq!(app_base(""), "");
        assert_eq!(app_base("/orders"), "");
        assert_eq!(app_base("/settings"), "");
        assert_eq!(app_base("/index.html"), "");
    }

    #[test]
    fn under_a_sub_path_the_base_is_the_sub_path() {
        assert_eq!(app_base("/yizhan/"), "/yizhan");
        assert_eq!(app_base("/yizhan"), "/yizhan");
        assert_eq!(app_base("/street/yizhan/grid"), "/street/yizhan");
        assert_eq!(app_base("/street/yizhan/grid/"), "/street/yizhan");
        assert_eq!(app_base("/yizhan/index.html"), "/yizhan");
    }

    #[test]
    fn paths_lead_to_their_places() {
        assert_eq!(Route::from_path("", "/"), Some(Route::Tab(Tab::Home)));
        assert_eq!(Route::from_path("", "/grid"), Some(Route::Tab(Tab::Grid)));
        assert_eq!(Route::from_path("", "/grid/"), Some(Route::Tab(Tab::Grid)));
        assert_eq!(Route::from_path("/y", "/y"), Some(Route::Tab(Tab::Home)));
        assert_eq!(Route::from_path("/y", "/y/settings"), Some(Route::Settings));
        assert_eq!(Route::from_path("/y", "/y/nope"), Some(Route::NotFound));
        assert_eq!(Route::from_path("/y", "/elsewhere/grid"), None);
        assert_eq!(Route::from_path("/y", "/yz/grid"), None);
        assert_eq!(
            Route::from_path("/y", "/y/workbench-services"),
            Some(Route::Desk(Desk::Services))
        );
    }

    #[test]
    fn the_workbench_s_front_page_is_open_to_whoever_one_of_its_parts_is() {
        for role in Role::ALL {
            let some_part = Desk::ALL
                .into_iter()
                .filter(|desk| *desk != Desk::Home)
                .any(|desk| desk.open_to().contains(&role));
            assert_eq!(Desk::Home.open_to().contains(&role), some_part, "{role:?}");
        }
    }

    #[test]
    fn the_workbench_places_are_the_ones_the_loader_picks_its_build_for() {
        // scripts/choose-build.js picks the workbench build for paths that end in
        // `/workbench` or `/workbench-<part>`: every workbench place, and no other.
        let picks = |segment: &str| {
            segment == "workbench"
                || segment.strip_prefix("workbench-").is_some_and(|part| {
                    !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                })
        };
        for route in Route::LINKABLE {
            assert_eq!(picks(route.segment()), route.in_workbench(), "{route:?}");
        }
    }

    proptest! {
        #[test]
        fn every_place_round_trips_under_every_base(dirs in proptest::collection::vec("[a-z0-9-]{1,8}", 0..4)) {
            let base: String = dirs.iter().map(|d| format!("/{d}")).collect();
            prop_assume!(!dirs.iter().any(|d| is_route_segment(d)));
            for route in Route::LINKABLE {
                let href = route.href(&base);
                prop_assert_eq!(app_base(&href), base.clone());
                prop_assert_eq!(Route::from_path(&base, &href), Some(route));
            }
        }
    }
}
