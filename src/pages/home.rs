use leptos::prelude::*;
use yizhan_core::phone::tel_href;
use yizhan_core::routes::Route;
use yizhan_core::sync::Reference;

use crate::components::empty_state::EmptyState;
use crate::components::station_card::StationCard;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::router::Link;

#[component]
pub fn HomePage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let offered = move || data.abilities.with(|a| a.offers(Reference::Community));
    let open_orders = move || {
        let me = data.session().map(|s| s.user_id).unwrap_or_default();
        data.with_orders(|s| {
            let mut open: Vec<_> = s
                .orders
                .values()
                .filter(|o| o.order.owner_id == me && !o.order.deleted)
                .filter(|o| !o.order.status.is_finished())
                .map(|o| o.order.clone())
                .collect();
            open.sort_by(|a, b| b.created_at.cmp(&a.created_at));
            open.truncate(3);
            open
        })
    };
    view! {
        <h1>{move || texts.get().home_title}</h1>
        <Show
            when=move || data.has(Reference::Community)
            fallback=move || view! {
                <EmptyState
                    title=Signal::derive(move || if offered() { texts.get().home_empty } else { texts.get().not_offered_title })
                    hint=Signal::derive(move || if offered() { texts.get().home_empty_hint } else { texts.get().home_not_offered_hint })
                />
            }
        >
            {move || data.community().map(|community| {
                let tel = tel_href(&community.hotline);
                view! {
                    <section class="card community" data-testid="community">
                        <h2 class="card__title">{community.name.clone()}</h2>
                        <p class="card__meta">{community.district.clone()}</p>
                        {match data.notices_showing() {
                            Some(board) => board.into_iter().map(|notice| view! {
                                <div class="announcement" data-testid="notice">
                                    <p class="announcement__title">
                                        {notice.title}
                                        {notice.pinned.then(|| view! {
                                            <span class="status-chip">{move || texts.get().notice_pinned}</span>
                                        })}
                                    </p>
                                    <p>{notice.body}</p>
                                </div>
                            }).collect_view().into_any(),
                            None => (!community.announcement.is_empty()).then(|| view! {
                                <p class="announcement">{community.announcement.clone()}</p>
                            }).into_any(),
                        }}
                        <a class="button" href=tel data-testid="hotline">
                            {move || texts.get().home_hotline}" "{community.hotline.clone()}
                        </a>
                    </section>
                }
            })}
        </Show>
        <Show when=move || data.session().is_some() && data.abilities.with(|a| a.offers(Reference::Activities))>
            <Link route=Route::Activities class="card card--link home-activities">
                <span class="card__title">{move || texts.get().activities_title}</span>
                <span class="card__meta">{move || texts.get().activities_lead}</span>
            </Link>
        </Show>
        <Show when=move || data.session().is_some() && data.abilities.with(|a| a.offers(Reference::Bookables))>
            <Link route=Route::Appointments class="card card--link home-appointments">
                <span class="card__title">{move || texts.get().appointments}</span>
                <span class="card__meta">{move || texts.get().appointments_lead}</span>
            </Link>
        </Show>
        <Show when=move || !open_orders().is_empty()>
            <h2>{move || texts.get().home_my_open}</h2>
            <ul class="card-list">
                {move || open_orders().into_iter().map(|order| view! {
                    <li>
                        <Link route=Route::Order id=order.id.clone() class="card card--link">
                            <span class="card__title">{order.title.clone()}</span>
                            <span class="status-chip">{move || texts.get().status(order.status)}</span>
                        </Link>
                    </li>
                }).collect_view()}
            </ul>
        </Show>
        {move || data.stations().into_iter().next().map(|station| view! {
            <h2>{move || texts.get().home_station}</h2>
            <StationCard station=station />
        })}
    }
}
