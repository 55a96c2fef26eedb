use leptos::prelude::*;
use yizhan_core::i18n::Texts;
use yizhan_core::routes::{Route, Tab};
use yizhan_core::work::Side;

use crate::acting_role::use_acting_role;
use crate::components::icon::{Icon, IconName};
use crate::i18n::use_texts;
use crate::router::Link;

fn label(tab: Tab, texts: &Texts, role: Side) -> &'static str {
    match tab {
        Tab::Home => texts.tab_home,
        Tab::Services => texts.tab_services,
        Tab::Orders => match role {
            Side::Resident => texts.tab_orders,
            Side::Volunteer => texts.tab_tasks,
            Side::Dispatcher => texts.tab_dispatch,
        },
        Tab::Grid => texts.tab_grid,
        Tab::Volunteer => texts.tab_volunteer,
    }
}

fn icon(tab: Tab) -> IconName {
    match tab {
        Tab::Home => IconName::Home,
        Tab::Services => IconName::Services,
        Tab::Orders => IconName::Orders,
        Tab::Grid => IconName::Grid,
        Tab::Volunteer => IconName::Volunteer,
    }
}

/// The bottom tabs, within thumb reach. The router marks the current one with
/// `aria-current="page"`, which the stylesheet also draws (not by colour alone).
#[component]
pub fn TabBar() -> impl IntoView {
    let texts = use_texts();
    let acting = use_acting_role();
    let tabs = Tab::ALL
        .into_iter()
        .map(|tab| {
            view! {
                <li>
                    <Link route=Route::Tab(tab)>
                        <span class="tab-bar__tab">
                            <Icon name=icon(tab) />
                            <span class="tab-bar__label">{move || label(tab, texts.get(), acting.get())}</span>
                        </span>
                    </Link>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="tab-bar" aria-label=move || texts.get().nav_label>
            <ul>{tabs}</ul>
        </nav>
    }
}
