//! The app's places, and where the app lives on its host.
//!
//! Every route is one path segment below the app's base, so that the relative asset URLs
//! in `index.html` resolve the same from any route: the app can be deployed under any
//! sub-path, by any static host, without rebuilding.

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
    NotFound,
}

impl Route {
    /// Every place a link can lead to.
    pub const LINKABLE: [Route; 11] = [
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
    ];

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
