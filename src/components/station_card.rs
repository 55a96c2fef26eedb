use leptos::prelude::*;
use yizhan_core::i18n::Texts;
use yizhan_core::model::{Amenity, Station};
use yizhan_core::opening::{local_moment, open_state, OpenState};
use yizhan_core::phone::tel_href;
use yizhan_core::sync::Env;

use crate::components::icon::{Icon, IconName};
use crate::i18n::use_texts;
use crate::platform::browser_env::BrowserEnv;

fn amenity(texts: &Texts, amenity: Amenity) -> (IconName, &'static str) {
    let icon = match amenity {
        Amenity::Charging => IconName::Charging,
        Amenity::Water => IconName::Water,
        Amenity::Umbrella => IconName::Umbrella,
        Amenity::Toilet => IconName::Toilet,
        Amenity::FirstAid => IconName::FirstAid,
        Amenity::Microwave => IconName::Microwave,
        Amenity::Reading => IconName::Reading,
        Amenity::Rest => IconName::Rest,
    };
    (icon, texts.amenity(amenity))
}

/// "Open until 20:30" or "Opens Monday at 08:30", for now.
pub fn open_now_text(texts: &Texts, station: &Station) -> (bool, String) {
    let (weekday, minute) = local_moment(BrowserEnv.now_ms());
    match open_state(&station.open_hours, weekday, minute) {
        OpenState::OpenUntil(close) => (true, (texts.open_until)(&close)),
        OpenState::OpensAt { day, at } => {
            let day = if day == weekday {
                texts.today
            } else {
                (texts.weekday)(day)
            };
            (false, (texts.opens_at)(day, &at))
        }
        OpenState::NeverOpen => (false, texts.never_open.to_string()),
    }
}

/// A service station: whether it is open now, where, its phone, what it offers.
#[component]
pub fn StationCard(station: Station) -> impl IntoView {
    let texts = use_texts();
    let hours = station
        .open_hours
        .iter()
        .map(|period| {
            let days = period.days.clone();
            let (open, close) = (period.open.clone(), period.close.clone());
            view! {
                <li>
                    {move || days.iter().map(|d| (texts.get().weekday)(*d)).collect::<Vec<_>>().join("、")}
                    " " {open.clone()} "–" {close.clone()}
                </li>
            }
        })
        .collect_view();
    let amenities = station.amenities.clone();
    let phone = station.phone.clone();
    let tel = tel_href(&phone);
    let station_for_state = station.clone();
    view! {
        <article class="card" data-testid="station">
            <h3 class="card__title">{station.name.clone()}</h3>
            {move || {
                let (open, text) = open_now_text(texts.get(), &station_for_state);
                let class = if open { "open-state open-state--open" } else { "open-state" };
                view! { <p class=class data-testid="open-state">{text}</p> }
            }}
            <p>{move || texts.get().address_label}{station.address.clone()}</p>
            <ul class="hours">{hours}</ul>
            <ul class="amenities">
                {move || amenities.iter().map(|a| {
                    let (icon, label) = amenity(texts.get(), *a);
                    view! { <li><Icon name=icon />" "{label}</li> }
                }).collect_view()}
            </ul>
            <a class="button button--secondary" href=tel>
                {move || texts.get().call}" "{phone.clone()}
            </a>
        </article>
    }
}
