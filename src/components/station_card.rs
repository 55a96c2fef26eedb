use leptos::prelude::*;
use yizhan_core::i18n::Texts;
use yizhan_core::model::DatedHours;
use yizhan_core::model::{Amenity, Station};
use yizhan_core::opening::{coming_exceptions, today_at, OpenState};
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

/// "Open until 20:30" or "Opens Monday at 08:30" for now, the dated exceptions
/// honoured, and why today differs from the week, if it does.
pub fn open_now_text(texts: &Texts, station: &Station) -> (bool, String, Option<String>) {
    let now = BrowserEnv.now_ms();
    let today = today_at(&station.open_hours, &station.exceptions, now);
    let note = today.note.map(|note| (texts.station_today)(&note));
    match today.state {
        OpenState::OpenUntil(close) => (true, (texts.open_until)(&close), note),
        OpenState::OpensAt {
            day,
            in_days,
            date,
            at,
        } => {
            let when = match in_days {
                0 => texts.today.to_string(),
                1..=6 => (texts.weekday)(day).to_string(),
                _ => date,
            };
            (false, (texts.opens_at)(&when, &at), note)
        }
        OpenState::NeverOpen => (false, texts.never_open.to_string(), note),
    }
}

/// One dated exception as a line: its dates (`MM-DD`), why, and its hours or closed.
fn exception_line(texts: &Texts, exception: &DatedHours) -> String {
    let short = |date: &str| date.get(5..).unwrap_or(date).to_string();
    let dates = match &exception.until {
        Some(until) if *until != exception.from => {
            format!("{}–{}", short(&exception.from), short(until))
        }
        _ => short(&exception.from),
    };
    let hours = if exception.hours.is_empty() {
        texts.station_closed_all_day.to_string()
    } else {
        exception
            .hours
            .iter()
            .map(|span| format!("{}–{}", span.open, span.close))
            .collect::<Vec<_>>()
            .join("、")
    };
    format!("{dates} {}：{hours}", exception.note)
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
    let exceptions = station.exceptions.clone();
    let phone = station.phone.clone();
    let tel = tel_href(&phone);
    let station_for_state = station.clone();
    view! {
        <article class="card" data-testid="station">
            <h3 class="card__title">{station.name.clone()}</h3>
            {move || {
                let (open, text, note) = open_now_text(texts.get(), &station_for_state);
                let class = if open { "open-state open-state--open" } else { "open-state" };
                view! {
                    <p class=class data-testid="open-state">{text}</p>
                    {note.map(|note| view! { <p class="open-state__note" data-testid="station-today">{note}</p> })}
                }
            }}
            <p>{move || texts.get().address_label}{station.address.clone()}</p>
            <ul class="hours">{hours}</ul>
            {move || {
                let coming: Vec<String> = coming_exceptions(&exceptions, BrowserEnv.now_ms(), 30)
                    .into_iter()
                    .map(|e| exception_line(texts.get(), e))
                    .collect();
                (!coming.is_empty()).then(|| view! {
                    <p class="card__meta">{texts.get().station_coming}</p>
                    <ul class="hours" data-testid="station-coming">
                        {coming.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                    </ul>
                })
            }}
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
