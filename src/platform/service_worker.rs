//! The service worker (`sw.js`, generated at build time): registered where the browser
//! has service workers (many webviews do not, and the app works without), and a new
//! version announced so the resident can choose when to reload into it.

use gloo_events::EventListener;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let present = Reflect::get(&navigator, &"serviceWorker".into()).ok()?;
    if present.is_undefined() || present.is_null() {
        return None;
    }
    Some(navigator.service_worker())
}

/// This page's registration of `sw.js`.
#[derive(Clone)]
pub struct Registration(ServiceWorkerRegistration);

/// Registers `sw.js` and calls `on_update_ready` when a new version waits. Does nothing
/// where service workers are missing.
pub async fn register(on_update_ready: impl Fn() + Clone + 'static) -> Option<Registration> {
    let container = container()?;
    let registration: ServiceWorkerRegistration = JsFuture::from(container.register("sw.js"))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    // Only an update replaces a controlling worker; a first install is not news.
    let controlled = container.controller().is_some();
    if controlled && registration.waiting().is_some() {
        on_update_ready();
    }
    let watched = registration.clone();
    EventListener::new(&registration, "updatefound", move |_| {
        let Some(installing) = watched.installing() else {
            return;
        };
        let worker = installing.clone();
        let ready = on_update_ready.clone();
        EventListener::new(&installing, "statechange", move |_| {
            let has_controller = container_has_controller();
            if worker.state() == ServiceWorkerState::Installed && has_controller {
                ready();
            }
        })
        .forget();
    })
    .forget();
    Some(Registration(registration))
}

fn container_has_controller() -> bool {
    container().is_some_and(|c| c.controller().is_some())
}

impl Registration {
    /// Asks the browser to look for a new `sw.js` now (on return to the page, on a timer).
    pub fn check_for_update(&self) {
        if let Ok(promise) = self.0.update() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(promise).await;
            });
        }
    }

    /// Lets the waiting version take over, and reloads into it once it has. Everything the
    /// resident entered is in IndexedDB or a draft, so the reload loses nothing.
    pub fn apply_update(&self) {
        let Some(container) = container() else {
            return;
        };
        EventListener::once(&container, "controllerchange", |_| {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        })
        .forget();
        if let Some(waiting) = self.0.waiting() {
            let _ = waiting.post_message(&JsValue::from_str("skip-waiting"));
        }
    }
}
