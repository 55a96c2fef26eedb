//! Which page shows, as a signal over the address bar.

use leptos::prelude::*;
use yizhan_core::routes::{app_base, Route};

use crate::platform::history;

#[derive(Clone, Copy)]
pub struct RouterContext {
    route: RwSignal<Route>,
    base: StoredValue<String>,
}

impl RouterContext {
    pub fn route(&self) -> Route {
        self.route.get()
    }

    pub fn href(&self, route: Route) -> String {
        self.base.with_value(|base| route.href(base))
    }

    /// Goes to `route` as a tap on a link does.
    pub fn navigate(&self, route: Route) {
        if self.route.get_untracked() != route {
            history::push(&self.href(route));
            self.route.set(route);
        }
    }
}

/// The place the address bar shows, for an app mounted at `base`.
fn place_in_address_bar(base: &str) -> Route {
    Route::from_path(base, &history::pathname()).unwrap_or(Route::NotFound)
}

/// Reads the current place from the address bar and follows the back button.
pub fn provide_router() {
    let base = app_base(&history::pathname());
    let route = RwSignal::new(place_in_address_bar(&base));
    let base = StoredValue::new(base);
    history::on_back_or_forward(move || {
        route.set(base.with_value(|base| place_in_address_bar(base)))
    });
    provide_context(RouterContext { route, base });
}

pub fn use_router() -> RouterContext {
    expect_context::<RouterContext>()
}

/// A link to a place in the app: a real `<a href>` (long-press, open in new tab and screen
/// readers work), marked `aria-current="page"` while its place shows.
#[component]
pub fn Link(route: Route, children: Children) -> impl IntoView {
    let router = use_router();
    let current = move || (router.route() == route).then_some("page");
    view! {
        <a
            href=router.href(route)
            aria-current=current
            on:click=move |event| {
                if history::take_plain_click(&event) {
                    router.navigate(route);
                }
            }
        >
            {children()}
        </a>
    }
}
