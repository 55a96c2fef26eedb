//! Who is signed in on this device, as the engine needs it: the token for requests, and
//! the user and roles for deciding whether a step still applies after a conflict.

use serde::{Deserialize, Serialize};

use crate::lifecycle::Actor;
use crate::model::{Order, Role};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    pub user_id: String,
    /// For greeting the resident; older stored sessions may lack it.
    #[serde(default)]
    pub name: String,
    pub roles: Vec<String>,
    /// The resident's grid (网格), whose contacts come first.
    #[serde(default)]
    pub grid_id: Option<String>,
    /// Renews `token` when it expires, where the backend gives one (never sent to the
    /// reference server, which keeps sessions itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// The signed-in user as a backend says who they are (the contract's `/auth/session` and
/// `/me`; each profile reads its backend's answer into it).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SessionUser {
    pub id: String,
    pub name: String,
    pub roles: Vec<String>,
    #[serde(default)]
    pub grid_id: Option<String>,
}

impl Session {
    pub fn has_role(&self, role: Role) -> bool {
        role.held_in(&self.roles)
    }

    /// How this user stands to `order`.
    pub fn actor_on(&self, order: &Order) -> Actor {
        Actor {
            is_owner: order.owner_id == self.user_id,
            is_assignee: order
                .assignee
                .as_ref()
                .is_some_and(|a| a.id == self.user_id),
            is_volunteer: self.has_role(Role::Volunteer),
            is_dispatcher: self.has_role(Role::Dispatcher),
            filed_as: order
                .filed_by
                .as_ref()
                .filter(|filer| filer.id == self.user_id)
                .and_then(|_| Role::filing_for_others(&self.roles)),
        }
    }
}
