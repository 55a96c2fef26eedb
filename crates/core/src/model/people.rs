//! People as the community's dispatcher chooses among them.

use serde::{Deserialize, Serialize};

/// A volunteer in the list of `GET /users?role=volunteer`: who is on shift right now and
/// how many open orders they already carry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Volunteer {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub grid_id: Option<String>,
    #[serde(default)]
    pub on_shift_now: bool,
    #[serde(default)]
    pub open_orders: u32,
}

/// A volunteer's record of service (`GET /me/record`, an extension of the contract):
/// shifts served to their end, and orders they completed, with the time each took. An
/// order's time runs from "start" to "complete"; one completed without being started
/// counts, with no time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceRecord {
    pub shifts: u32,
    pub shift_minutes: u32,
    pub orders: u32,
    pub order_minutes: u32,
}

impl ServiceRecord {
    /// Minutes as hours with one decimal, as volunteer records are kept (2.5 小时).
    pub fn hours(minutes: u32) -> String {
        let tenths = (minutes * 10 + 30) / 60;
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_kept_to_a_tenth() {
        assert_eq!(ServiceRecord::hours(0), "0.0");
        assert_eq!(ServiceRecord::hours(150), "2.5");
        assert_eq!(ServiceRecord::hours(119), "2.0");
        assert_eq!(ServiceRecord::hours(20), "0.3");
    }
}

/// Someone in the community as staff find them (`GET /users`): who they are, their roles
/// and grid, whether they can still sign in; for volunteers, their load and minutes of
/// service. The phone comes whole to admins only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub phone_masked: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub grid_id: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default = "active_unless_said")]
    pub active: bool,
    #[serde(default)]
    pub on_shift_now: bool,
    #[serde(default)]
    pub open_orders: u32,
    #[serde(default)]
    pub service_minutes: Option<u32>,
    /// The year of birth the community holds (admins see it).
    #[serde(default)]
    pub birth_year: Option<i32>,
}

fn active_unless_said() -> bool {
    true
}

/// A page of [`Person`]: the first found by name; `has_more` when the search should be
/// narrower.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct People {
    pub items: Vec<Person>,
    #[serde(default)]
    pub has_more: bool,
}
