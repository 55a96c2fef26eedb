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

/// Reads the current place from the address bar and follows the back button.
pub fn provide_router() {
    let pathname = history::pathname();
    let base = app_base(&pathname);
    let route = RwSignal::new(Route::from_path(&base, &pathname).unwrap_or(Route::NotFound));
    let context = RouterContext {
        route,
        base: StoredValue::new(base),
    };
    history::on_back_or_forward(move || {
        let pathname = history::pathname();
        let place = context
            .base
            .with_value(|base| Route::from_path(base, &pathname))
            .unwrap_or(Route::NotFound);
        route.set(place);
    });
    provide_context(context);
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
                if history::is_plain_click(&event) {
                    event.prevent_default();
                    router.navigate(route);
                }
            }
        >
            {children()}
        </a>
    }
}
