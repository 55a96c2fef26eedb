//! The community staff's workbench (工作台): its own build (`--features workbench`), so
//! none of it is in a resident's download. Its pages edit through the engine's account
//! ([`crate::data::DataContext::at_the_desk`]) and read what the device holds, like every
//! other page; they say when the device is offline, and keep what was typed when a
//! change is not saved.

mod activities;
mod bookables;
mod bookings;
mod community;
mod door;
mod editing;
mod file_for_resident;
mod frame;
mod grids;
mod home;
mod notices;
mod people;
mod preview;
mod rota;
mod service_editor;
mod services;
mod stations;

use leptos::prelude::*;
use yizhan_core::i18n::{desk_texts, texts, DeskTexts, Texts};
use yizhan_core::prefs::Preferences;
use yizhan_core::routes::Desk;

use crate::i18n::use_preferences;

/// The workbench's words in the person's language, read from the app's preferences
/// (which live as long as the app): a save that ends after its page was left still
/// finds them, where a signal of the page's own would be gone (reading it panics).
#[derive(Clone, Copy)]
pub struct DeskWords {
    prefs: RwSignal<Preferences>,
}

impl DeskWords {
    /// The words, followed: read in a view, it changes with the language.
    pub fn get(&self) -> &'static DeskTexts {
        desk_texts(self.prefs.with(|p| p.lang))
    }

    /// The words now, for an event or a task.
    pub fn get_untracked(&self) -> &'static DeskTexts {
        desk_texts(self.prefs.with_untracked(|p| p.lang))
    }

    /// The app's own words now, for an event or a task.
    pub fn texts_untracked(&self) -> &'static Texts {
        texts(self.prefs.with_untracked(|p| p.lang))
    }
}

pub fn use_desk_texts() -> DeskWords {
    DeskWords {
        prefs: use_preferences().prefs,
    }
}

/// The page of a workbench place.
pub fn page(desk: Desk) -> AnyView {
    match desk {
        Desk::Home => home::DeskHome().into_any(),
        Desk::Community => community::CommunityDesk().into_any(),
        Desk::Services => services::ServicesDesk().into_any(),
        Desk::Grids => grids::GridsDesk().into_any(),
        Desk::Stations => stations::StationsDesk().into_any(),
        Desk::FileForResident => file_for_resident::FileDesk().into_any(),
        Desk::Rota => rota::RotaDesk().into_any(),
        Desk::People => people::PeopleDesk().into_any(),
        Desk::Notices => notices::NoticesDesk().into_any(),
        Desk::Door => door::DoorDesk().into_any(),
        Desk::Activities => activities::ActivitiesDesk().into_any(),
        Desk::Bookings => bookings::BookingsDesk().into_any(),
    }
}
