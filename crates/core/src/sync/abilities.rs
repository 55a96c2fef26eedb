//! What a backend lets the app offer, so that screens show only what can reach it and
//! say why the rest is missing rather than showing it empty.

use crate::sync::backend::Reference;

#[derive(Clone, Debug, PartialEq)]
pub struct Abilities {
    /// Signing in takes a code sent to the phone.
    pub needs_code: bool,
    /// Signing in takes the person's password at the backend.
    pub needs_password: bool,
    /// A volunteer's shifts come as an iCalendar file.
    pub has_calendar: bool,
    /// The backend tells people what happened to their orders (`GET /inbox`, issue 18).
    pub has_inbox: bool,
    /// The backend serves the staff's side of the loop: the volunteer's tasks and wishes
    /// to claim, the dispatcher's queue.
    pub staff_work: bool,
    /// Residents' steps (cancel, confirm and rate) reach the backend.
    pub takes_steps: bool,
    /// Residents may file micro-wishes (微心愿).
    pub takes_wishes: bool,
    /// The community's staff keep its data in the app's workbench (the reference
    /// server's administration API); other backends keep their own admin tools.
    pub workbench: bool,
    /// People see and change their own profile (name, address, grid) in the app.
    pub edits_profile: bool,
    /// The reference data the backend has.
    pub offers: Vec<Reference>,
}

impl Abilities {
    pub fn offers(&self, kind: Reference) -> bool {
        self.offers.contains(&kind)
    }
}

impl Default for Abilities {
    /// Before `config.json` is read: the reference server's, so that nothing flickers
    /// away on the common deployment.
    fn default() -> Abilities {
        Abilities {
            needs_code: true,
            needs_password: false,
            has_calendar: false,
            has_inbox: true,
            staff_work: true,
            takes_steps: true,
            workbench: true,
            edits_profile: true,
            takes_wishes: true,
            offers: Reference::ALL.to_vec(),
        }
    }
}
