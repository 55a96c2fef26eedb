//! The one engine of this tab, behind an async lock: screens and triggers take turns,
//! and nothing runs before the device's data has been opened. The engine is the one way
//! to the network: sign-in, codes and the calendar go through the account it hands out,
//! which does not wait for a sync pass to end.

use std::cell::RefCell;

use futures::lock::Mutex;
use yizhan_core::lifecycle::Step;
use yizhan_core::model::NewOrder;
use yizhan_core::sync::profiles::Profile;
use yizhan_core::sync::{
    Abilities, Account, Changes, Engine, Snapshot, StoreError, SubmitError, SyncSummary,
};

use crate::platform::browser_env::{self, BrowserEnv};
use crate::platform::{app_config, console, device_store::DeviceStore, fetch::FetchTransport};

pub type AppEngine = Engine<DeviceStore, Profile, FetchTransport, BrowserEnv>;
pub type AppAccount = Account<Profile, FetchTransport>;

#[derive(Default)]
pub struct EngineCell {
    engine: Mutex<Option<AppEngine>>,
    /// The engine's account exchanges, taken once it opened and kept outside its lock:
    /// a sync pass holds the engine for as long as the network takes, and a code or a
    /// sign-in must not wait behind it.
    account: RefCell<Option<AppAccount>>,
}

/// Where even memory could not hold the engine: nothing can be kept.
fn not_open() -> StoreError {
    StoreError::Unavailable("the app's data could not be opened".into())
}

impl EngineCell {
    /// Opens the device's data and the backend named by `config.json`. Returns why the
    /// data is kept in memory only, if it is.
    pub async fn open(&self) -> Option<String> {
        let mut slot = self.engine.lock().await;
        let config = app_config::load().await;
        let profile = Profile::from_config(&config, browser_env::now_ms);
        let store = DeviceStore::open().await;
        let volatile = store.volatile_reason().map(str::to_string);
        let opened = match Engine::open(store, profile.clone(), FetchTransport, BrowserEnv).await {
            Ok(engine) => {
                *slot = Some(engine);
                volatile
            }
            Err(error) => {
                // The database opened but cannot be read: keep the app usable in memory.
                let memory = DeviceStore::Memory(Default::default(), error.to_string());
                *slot = Engine::open(memory, profile, FetchTransport, BrowserEnv)
                    .await
                    .ok();
                Some(error.to_string())
            }
        };
        *self.account.borrow_mut() = slot.as_ref().map(AppEngine::account);
        opened
    }

    /// The engine's account exchanges, without waiting for the engine.
    pub fn account(&self) -> Result<AppAccount, StoreError> {
        self.account.borrow().clone().ok_or_else(not_open)
    }

    pub fn abilities(&self) -> Abilities {
        self.account
            .borrow()
            .as_ref()
            .map(AppAccount::abilities)
            .unwrap_or_default()
    }

    /// Hands `catch_up` the engine's snapshot and what changed in it since the last
    /// call, for the screens' copy (the one caller: `DataContext`); returns the summary.
    pub async fn catch_up(
        &self,
        catch_up: impl FnOnce(&Snapshot, &Changes),
    ) -> Option<SyncSummary> {
        let mut slot = self.engine.lock().await;
        let engine = slot.as_mut()?;
        let changes = engine.take_changes();
        catch_up(engine.snapshot(), &changes);
        Some(engine.summary())
    }

    /// `expedite`: send waiting entries now, whatever their backoff says.
    pub async fn sync(&self, expedite: bool) {
        if let Some(engine) = self.engine.lock().await.as_mut() {
            let expedited = if expedite {
                engine.reload().await.and(engine.expedite().await)
            } else {
                Ok(())
            };
            if let Err(error) = expedited.and(engine.sync().await.map(|_| ())) {
                console::error(&error.to_string());
            }
        }
    }

    pub async fn submit_order(&self, id: String, order: NewOrder) -> Result<(), SubmitError> {
        match self.engine.lock().await.as_mut() {
            Some(engine) => engine.submit_order(id, order).await,
            None => Err(SubmitError::SignedOut),
        }
    }

    pub async fn request_transition(&self, order_id: &str, step: Step) -> Result<(), SubmitError> {
        match self.engine.lock().await.as_mut() {
            Some(engine) => engine.request_transition(order_id, step).await.map(|_| ()),
            None => Err(SubmitError::SignedOut),
        }
    }

    pub async fn request_shift_signup(
        &self,
        shift_id: &str,
        take: bool,
    ) -> Result<(), SubmitError> {
        match self.engine.lock().await.as_mut() {
            Some(engine) => engine.request_shift_signup(shift_id, take).await,
            None => Err(SubmitError::SignedOut),
        }
    }

    /// Queues signing up for an activity (the person, or `child`), or withdrawing.
    pub async fn request_activity_signup(
        &self,
        activity_id: &str,
        child: Option<&str>,
        take: bool,
    ) -> Result<(), SubmitError> {
        match self.engine.lock().await.as_mut() {
            Some(engine) => {
                engine
                    .request_activity_signup(activity_id, child, take)
                    .await
            }
            None => Err(SubmitError::SignedOut),
        }
    }

    /// Queues booking a slot of a thing.
    pub async fn request_booking(
        &self,
        bookable_id: &str,
        starts_at: &str,
    ) -> Result<(), SubmitError> {
        match self.engine.lock().await.as_mut() {
            Some(engine) => engine.request_booking(bookable_id, starts_at).await,
            None => Err(SubmitError::SignedOut),
        }
    }

    /// Queues cancelling a booking.
    pub async fn request_cancel_booking(
        &self,
        bookable_id: &str,
        booking_id: &str,
        starts_at: &str,
    ) -> Result<(), SubmitError> {
        match self.engine.lock().await.as_mut() {
            Some(engine) => {
                engine
                    .request_cancel_booking(bookable_id, booking_id, starts_at)
                    .await
            }
            None => Err(SubmitError::SignedOut),
        }
    }

    /// Queues a check-in at an activity's door.
    pub async fn request_check_in(&self, activity_id: &str, code: &str) -> Result<(), SubmitError> {
        match self.engine.lock().await.as_mut() {
            Some(engine) => engine.request_check_in(activity_id, code).await,
            None => Err(SubmitError::SignedOut),
        }
    }

    /// Keeps the session an account's sign-in returned.
    pub async fn set_session(
        &self,
        session: &yizhan_core::sync::Session,
    ) -> Result<(), StoreError> {
        match self.engine.lock().await.as_mut() {
            Some(engine) => engine.set_session(Some(session)).await,
            None => Err(not_open()),
        }
    }

    /// Signs out; with `discard_unsent`, what was not sent goes too.
    pub async fn sign_out(&self, discard_unsent: bool) -> Result<(), StoreError> {
        match self.engine.lock().await.as_mut() {
            Some(engine) => engine.sign_out(discard_unsent).await,
            None => Err(not_open()),
        }
    }

    /// Inbox items read on this device (issue 18).
    pub async fn mark_read(&self, ids: &[String]) -> Result<(), StoreError> {
        match self.engine.lock().await.as_mut() {
            Some(engine) => engine.mark_read(ids).await,
            None => Err(not_open()),
        }
    }

    pub async fn dismiss(&self, seq: u64) {
        if let Some(engine) = self.engine.lock().await.as_mut() {
            if let Err(error) = engine.dismiss(seq).await {
                console::error(&error.to_string());
            }
        }
    }
}
