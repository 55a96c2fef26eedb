//! What every workbench page shares: who may use it, the offline note, the way back.

use leptos::prelude::*;
use yizhan_core::routes::{Desk, Route};

use super::use_desk_texts;
use crate::data::use_data;
use crate::pages::sign_in_prompt::SignInPrompt;
use crate::router::Link;

/// Whether the signed-in person may use `place`.
pub fn may_use(place: Desk) -> Memo<bool> {
    let data = use_data();
    Memo::new(move |_| {
        data.session()
            .is_some_and(|session| place.open_to_any(&session.roles))
    })
}

/// A workbench page for those `place` is open to: signed out, they are asked to
/// sign in; without the role, told whom it is for; on another backend, told it is not
/// here. Offline, what the device holds shows, and says so.
#[component]
pub fn DeskFrame(
    #[prop(into)] title: Signal<&'static str>,
    #[prop(into)] lead: Signal<&'static str>,
    place: Desk,
    /// What is said offline, for a page whose work goes on without a network (the
    /// door's check-ins); the workbench's "changes wait for a network" otherwise.
    #[prop(optional, into)]
    offline: Option<Signal<&'static str>>,
    children: ChildrenFn,
) -> impl IntoView {
    let desk = use_desk_texts();
    let data = use_data();
    let allowed = may_use(place);
    // The front page has no way back to itself.
    let front = place == Desk::Home;
    let children = StoredValue::new(children);
    view! {
        <div class="desk" data-testid="workbench">
            {(!front).then(|| view! {
                <p class="desk__back">
                    <Link route=Route::Desk(Desk::Home)>{move || desk.get().back}</Link>
                </p>
            })}
            <h1>{move || title.get()}</h1>
            <p class="lead">{move || lead.get()}</p>
            {move || {
                if data.session().is_none() {
                    return view! { <SignInPrompt /> }.into_any();
                }
                if !data.abilities.with(|a| a.workbench) {
                    return view! { <p class="notice notice--warning" role="status">{move || desk.get().not_here}</p> }
                        .into_any();
                }
                if !allowed.get() {
                    return view! { <p class="notice notice--warning" role="status">{move || desk.get().staff_only}</p> }
                        .into_any();
                }
                view! {
                    <Show when=move || !data.online.get()>
                        <p class="notice" role="status" data-testid="desk-offline">
                            {move || offline.map_or(desk.get().offline, |said| said.get())}
                        </p>
                    </Show>
                    {children.with_value(|children| children())}
                }
                .into_any()
            }}
        </div>
    }
}
