//! Signing in, sign-in codes and the calendar file: exchanges that happen online, at
//! once, and are never queued. The engine hands them out as an [`Account`] holding its
//! own backend and network, so that an app can ask for a code while a sync pass runs
//! (the engine is busy) without a second way to the network.

use crate::sync::abilities::Abilities;
use crate::sync::backend::Backend;
use crate::sync::error::SyncError;
use crate::sync::http::Transport;
use crate::sync::session::{Session, SessionUser};

/// The engine's backend and network, for the exchanges about a person's account. Keep
/// a session it returns with [`crate::sync::Engine::set_session`].
#[derive(Clone, Debug)]
pub struct Account<B, T> {
    pub(crate) backend: B,
    pub(crate) net: T,
}

impl<B: Backend, T: Transport> Account<B, T> {
    /// What the backend lets the app offer.
    pub fn abilities(&self) -> Abilities {
        self.backend.abilities()
    }

    /// The backend itself (the backend check runs an engine of its own with a copy).
    pub fn backend(&self) -> &B {
        &self.backend
    }

    /// Asks for a sign-in code for `phone`; `Some(code)` where a demo server hands it
    /// back. A code is good for minutes: never queued.
    pub async fn request_code(&self, phone: &str) -> Result<Option<String>, SyncError> {
        self.backend.request_code(&self.net, phone).await
    }

    /// Signs in with `phone` and the code or password [`Abilities`] asks for.
    pub async fn sign_in(
        &self,
        phone: &str,
        secret: &str,
    ) -> Result<(Session, SessionUser), SyncError> {
        self.backend.sign_in(&self.net, phone, secret).await
    }

    /// `session`'s shifts as an iCalendar file; `None` where the backend keeps none.
    pub async fn calendar(&self, session: &Session) -> Result<Option<String>, SyncError> {
        self.backend.calendar(&self.net, &session.token).await
    }

    /// The activities `session`'s person signed up for, as an iCalendar file; `None`
    /// where the backend keeps no such calendar.
    pub async fn activity_calendar(&self, session: &Session) -> Result<Option<String>, SyncError> {
        self.backend
            .activity_calendar(&self.net, &session.token)
            .await
    }

    /// Waits up to `wait_seconds` for news in `session`'s inbox after `since` (the
    /// snapshot's [`inbox_cursor`](crate::sync::store::Snapshot::inbox_cursor)). `None`
    /// where the backend cannot wait.
    pub async fn wait_inbox(
        &self,
        session: &Session,
        since: Option<&str>,
        wait_seconds: u32,
    ) -> Result<Option<crate::inbox::InboxPage>, SyncError> {
        self.backend
            .wait_inbox(&self.net, &session.token, since, wait_seconds)
            .await
    }

    /// The server's Web Push key; `None` where the backend does not push.
    pub async fn push_key(&self, session: &Session) -> Result<Option<String>, SyncError> {
        self.backend.push_key(&self.net, &session.token).await
    }

    /// Keeps this device's Web Push subscription for `session`'s person.
    pub async fn put_push_subscription(
        &self,
        session: &Session,
        subscription: &serde_json::Value,
    ) -> Result<(), SyncError> {
        self.backend
            .put_push_subscription(&self.net, &session.token, subscription)
            .await
    }

    /// This device, at `endpoint`, no longer rings for `session`'s person.
    pub async fn drop_push_subscription(
        &self,
        session: &Session,
        endpoint: &str,
    ) -> Result<(), SyncError> {
        self.backend
            .drop_push_subscription(&self.net, &session.token, endpoint)
            .await
    }

    /// What `session`'s person chose about being reached; `None` where the backend keeps
    /// no such settings. Online only: the server applies them, not this device.
    pub async fn reach_settings(
        &self,
        session: &Session,
    ) -> Result<Option<crate::reach::ReachSettings>, SyncError> {
        self.backend.reach_settings(&self.net, &session.token).await
    }

    /// Replaces those settings, once core finds nothing wrong in them.
    pub async fn put_reach_settings(
        &self,
        session: &Session,
        settings: &crate::reach::ReachSettings,
    ) -> Result<crate::reach::ReachSettings, SyncError> {
        self.backend
            .put_reach_settings(&self.net, &session.token, settings)
            .await
    }
}
