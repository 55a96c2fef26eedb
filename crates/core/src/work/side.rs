//! The side of the order loop a user is acting on. One person may be a resident, a
//! volunteer and the community's dispatcher; the app shows one side at a time, chosen by
//! them. Administration is not a side of the loop: it is a [`Role`] without one.

use crate::model::Role;
use crate::sync::Session;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Side {
    /// Their own orders and wishes. Every user is a resident.
    #[default]
    Resident,
    /// Orders dispatched to them and wishes to claim.
    Volunteer,
    /// The community's queue.
    Dispatcher,
}

impl Side {
    /// The role that opens this side.
    pub fn role(self) -> Role {
        match self {
            Side::Resident => Role::Resident,
            Side::Volunteer => Role::Volunteer,
            Side::Dispatcher => Role::Dispatcher,
        }
    }

    /// How a preference stores the side: its role's spelling.
    pub fn as_str(self) -> &'static str {
        self.role().as_str()
    }

    /// The side a stored preference names, if it is one.
    pub fn parse(text: &str) -> Option<Side> {
        [Side::Resident, Side::Volunteer, Side::Dispatcher]
            .into_iter()
            .find(|side| side.as_str() == text)
    }

    /// The sides this user may act on, resident first. `staff_work`: whether the
    /// backend serves the staff's side of the loop (the volunteer's tasks, the
    /// dispatcher's queue). Where it does not, a volunteer is still one for the duty
    /// rota, but works the loop only as a resident.
    pub fn offered(session: &Session, staff_work: bool) -> Vec<Side> {
        let mut sides = vec![Side::Resident];
        if staff_work {
            sides.extend(
                [Side::Volunteer, Side::Dispatcher]
                    .into_iter()
                    .filter(|side| session.has_role(side.role())),
            );
        }
        sides
    }

    /// This side if the user holds its role, else resident's: roles can be taken away, and
    /// another person can sign in on the same phone.
    pub fn for_session(self, session: &Session, staff_work: bool) -> Side {
        if Side::offered(session, staff_work).contains(&self) {
            self
        } else {
            Side::Resident
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
            Side::offered(&session(&["resident"]), true),
            [Side::Resident]
        );
        let staff = session(&["resident", "dispatcher", "admin", "volunteer"]);
        assert_eq!(
            Side::offered(&staff, true),
            [Side::Resident, Side::Volunteer, Side::Dispatcher]
        );
        assert_eq!(
            Side::offered(&staff, false),
            [Side::Resident],
            "a backend without the staff's side"
        );
    }

    #[test]
    fn a_stored_role_the_user_no_longer_holds_falls_back_to_resident() {
        let volunteer = session(&["resident", "volunteer"]);
        assert_eq!(
            Side::Volunteer.for_session(&volunteer, true),
            Side::Volunteer
        );
        assert_eq!(
            Side::Dispatcher.for_session(&volunteer, true),
            Side::Resident
        );
        assert_eq!(
            Side::Volunteer.for_session(&volunteer, false),
            Side::Resident
        );
        assert_eq!(Side::parse("dispatcher"), Some(Side::Dispatcher));
        assert_eq!(
            Side::parse("admin"),
            None,
            "administration is not a side of the order loop"
        );
    }
}
