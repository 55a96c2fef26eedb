use leptos::prelude::*;
use yizhan_core::model::{Service, ServiceKind};
use yizhan_core::routes::Route;
use yizhan_core::sync::Reference;

use crate::components::empty_state::EmptyState;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::router::Link;

/// Matches the words typed anywhere in the name, category or description; Chinese has no
/// spaces, so each space-separated part must appear somewhere. ASCII case only: Unicode
/// case tables cost about 10 KiB gzip of wasm, and Chinese has no case.
fn matches(service: &Service, query: &str) -> bool {
    let haystack = format!(
        "{} {} {}",
        service.name, service.category, service.description
    )
    .to_ascii_lowercase();
    query
        .to_ascii_lowercase()
        .split_whitespace()
        .all(|part| haystack.contains(part))
}

#[component]
pub fn ServicesPage() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    let query = RwSignal::new(String::new());
    let offered = move || {
        let query = query.get();
        data.services()
            .into_iter()
            .filter(|service| service.active && matches(service, &query))
            .collect::<Vec<_>>()
    };
    let group = move |kind: ServiceKind| {
        let services: Vec<Service> = offered().into_iter().filter(|s| s.kind == kind).collect();
        (!services.is_empty()).then(|| {
            view! {
                <section class="service-group">
                    <h2>{move || texts.get().service_kind(kind)}</h2>
                    <ul class="card-list">
                        {services
                            .into_iter()
                            .map(|service| {
                                view! {
                                    <li>
                                        <Link route=Route::Service id=service.id.clone() class="card card--link">
                                            <span class="card__title">{service.name.clone()}</span>
                                            <span class="card__meta">{service.category.clone()}</span>
                                        </Link>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </section>
            }
        })
    };
    view! {
        <h1>{move || texts.get().services_title}</h1>
        <div class="field search">
            <label class="field__label" for="service-search">{move || texts.get().services_search}</label>
            <input
                id="service-search"
                type="search"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
        </div>
        <Show
            when=move || data.has(Reference::Services)
            fallback=move || view! {
                <EmptyState
                    title=Signal::derive(move || texts.get().services_empty)
                    hint=Signal::derive(move || texts.get().services_empty_hint)
                />
            }
        >
            {move || group(ServiceKind::Direct)}
            {move || group(ServiceKind::Proxy)}
            {move || group(ServiceKind::Special)}
            <Show when=move || offered().is_empty()>
                <p class="notice" role="status">{move || texts.get().services_no_match}</p>
            </Show>
        </Show>
    }
}
