//! The role the signed-in user is acting in (resident, volunteer, dispatcher), chosen by
//! them where they hold several, remembered on the device, and always checked against
//! the roles their session carries.

use leptos::prelude::*;
use yizhan_core::work::Side;

use crate::data::DataContext;
use crate::platform::prefs_store::PrefsStore;

#[derive(Clone, Copy)]
pub struct ActingRole {
    chosen: RwSignal<Side>,
    data: DataContext,
}

pub fn provide_acting_role(data: DataContext) {
    let store = PrefsStore::open();
    let chosen = RwSignal::new(store.load_role());
    Effect::new(move || store.save_role(chosen.get()));
    provide_context(ActingRole { chosen, data });
}

pub fn use_acting_role() -> ActingRole {
    expect_context::<ActingRole>()
}

impl ActingRole {
    /// The role in effect: the chosen one if the user holds it, else resident.
    pub fn get(&self) -> Side {
        let chosen = self.chosen.get();
        let staff_work = self.data.abilities.with(|a| a.staff_work);
        self.data.session().map_or(Side::Resident, |session| {
            chosen.for_session(&session, staff_work)
        })
    }

    /// The roles this user may switch between; one role means no switch to show.
    pub fn offered(&self) -> Vec<Side> {
        let staff_work = self.data.abilities.with(|a| a.staff_work);
        self.data.session().map_or_else(
            || vec![Side::Resident],
            |session| Side::offered(&session, staff_work),
        )
    }

    pub fn set(&self, role: Side) {
        self.chosen.set(role);
    }
}
