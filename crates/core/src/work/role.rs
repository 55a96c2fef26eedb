//! The role a user is acting in. One person may be a resident, a volunteer and the
//! community's dispatcher; the app shows one side at a time, chosen by them.

use crate::sync::Session;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Role {
    /// Their own orders and wishes. Every user is a resident.
    #[default]
    Resident,
    /// Orders dispatched to them and wishes to claim.
    Volunteer,
    /// The community's queue.
    Dispatcher,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Resident => "resident",
            Role::Volunteer => "volunteer",
            Role::Dispatcher => "dispatcher",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        [Role::Resident, Role::Volunteer, Role::Dispatcher]
            .into_iter()
            .find(|role| role.as_str() == text)
    }

    /// The roles this user may act in, resident first. `staff_work`: whether the
    /// backend serves the staff's side of the loop (the volunteer's tasks, the
    /// dispatcher's queue). Where it does not, a volunteer is still one for the duty
    /// rota, but works the loop only as a resident.
    pub fn offered(session: &Session, staff_work: bool) -> Vec<Role> {
        let mut roles = vec![Role::Resident];
        if staff_work {
            roles.extend(
                [Role::Volunteer, Role::Dispatcher]
                    .into_iter()
                    .filter(|role| session.has_role(role.as_str())),
            );
        }
        roles
    }

    /// This role if the user holds it, else resident: roles can be taken away, and
    /// another person can sign in on the same phone.
    pub fn for_session(self, session: &Session, staff_work: bool) -> Role {
        if Role::offered(session, staff_work).contains(&self) {
            self
        } else {
            Role::Resident
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(roles: &[&str]) -> Session {
        Session {
            token: "t".into(),
            user_id: "u".into(),
            name: String::new(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            grid_id: None,
            refresh_token: None,
        }
    }

    #[test]
    fn everyone_is_a_resident_and_staff_roles_come_from_the_session() {
        assert_eq!(
            Role::offered(&session(&["resident"]), true),
            [Role::Resident]
        );
        let staff = session(&["resident", "dispatcher", "admin", "volunteer"]);
        assert_eq!(
            Role::offered(&staff, true),
            [Role::Resident, Role::Volunteer, Role::Dispatcher]
        );
        assert_eq!(
            Role::offered(&staff, false),
            [Role::Resident],
            "a backend without the staff's side"
        );
    }

    #[test]
    fn a_stored_role_the_user_no_longer_holds_falls_back_to_resident() {
        let volunteer = session(&["resident", "volunteer"]);
        assert_eq!(
            Role::Volunteer.for_session(&volunteer, true),
            Role::Volunteer
        );
        assert_eq!(
            Role::Dispatcher.for_session(&volunteer, true),
            Role::Resident
        );
        assert_eq!(
            Role::Volunteer.for_session(&volunteer, false),
            Role::Resident
        );
        assert_eq!(Role::parse("dispatcher"), Some(Role::Dispatcher));
        assert_eq!(
            Role::parse("admin"),
            None,
            "administration is not a side of the order loop"
        );
    }
}
