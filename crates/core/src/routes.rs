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

    /// The path segment below the app's base; empty for Home.
    pub fn segment(self) -> &'static str {
        match self {
            Tab::Home => "",
            Tab::Services => "services",
            Tab::Orders => "orders",
            Tab::Grid => "grid",
            Tab::Volunteer => "volunteer",
        }
    }
}

/// The settings page's segment.
pub const SETTINGS_SEGMENT: &str = "settings";

/// Every route segment the app knows, so the base can be told apart from the route.
fn is_route_segment(segment: &str) -> bool {
    segment == SETTINGS_SEGMENT
        || Tab::ALL
            .iter()
            .any(|tab| !tab.segment().is_empty() && tab.segment() == segment)
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
    if pathname.ends_with('/') && !is_route_segment(last) {
        return path.to_string();
    }
    if is_route_segment(last) || last.contains('.') || last.is_empty() {
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

    /// How the router composes an href: the base, then `/segment`.
    fn href(base: &str, segment: &str) -> String {
        format!("{base}/{segment}")
    }

    #[test]
    fn hrefs_land_on_routes_that_give_back_the_same_base() {
        for base in ["", "/yizhan", "/a/b"] {
            for tab in Tab::ALL {
                assert_eq!(app_base(&href(base, tab.segment())), base, "{base} {tab:?}");
            }
            assert_eq!(app_base(&href(base, SETTINGS_SEGMENT)), base);
        }
    }

    proptest! {
        #[test]
        fn every_base_survives_every_route(dirs in proptest::collection::vec("[a-z0-9-]{1,8}", 0..4)) {
            let base: String = dirs.iter().map(|d| format!("/{d}")).collect();
            prop_assume!(!dirs.iter().any(|d| is_route_segment(d)));
            for tab in Tab::ALL {
                prop_assert_eq!(app_base(&href(&base, tab.segment())), base.clone());
            }
        }
    }
}
