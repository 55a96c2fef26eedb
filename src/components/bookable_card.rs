//! One bookable thing as a resident sees it: what, who serves, where, who may book; their
//! bookings as they stand (booked, on its way, being cancelled, done); a booking that
//! could not go, with the next free slot offered when the slot went to someone else; and
//! the free slots of a day they pick, booked with one confirming button.

use leptos::prelude::*;
use yizhan_core::bookings::{BookableKind, BookingState, NotEligible};
use yizhan_core::schedule::local_minute;
use yizhan_core::sync::{submit_failure, Env};

use crate::components::parked_step::{explanation_id, DismissButton};
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::platform::browser_env::BrowserEnv;

/// `YYYY-MM-DD` and `HH:MM` of a slot's start, in the community's time.
fn day_and_time(starts_at: &str) -> (String, String) {
    let local = local_minute(starts_at);
    (
        local.get(..10).unwrap_or_default().to_string(),
        local.get(11..16).unwrap_or_default().to_string(),
    )
}

/// A day as the picker names it: `12-02 周三`.
fn day_label(texts: &yizhan_core::i18n::Texts, date: &str) -> String {
    let weekday = yizhan_core::workbench::parse_date(date)
        .map(|d| (texts.weekday)(d.weekday().number_from_monday()))
        .unwrap_or_default();
    format!("{} {weekday}", date.get(5..).unwrap_or(date))
}

/// `MM-DD HH:MM` of a slot's start, as the resident reads it.
fn when(starts_at: &str) -> String {
    local_minute(starts_at)
        .get(5..)
        .unwrap_or_default()
        .to_string()
}

#[component]
pub fn BookableCard(id: String) -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let id = StoredValue::new(id);
    let thing = Memo::new(move |_| data.snapshot.with(|s| s.bookable(&id.get_value()).cloned()));
    let station_name = Memo::new(move |_| {
        let station = thing.with(|t| t.as_ref().and_then(|t| t.station_id.clone()))?;
        data.stations()
            .into_iter()
            .find(|s| s.id == station)
            .map(|s| s.name)
    });
    let problem = RwSignal::new(None::<String>);
    let day = RwSignal::new(None::<String>);
    let picked = RwSignal::new(None::<String>);
    // The booking whose cancellation was asked for once: a second tap sends it.
    let cancel_asked = RwSignal::new(None::<String>);

    // The days with slots, and the first with a free one (the day shown at first).
    let days = Memo::new(move |_| {
        let mut days: Vec<String> = thing.with(|t| {
            t.iter()
                .flat_map(|t| t.slots.iter())
                .map(|slot| day_and_time(&slot.starts_at).0)
                .collect()
        });
        days.dedup();
        days
    });
    // The day picked while it still has slots; else the first with a free one; else
    // the first day offered.
    let shown_day = move || {
        day.get()
            .filter(|d| days.with(|all| all.contains(d)))
            .or_else(|| {
                thing.with(|t| {
                    t.iter()
                        .flat_map(|t| t.slots.iter())
                        .find(|slot| slot.left > 0)
                        .map(|slot| day_and_time(&slot.starts_at).0)
                })
            })
            .or_else(|| days.with(|all| all.first().cloned()))
    };
    // A slot picked that filled up (or began) meanwhile is no longer picked.
    Effect::new(move || {
        let gone = picked.with(|p| {
            p.as_ref().is_some_and(|start| {
                thing.with(|t| {
                    t.as_ref()
                        .and_then(|t| t.slot(start))
                        .is_none_or(|slot| slot.left == 0)
                })
            })
        });
        if gone {
            picked.set(None);
        }
    });
    let book = move |starts_at: String| {
        problem.set(None);
        let may = data
            .snapshot
            .with_untracked(|s| s.may_book(&id.get_value(), &starts_at));
        if let Err(NotEligible::TooSoon { days }) = may {
            problem.set(Some((texts.get_untracked().booking_too_soon)(days)));
            return;
        }
        leptos::task::spawn_local(async move {
            match data.request_booking(&id.get_value(), &starts_at).await {
                Ok(()) => picked.set(None),
                Err(error) => problem.set(Some(submit_failure(texts.get_untracked(), &error))),
            }
        });
    };
    let cancel = move |booking_id: String, starts_at: String| {
        problem.set(None);
        if cancel_asked.get_untracked().as_deref() != Some(booking_id.as_str()) {
            cancel_asked.set(Some(booking_id));
            return;
        }
        cancel_asked.set(None);
        leptos::task::spawn_local(async move {
            if let Err(error) = data
                .request_cancel_booking(&id.get_value(), &booking_id, &starts_at)
                .await
            {
                problem.set(Some(submit_failure(texts.get_untracked(), &error)));
            }
        });
    };
    let mine = move || data.snapshot.with(|s| s.my_bookings(&id.get_value()));
    let refused = move || {
        data.snapshot
            .with(|s| s.refused_bookings(&id.get_value(), BrowserEnv.now_ms()))
    };

    // What the card says of the thing itself: a sync that changes only its slots keeps
    // the card (and the focus in it); the slots and bookings follow on their own.
    let head = Memo::new(move |_| {
        thing.with(|t| {
            t.as_ref().map(|t| yizhan_core::bookings::Bookable {
                slots: Vec::new(),
                mine: Vec::new(),
                ..t.clone()
            })
        })
    });
    move || {
        let Some(t) = head.get() else {
            return ().into_any();
        };
        let place = match t.kind {
            BookableKind::HomeVisit => Some(texts.get().booking_at_home.to_string()),
            _ => station_name.get().or_else(|| t.address.clone()),
        };
        let conditions: Vec<String> = [
            t.eligibility
                .min_age
                .map(|age| (texts.get().booking_for_age)(age)),
            t.eligibility
                .once_every_days
                .map(|days| (texts.get().booking_every)(days)),
            t.loan_days.map(|days| (texts.get().booking_loan)(days)),
        ]
        .into_iter()
        .flatten()
        .collect();
        let kind = (texts.get().bookable_kind)(t.kind);
        view! {
            <article class="card bookable" data-testid="bookable" data-bookable-id=t.id.clone()>
                <h2 class="card__title">{t.name.clone()}</h2>
                <p class="card__meta"><span class="status-chip">{kind}</span>" "{t.provider.clone()}</p>
                {place.map(|place| view! { <p class="card__meta">{place}</p> })}
                {(!t.description.is_empty()).then(|| view! { <p>{t.description.clone()}</p> })}
                {(!conditions.is_empty()).then(|| view! { <p class="card__meta" data-testid="booking-conditions">{conditions.join(" · ")}</p> })}
                <Show when=move || !mine().is_empty()>
                    <h3>{move || texts.get().booking_mine}</h3>
                    <ul class="bookable__mine">
                        {move || mine().into_iter().map(|line| {
                            let (note, class, testid) = match (line.sending, line.cancelling, line.state) {
                                (true, _, _) => (texts.get().booking_sending, "delivery delivery--waiting", "booking-sending"),
                                (_, true, _) => (texts.get().booking_cancelling, "delivery delivery--waiting", "booking-cancelling"),
                                (_, _, BookingState::Done) => (texts.get().booking_done, "delivery delivery--sent", "booking-done"),
                                (_, _, BookingState::NoShow) => (texts.get().booking_no_show, "delivery delivery--attention", "booking-no-show"),
                                (_, _, BookingState::Booked) => (texts.get().booking_booked, "delivery delivery--sent", "booking-booked"),
                            };
                            let started = yizhan_core::workbench::shifts::parse_time(&line.starts_at)
                                .is_none_or(|start| start.saturating_mul(1000) <= BrowserEnv.now_ms());
                            let may_cancel = !line.cancelling && line.state == BookingState::Booked && !started;
                            let (booking_id, starts_at) = (line.id.clone(), line.starts_at.clone());
                            let asked = cancel_asked.get().as_deref() == Some(line.id.as_str());
                            let at = when(&line.starts_at);
                            view! {
                                <li data-testid="my-booking">
                                    <p class="bookable__when">{when(&line.starts_at)}</p>
                                    <p class=class data-testid=testid>{note}</p>
                                    {line.return_by.as_ref().map(|by| view! { <p class="card__meta">{(texts.get().booking_return_by)(&when(by))}</p> })}
                                    {may_cancel.then(|| view! {
                                        <button type="button" class="button button--secondary"
                                            on:click=move |_| cancel(booking_id.clone(), starts_at.clone())>
                                            {if asked {
                                                (texts.get().booking_cancel_confirm)(&at)
                                            } else {
                                                format!("{} {at}", texts.get().booking_cancel)
                                            }}
                                        </button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </Show>
                {move || refused().into_iter().map(|refusal| {
                    let seq = refusal.waiting.seq();
                    let why = refusal.waiting.why(texts.get()).unwrap_or_default();
                    let place = "booking";
                    let offer = refusal.slot_taken.then(|| match refusal.next_free.clone() {
                        Some(slot) => {
                            let label = (texts.get().booking_take_next)(&when(&slot.starts_at));
                            view! {
                                <button type="button" class="button" data-testid="booking-next-free"
                                    on:click=move |_| book(slot.starts_at.clone())>{label}</button>
                            }.into_any()
                        }
                        None => view! { <p>{texts.get().booking_none_free}</p> }.into_any(),
                    });
                    view! {
                        <div class="bookable__refused" data-testid="booking-refused">
                            <p class="delivery delivery--attention" role="status" id=explanation_id(Some(place), seq)>{why}</p>
                            {offer}
                            <DismissButton seq=seq place=place />
                        </div>
                    }
                }).collect_view()}
                <Show when=move || problem.get().is_some()>
                    <p class="notice notice--warning" role="alert">{move || problem.get()}</p>
                </Show>
                <Show when=move || !days.with(Vec::is_empty)>
                    <div class="field">
                        <label class="field__label" for=move || format!("day-{}", id.get_value())>{move || texts.get().booking_day}</label>
                        <select id=move || format!("day-{}", id.get_value()) on:change=move |ev| {
                            picked.set(None);
                            day.set(Some(event_target_value(&ev)));
                        }>
                            {move || days.get().into_iter().map(|d| {
                                let value = d.clone();
                                let selected = shown_day() == Some(d.clone());
                                let label = day_label(texts.get(), &d);
                                view! { <option value=value prop:selected=selected>{label}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="bookable__slots" role="group" data-testid="booking-slots"
                        aria-label=move || shown_day().map(|d| day_label(texts.get(), &d)).unwrap_or_default()>
                        {move || {
                            let on = shown_day();
                            thing.get().map(|t| t.slots).unwrap_or_default().into_iter()
                                .filter(|slot| Some(day_and_time(&slot.starts_at).0) == on)
                                .map(|slot| {
                                    let (_, at) = day_and_time(&slot.starts_at);
                                    let held = data.snapshot.with(|s| s.holds_slot(&id.get_value(), &slot.starts_at));
                                    let full = slot.left == 0;
                                    let label = if held {
                                        format!("{at} {}", texts.get().booking_booked)
                                    } else if full {
                                        (texts.get().booking_slot_full)(&at)
                                    } else {
                                        (texts.get().booking_slot)(&at, slot.left)
                                    };
                                    let start = slot.starts_at.clone();
                                    let is_picked = {
                                        let start = start.clone();
                                        move || picked.get().as_deref() == Some(start.as_str())
                                    };
                                    view! {
                                        <button type="button" class="button button--secondary bookable__slot"
                                            disabled=full || held aria-pressed=move || is_picked().to_string()
                                            on:click=move |_| picked.set(Some(start.clone()))>{label}</button>
                                    }
                                }).collect_view()
                        }}
                    </div>
                    <button type="button" class="button" data-testid="booking-confirm"
                        disabled=move || picked.get().is_none()
                        on:click=move |_| if let Some(start) = picked.get_untracked() { book(start) }>
                        {move || match picked.get() {
                            Some(start) => (texts.get().booking_confirm)(&when(&start)),
                            None => texts.get().booking_pick.to_string(),
                        }}
                    </button>
                </Show>
            </article>
        }
        .into_any()
    }
}
