//! The workbench's front page: the parts the person's roles open.

use leptos::prelude::*;
use yizhan_core::i18n::DeskTexts;
use yizhan_core::routes::{Desk, Route};

use super::frame::{may_use, DeskFrame};
use super::use_desk_texts;
use crate::router::Link;

#[component]
pub fn DeskHome() -> impl IntoView {
    let desk = use_desk_texts();
    let part = move |place: Desk,
                     name: fn(&'static DeskTexts) -> &'static str,
                     lead: fn(&'static DeskTexts) -> &'static str| {
        let allowed = may_use(place);
        view! {
            <li class="desk-part" hidden=move || !allowed.get()>
                <Link route=Route::Desk(place)>
                    <span class="desk-part__name">{move || name(desk.get())}</span>
                    <span class="desk-part__lead">{move || lead(desk.get())}</span>
                </Link>
            </li>
        }
    };
    view! {
        <DeskFrame title=Signal::derive(move || desk.get().title) lead=Signal::derive(move || desk.get().intro)
            place=Desk::Home>
            <ul class="desk-parts" data-testid="desk-parts">
                {part(Desk::Activities, |t| t.activities, |t| t.activities_lead)}
                {part(Desk::Door, |t| t.door, |t| t.door_lead)}
                {part(Desk::Bookings, |t| t.bookings, |t| t.bookings_lead)}
                {part(Desk::FileForResident, |t| t.file, |t| t.file_lead)}
                {part(Desk::Rota, |t| t.rota, |t| t.rota_lead)}
                {part(Desk::People, |t| t.people, |t| t.people_lead)}
                {part(Desk::Notices, |t| t.notices, |t| t.notices_lead)}
                {part(Desk::Community, |t| t.community, |t| t.community_lead)}
                {part(Desk::Services, |t| t.services, |t| t.services_lead)}
                {part(Desk::Grids, |t| t.grids, |t| t.grids_lead)}
                {part(Desk::Stations, |t| t.stations, |t| t.stations_lead)}
            </ul>
        </DeskFrame>
    }
}
