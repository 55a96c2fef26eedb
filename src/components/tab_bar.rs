use leptos::prelude::*;
use yizhan_core::routes::{Route, Tab};

use crate::acting_role::use_acting_role;
use crate::components::icon::{Icon, IconName};
use crate::i18n::use_texts;
use crate::router::Link;

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
                            <span class="tab-bar__label">{move || texts.get().tab(tab, acting.get())}</span>
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
