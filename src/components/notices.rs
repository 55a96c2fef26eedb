use leptos::prelude::*;
use yizhan_core::sync::env::rfc3339_local;

use yizhan_core::routes::{Route, Tab};

use crate::components::update_banner::UpdateBanner;
use crate::data::use_data;
use crate::i18n::use_texts;
use crate::router::Link;

/// The page-wide notices: offline (showing what was last synced), steps that could not go
/// (each a link to where its reason is), and data kept in memory only where the browser
/// refuses to store it.
#[component]
pub fn Notices() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    view! {
        <UpdateBanner />
        <Show when=move || !data.online.get()>
            <p class="notice notice--offline" role="status" data-testid="offline-notice">
                {move || texts.get().offline_notice}
                {move || {
                    data.summary.get().last_synced_at.map(|at| {
                        // `YYYY-MM-DDTHH:MM…+08:00`: the community's wall-clock time.
                        let local = rfc3339_local(at);
                        format!(" {}", (texts.get().last_synced)(local.get(11..16).unwrap_or("")))
                    })
                }}
            </p>
        </Show>
        {move || {
            let summary = data.summary.get();
            if summary.needs_sign_in && data.session().is_some() {
                Some(view! {
                    <p class="notice notice--warning" role="alert" data-testid="session-expired">
                        {move || texts.get().session_expired}" "
                        <Link route=Route::SignIn>{move || texts.get().sign_in_link}</Link>
                    </p>
                }.into_any())
            } else if summary.last_error.is_some() && data.online.get() {
                Some(view! {
                    <p class="notice notice--warning" role="status" data-testid="sync-error">
                        {move || texts.get().error_sync}
                    </p>
                }.into_any())
            } else {
                None
            }
        }}
        <ParkedNotice />
        <Show when=move || data.volatile_reason.get().is_some()>
            <p class="notice notice--warning" role="alert" data-testid="volatile-notice">
                {move || texts.get().volatile_notice}
            </p>
        </Show>
    }
}

/// Steps parked on the device, whatever screen is open: a link to each order they are
/// about (one link per order), or to the rota for shift sign-ups.
#[component]
fn ParkedNotice() -> impl IntoView {
    let texts = use_texts();
    let data = use_data();
    // A memo: the notice is rebuilt (and announced again) only when what it lists
    // changes, not at every sync.
    let targets = Memo::new(move |_| {
        let parked = data.summary.get().parked;
        let mut order_ids: Vec<String> = Vec::new();
        let mut about_shifts = false;
        for (entry, _) in &parked {
            match entry.operation.order_id() {
                Some(id) if !order_ids.iter().any(|seen| seen == id) => {
                    order_ids.push(id.to_string())
                }
                Some(_) => {}
                None => about_shifts = true,
            }
        }
        let titles = data.snapshot.with(|s| {
            order_ids
                .into_iter()
                .map(|id| {
                    let title = s.orders.get(&id).map(|o| o.order.title.clone());
                    (id, title)
                })
                .collect::<Vec<_>>()
        });
        (titles, about_shifts)
    });
    move || {
        let (titles, about_shifts) = targets.get();
        if titles.is_empty() && !about_shifts {
            return None;
        }
        let links = titles
            .into_iter()
            .map(|(id, title)| {
                let title = title.unwrap_or_else(|| texts.get().tab_orders.to_string());
                view! { <li><Link route=Route::Order id=id>{title}</Link></li> }.into_any()
            })
            .chain(about_shifts.then(|| {
                view! { <li><Link route=Route::Tab(Tab::Volunteer)>{move || texts.get().tab_volunteer}</Link></li> }
                    .into_any()
            }))
            .collect_view();
        Some(view! {
            <section class="notice notice--warning" role="status" data-testid="parked-notice">
                <p>{move || texts.get().parked_notice}</p>
                <ul class="notice__links">{links}</ul>
            </section>
        })
    }
}
