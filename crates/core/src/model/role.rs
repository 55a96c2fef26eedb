//! The roles the contract knows. A user holds any number of them; servers and backends
//! send them as lowercase strings, and a backend may send roles this app has no use for,
//! so sessions keep the strings and ask [`Role`] questions of them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Every user: their own orders and wishes, the rota.
    Resident,
    /// Takes orders dispatched to them, claims wishes, signs up for shifts.
    Volunteer,
    /// 网格员: looks after the residents of a grid; registers those without an account
    /// and files orders on their behalf (by phone, on a visit, at the counter).
    #[serde(rename = "grid_worker")]
    GridWorker,
    /// Works the community's queue.
    Dispatcher,
    /// Keeps the community's catalogue, grids, stations, rota and users.
    Admin,
}

impl Role {
    /// Every role, in the order the contract lists them.
    pub const ALL: [Role; 5] = [
        Role::Resident,
        Role::Volunteer,
        Role::GridWorker,
        Role::Dispatcher,
        Role::Admin,
    ];

    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Volunteer => "volunteer",
            Role::GridWorker => "grid_worker",
            Role::Dispatcher => "dispatcher",
            Role::Admin => "admin",
        }
    }

    /// The role spelled `text`, if the contract knows one.
    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }

    /// Whether `roles` (as a session or a user record holds them) include this one.
    pub fn held_in<S: AsRef<str>>(self, roles: &[S]) -> bool {
        roles.iter().any(|held| held.as_ref() == self.as_str())
    }

    /// The role someone holding `roles` files an order in on a resident's behalf (事务代办),
    /// as the order's timeline records it: a grid worker's first, then a dispatcher's,
    /// then an admin's. `None`: they may not file for anyone else.
    pub fn filing_for_others<S: AsRef<str>>(roles: &[S]) -> Option<Role> {
        [Role::GridWorker, Role::Dispatcher, Role::Admin]
            .into_iter()
            .find(|role| role.held_in(roles))
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_round_trips_and_unknown_roles_are_none() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(
                serde_json::to_string(&role).ok(),
                Some(format!("\"{role}\""))
            );
        }
        assert_eq!(Role::parse("superuser"), None);
        assert_eq!(Role::parse("grid_worker"), Some(Role::GridWorker));
        assert!(Role::Admin.held_in(&["resident", "admin"]));
        assert!(!Role::Volunteer.held_in(&["resident", "admin"]));
    }

    #[test]
    fn grid_workers_dispatchers_and_admins_file_for_others_residents_do_not() {
        assert_eq!(Role::filing_for_others(&["resident"]), None);
        assert_eq!(Role::filing_for_others(&["resident", "volunteer"]), None);
        assert_eq!(
            Role::filing_for_others(&["resident", "admin", "grid_worker"]),
            Some(Role::GridWorker)
        );
        assert_eq!(
            Role::filing_for_others(&["resident", "dispatcher", "admin"]),
            Some(Role::Dispatcher)
        );
        assert_eq!(Role::filing_for_others(&["admin"]), Some(Role::Admin));
    }
}
