use leptos::prelude::*;
use yizhan_core::model::Grid;
use yizhan_core::sync::Reference;

use crate::components::contact_card::ContactCard;
use crate::components::empty_state::EmptyState;
use crate::components::station_card::StationCard;
use crate::data::use_data;
use crate::i18n::use_texts;

fn grid_section(grid: Grid, open: bool) -> impl IntoView {
    let contacts = grid
        .contacts
        .into_iter()
        .map(|contact| view! { <li><ContactCard contact=contact /></li> })
        .collect_view();
    view! {
        <details class="grid-section" open=open data-testid="grid">
            <summary>
                <h2 class="grid-section__name">{grid.name}</h2>
                <span class="card__meta">{grid.area}</span>
            </summary>
            <ul class="card-list">{contacts}</ul>
        </details>
    }
}

#[component]
pub fn GridPage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let mine = move || data.session().and_then(|s| s.grid_id);
    let offered = move |kind| data.abilities.with(|a| a.offers(kind));
    let grids = move || {
        let mine = mine();
        let mut grids = data.grids();
        // The resident's own grid first, open; the others folded below.
        grids.sort_by_key(|g| Some(&g.id) != mine.as_ref());
        grids
    };
    view! {
        <h1>{move || texts.get().grid_title}</h1>
        <Show
            when=move || data.has(Reference::Grids)
            fallback=move || view! {
                <EmptyState
                    title=Signal::derive(move || if offered(Reference::Grids) { texts.get().grid_empty } else { texts.get().not_offered_title })
                    hint=Signal::derive(move || if offered(Reference::Grids) { texts.get().grid_empty_hint } else { texts.get().grid_not_offered_hint })
                />
            }
        >
            {move || {
                let mine = mine();
                grids()
                    .into_iter()
                    .enumerate()
                    .map(|(index, grid)| {
                        let open = index == 0 || Some(&grid.id) == mine.as_ref();
                        grid_section(grid, open)
                    })
                    .collect_view()
            }}
        </Show>
        <Show when=move || offered(Reference::Stations)>
            <h2>{move || texts.get().stations_title}</h2>
            {move || data.stations().into_iter().map(|station| view! { <StationCard station=station /> }).collect_view()}
        </Show>
    }
}
