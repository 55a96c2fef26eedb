//! Hearing at once while the app is open (issue 18): the app waits on the server for
//! news in the person's inbox (`GET /inbox?wait=`, long polling) and syncs the moment some
//! arrives, so a dispatcher's queue shows a new order within seconds, not at the next
//! once-a-minute sync. Where the backend cannot wait, or the app is hidden or offline,
//! the timer (`triggers`) is all there is.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use yizhan_core::sync::SyncError;

use super::DataContext;
use crate::platform::{browser_env, events};

/// Seconds the server may hold a wait: under the transport's 20-second timeout.
const WAIT_SECONDS: u32 = 15;
/// Between looks while the app is hidden, offline or signed out.
const IDLE_MS: u32 = 5_000;
/// After a failed wait (the network dropped): the timer syncs meanwhile.
const AFTER_FAILURE_MS: u32 = 30_000;
/// A backend that cannot wait is asked again after this long (it may be upgraded).
const NOT_OFFERED_MS: u32 = 10 * 60_000;
/// The first wait starts this long after the app does: the start's own sync has just
/// pulled everything, and a page whose loading ends in a request held open never looks
/// loaded to tools that wait for the network to fall quiet (Lighthouse waited 45 s on
/// every page).
const FIRST_AFTER_MS: u32 = 8_000;

/// Listens for the life of the page.
pub fn install(context: DataContext) {
    leptos::task::spawn_local(async move {
        TimeoutFuture::new(FIRST_AFTER_MS).await;
        let mut last_news_at: Option<String> = None;
        loop {
            let pause = listen_once(context, &mut last_news_at).await;
            if pause > 0 {
                TimeoutFuture::new(pause).await;
            }
        }
    });
}

/// One wait; answers how long to pause before the next. `last_news_at`: the cursor the
/// last news came after.
async fn listen_once(context: DataContext, last_news_at: &mut Option<String>) -> u32 {
    let ready = events::is_visible()
        && events::is_online()
        && context.abilities.get_untracked().has_inbox
        && context.session.get_untracked().is_some();
    if !ready {
        return IDLE_MS;
    }
    let cursor = context
        .snapshot
        .with_untracked(|snapshot| snapshot.inbox_cursor().map(str::to_string));
    let started = browser_env::now_ms();
    match context.wait_for_news(WAIT_SECONDS).await {
        Ok(Some(true)) => {
            // News again after the same cursor: the sync that should have moved it on
            // failed. The timer's sync and its backoff take over for a while.
            if *last_news_at == cursor {
                return AFTER_FAILURE_MS;
            }
            *last_news_at = cursor;
            context.sync_now();
            1_000
        }
        // Nothing, answered well before the time asked: a server that does not hold a
        // request for news (an older one). Asking again at once would be a request a
        // round trip; the timer syncs instead.
        Ok(Some(false)) if browser_env::now_ms() - started < i64::from(WAIT_SECONDS) * 500 => {
            NOT_OFFERED_MS
        }
        Ok(Some(false)) => 0,
        Ok(None) | Err(SyncError::Rejected { status: 404, .. }) => NOT_OFFERED_MS,
        Err(_) => AFTER_FAILURE_MS,
    }
}
