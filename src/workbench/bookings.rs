//! 预约登记: a day's bookings across the community's things, asked online — who booked
//! what and when, their phone (staff call people) and, for a home visit, where to go —
//! and, once a slot has begun, each marked done or not come (a mark can be undone).

use leptos::prelude::*;
use yizhan_core::bookings::{BookableKind, BookingState, DayBooking};
use yizhan_core::routes::Desk;
use yizhan_core::schedule::{local_minute, local_minute_at};
use yizhan_core::sync::Env;

use super::bookables::BookablesEditor;
use super::frame::DeskFrame;
use super::use_desk_texts;
use crate::components::field::TextField;
use crate::data::use_data;
use crate::platform::browser_env::BrowserEnv;

#[component]
pub fn BookingsDesk() -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let today = local_minute_at(BrowserEnv.now_ms())
        .get(..10)
        .unwrap_or_default()
        .to_string();
    let date = RwSignal::new(today);
    // Grid workers see the day; admins and dispatchers also write what is booked. The
    // session may arrive after the page is drawn.
    let writes = Memo::new(move |_| {
        data.session().is_some_and(|s| {
            s.has_role(yizhan_core::model::Role::Admin)
                || s.has_role(yizhan_core::model::Role::Dispatcher)
        })
    });
    let signed_in = Memo::new(move |_| data.session().is_some());
    let day = RwSignal::new(None::<Vec<DayBooking>>);
    let said = RwSignal::new(None::<String>);
    let show = move || {
        let asked = date.get_untracked().trim().to_string();
        leptos::task::spawn_local(async move {
            let answer = data
                .ask_the_desk(|bench, token| async move { bench.bookings_on(&token, &asked).await })
                .await;
            match answer {
                Ok(list) => {
                    said.set(None);
                    day.set(Some(list));
                }
                Err(not_saved) => said.set(Some(not_saved.banner(desk.get_untracked()))),
            }
        });
    };
    // Today's, as soon as there is someone signed in to ask as.
    Effect::new(move || {
        if signed_in.get() {
            show();
        }
    });
    let mark = move |id: String, outcome: BookingState| {
        leptos::task::spawn_local(async move {
            let answer = data
                .ask_the_desk(move |bench, token| async move {
                    bench.mark_booking(&token, &id, outcome).await
                })
                .await;
            match answer {
                Ok(marked) => day.update(|list| {
                    for known in list.iter_mut().flatten().filter(|b| b.id == marked.id) {
                        *known = marked.clone();
                    }
                }),
                Err(not_saved) => said.set(Some(not_saved.banner(desk.get_untracked()))),
            }
        });
    };
    view! {
        <DeskFrame title=Signal::derive(move || desk.get().bookings) lead=Signal::derive(move || desk.get().bookings_lead)
            place=Desk::Bookings>
            <form class="form desk-form" data-testid="bookings-day" on:submit=move |ev| { ev.prevent_default(); show(); }>
                <TextField name="bookings-date" label=Signal::derive(move || desk.get().bookings_date.to_string())
                    value=date problem=Signal::derive(|| None::<String>) input_type="date" />
                <button type="submit" class="button button--secondary">{move || desk.get().bookings_show}</button>
            </form>
            <Show when=move || said.get().is_some()>
                <p class="notice notice--warning" role="alert">{move || said.get()}</p>
            </Show>
            {move || day.get().map(|list| {
                if list.is_empty() {
                    return view! { <p class="lead" data-testid="bookings-none">{move || desk.get().bookings_none}</p> }.into_any();
                }
                let count = (desk.get().bookings_count)(list.len());
                let now = BrowserEnv.now_ms();
                view! {
                    <p class="card__meta">{count}</p>
                    <ul class="desk-rows" data-testid="bookings">
                        {list.into_iter().map(|booking| {
                            let begun = yizhan_core::workbench::shifts::parse_time(&booking.starts_at)
                                .is_some_and(|start| start * 1000 <= now);
                            let (done, no_show, undo) = (booking.id.clone(), booking.id.clone(), booking.id.clone());
                            let marked = booking.state != BookingState::Booked;
                            let tel = format!("tel:{}", booking.phone);
                            view! {
                                <li class="desk-row" data-testid="booking-row">
                                    <p class="desk-row__title">{local_minute(&booking.starts_at)}" · "{booking.bookable_name.clone()}</p>
                                    <p class="card__meta">{booking.name.clone()}" · "<a href=tel>{booking.phone.clone()}</a></p>
                                    {(booking.kind == BookableKind::HomeVisit).then(|| booking.address.clone()).flatten()
                                        .map(|address| view! { <p class="card__meta">{address}</p> })}
                                    <span class="status-chip">{(desk.get().booking_state)(booking.state)}</span>
                                    {begun.then(|| view! {
                                        <div class="desk-row__actions">
                                            {(!marked).then(|| view! {
                                                <button type="button" class="button button--secondary"
                                                    on:click=move |_| mark(done.clone(), BookingState::Done)>{desk.get().booking_mark_done}</button>
                                                <button type="button" class="button button--secondary"
                                                    on:click=move |_| mark(no_show.clone(), BookingState::NoShow)>{desk.get().booking_mark_no_show}</button>
                                            })}
                                            {marked.then(|| view! {
                                                <button type="button" class="button button--secondary"
                                                    on:click=move |_| mark(undo.clone(), BookingState::Booked)>{desk.get().booking_mark_undo}</button>
                                            })}
                                        </div>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            <Show when=move || writes.get()>
                <BookablesEditor />
            </Show>
        </DeskFrame>
    }
}
