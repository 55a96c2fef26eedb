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
    /// Works the community's queue.
    Dispatcher,
    /// Keeps the community's catalogue, grids, stations, rota and users.
    Admin,
}

impl Role {
    /// Every role, in the order the contract lists them.
    pub const ALL: [Role; 4] = [
        Role::Resident,
        Role::Volunteer,
        Role::Dispatcher,
        Role::Admin,
    ];

    /// The contract's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Volunteer => "volunteer",
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
        assert!(Role::Admin.held_in(&["resident", "admin"]));
        assert!(!Role::Volunteer.held_in(&["resident", "admin"]));
    }
}
