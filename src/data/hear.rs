//! Hearing at once while the app is open (issue 18): the app waits on the server for
//! news in the person's inbox (`GET /inbox?wait=`, long polling) and syncs the moment some
//! arrives, so a dispatcher's queue shows a new order within seconds, not at the next
//! once-a-minute sync. Where the backend cannot wait, or the app is hidden or offline,
//! the timer (`triggers`) is all there is.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use yizhan_core::sync::SyncError;

use super::DataContext;
use crate::platform::events;

/// Seconds the server may hold a wait: under the transport's 20-second timeout.
const WAIT_SECONDS: u32 = 15;
/// Between looks while the app is hidden, offline or signed out.
const IDLE_MS: u32 = 5_000;
/// After a failed wait (the network dropped): the timer syncs meanwhile.
const AFTER_FAILURE_MS: u32 = 30_000;
/// A backend that cannot wait is asked again after this long (it may be upgraded).
const NOT_OFFERED_MS: u32 = 10 * 60_000;

/// Listens for the life of the page.
pub fn install(context: DataContext) {
    leptos::task::spawn_local(async move {
        loop {
            let pause = listen_once(context).await;
            if pause > 0 {
                TimeoutFuture::new(pause).await;
            }
        }
    });
}

/// One wait; answers how long to pause before the next.
async fn listen_once(context: DataContext) -> u32 {
    let ready = events::is_visible()
        && events::is_online()
        && context.abilities.get_untracked().has_inbox
        && context.session.get_untracked().is_some();
    if !ready {
        return IDLE_MS;
    }
    match context.wait_for_news(WAIT_SECONDS).await {
        Ok(Some(true)) => {
            context.sync_now();
            // The sync moves the cursor on; the next wait starts after it.
            1_000
        }
        Ok(Some(false)) => 0,
        Ok(None) | Err(SyncError::Rejected { status: 404, .. }) => NOT_OFFERED_MS,
        Err(_) => AFTER_FAILURE_MS,
    }
}
