//! 预约服务: what the community's residents book in slots — legal advice, after-hours
//! errands, the barber at home, equipment to borrow, a room — each with the resident's
//! own bookings and the free slots of a day they pick. What the device last saw shows
//! offline, and a booking made offline goes when the network is back.

use leptos::prelude::*;
use yizhan_core::sync::Reference;

use crate::components::bookable_card::BookableCard;
use crate::components::empty_state::EmptyState;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::pages::sign_in_prompt::SignInPrompt;

#[component]
pub fn AppointmentsPage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let offered = move || data.abilities.with(|a| a.offers(Reference::Bookables));
    // The cards are keyed by the thing: a sync keeps each card (and the day and slot
    // picked in it), and the card reads what changed.
    let ids = Memo::new(move |_| {
        data.snapshot.with(|s| {
            s.bookables()
                .iter()
                .map(|t| t.id.clone())
                .collect::<Vec<_>>()
        })
    });
    view! {
        <h1>{move || texts.get().appointments}</h1>
        <p class="lead">{move || texts.get().appointments_lead}</p>
        <Show when=move || data.session().is_some() fallback=|| view! { <SignInPrompt /> }>
            <Show
                when=move || data.has(Reference::Bookables) && !ids.with(Vec::is_empty)
                fallback=move || view! {
                    <EmptyState
                        title=Signal::derive(move || if offered() { texts.get().appointments_none } else { texts.get().not_offered_title })
                        hint=Signal::derive(move || texts.get().appointments_none_hint)
                    />
                }
            >
                <div class="card-list" data-testid="bookables">
                    <For each=move || ids.get() key=|id| id.clone() let(id)>
                        <BookableCard id=id />
                    </For>
                </div>
            </Show>
        </Show>
    }
}
