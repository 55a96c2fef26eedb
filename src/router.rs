//! Which page shows, as a signal over the address bar.

use leptos::prelude::*;
use yizhan_core::routes::{app_base, Route};

use crate::platform::history;

#[derive(Clone, Copy)]
pub struct RouterContext {
    route: RwSignal<Route>,
    /// The one thing a detail page shows (`?id=`).
    id: RwSignal<Option<String>>,
    base: StoredValue<String>,
}

impl RouterContext {
    pub fn route(&self) -> Route {
        self.route.get()
    }

    pub fn id(&self) -> Option<String> {
        self.id.get()
    }

    pub fn href(&self, route: Route) -> String {
        self.base.with_value(|base| route.href(base))
    }

    pub fn href_to(&self, route: Route, id: Option<&str>) -> String {
        match id {
            Some(id) => format!("{}?id={}", self.href(route), history::encode(id)),
            None => self.href(route),
        }
    }

    /// Goes to `route` as a tap on a link does.
    pub fn navigate(&self, route: Route) {
        self.navigate_to(route, None);
    }

    /// Goes to the page of one thing (`Route::Order` and the order's id).
    pub fn navigate_to(&self, route: Route, id: Option<&str>) {
        let id = id.map(str::to_string);
        if self.route.get_untracked() != route || self.id.get_untracked() != id {
            history::push(&self.href_to(route, id.as_deref()));
            self.route.set(route);
            self.id.set(id);
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
    let id = RwSignal::new(history::query_id());
    let base = StoredValue::new(base);
    history::on_back_or_forward(move || {
        route.set(base.with_value(|base| place_in_address_bar(base)));
        id.set(history::query_id());
    });
    crate::platform::webview::hand_back_to_host_at_root(move || {
        base.with_value(|base| place_in_address_bar(base))
            == Route::Tab(yizhan_core::routes::Tab::Home)
    });
    provide_context(RouterContext { route, id, base });
}

pub fn use_router() -> RouterContext {
    expect_context::<RouterContext>()
}

/// A link to a place in the app: a real `<a href>` (long-press, open in new tab and screen
/// readers work), marked `aria-current="page"` while its place shows.
#[component]
pub fn Link(
    route: Route,
    /// For a detail page: the id of the thing it shows.
    #[prop(optional, into)]
    id: Option<String>,
    #[prop(optional)] class: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let router = use_router();
    let href = router.href_to(route, id.as_deref());
    let current = {
        let id = id.clone();
        move || (router.route() == route && router.id() == id).then_some("page")
    };
    view! {
        <a
            href=href
            class=class
            aria-current=current
            on:click=move |event| {
                // The workbench is a build of its own: the page is loaded for its places,
                // so that the loader picks it, unless this build is the workbench's.
                let here = cfg!(feature = "workbench") || !route.in_workbench();
                if here && history::take_plain_click(&event) {
                    router.navigate_to(route, id.as_deref());
                }
            }
        >
            {children()}
        </a>
    }
}
