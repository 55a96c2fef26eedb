//! The app's data, reactive: the device's orders, reference data and sync state as
//! signals, and the only way to change them — through the engine, so every write goes
//! through the outbox. Screens read these signals and call these functions; they never
//! touch storage or the network.

mod engine_cell;
mod hear;
mod reference;
mod triggers;
#[cfg(feature = "workbench")]
mod workbench;

use std::rc::Rc;

use leptos::prelude::*;
use yizhan_core::lifecycle::Step;
use yizhan_core::model::NewOrder;
use yizhan_core::sync::{
    Abilities, AccountError, Env, Session, SessionUser, Snapshot, StoreError, SubmitError,
    SyncError, SyncSummary,
};

pub use engine_cell::EngineCell;

use crate::platform::{browser_env::BrowserEnv, events, fetch::FetchTransport};

#[derive(Clone, Copy)]
pub struct DataContext {
    /// What the device holds, as of the last change.
    pub snapshot: RwSignal<Snapshot>,
    /// Notified when what an order list shows may have changed (`with_orders`).
    orders_changed: Trigger,
    /// Who is signed in: read from the snapshot once per change of it, and a change
    /// for the screens only when it is a different session.
    session: Memo<Option<Session>>,
    pub summary: RwSignal<SyncSummary>,
    /// Set when data lives in memory only (no IndexedDB): shown as a warning.
    pub volatile_reason: RwSignal<Option<String>>,
    /// False until the device's data has been read at start.
    pub ready: RwSignal<bool>,
    pub syncing: RwSignal<bool>,
    /// A sync asked for while one was running (`Some(expedite)`).
    again: RwSignal<Option<bool>>,
    pub online: RwSignal<bool>,
    /// What the configured backend lets the app offer.
    pub abilities: RwSignal<Abilities>,
    cell: StoredValue<Rc<EngineCell>, LocalStorage>,
}

pub fn provide_data() -> DataContext {
    let snapshot = RwSignal::new(Snapshot::default());
    let context = DataContext {
        snapshot,
        orders_changed: Trigger::new(),
        session: Memo::new(move |_| {
            use yizhan_core::sync::MetaKey;
            snapshot.with(|s| {
                s.meta
                    .get(&MetaKey::Session)
                    .and_then(|json| serde_json::from_str(json).ok())
            })
        }),
        summary: RwSignal::new(SyncSummary::default()),
        volatile_reason: RwSignal::new(None),
        ready: RwSignal::new(false),
        syncing: RwSignal::new(false),
        again: RwSignal::new(None),
        online: RwSignal::new(events::is_online()),
        abilities: RwSignal::new(Abilities::default()),
        cell: StoredValue::new_local(Rc::new(EngineCell::default())),
    };
    provide_context(context);
    let cell = context.cell.get_value();
    leptos::task::spawn_local(async move {
        let volatile = cell.open().await;
        context.volatile_reason.set(volatile);
        context.abilities.set(cell.abilities());
        context.refresh().await;
        context.ready.set(true);
        triggers::install(context);
        hear::install(context);
        context.sync_due();
    });
    context
}

pub fn use_data() -> DataContext {
    expect_context::<DataContext>()
}

impl DataContext {
    /// Brings the signals the screens read up to date with the engine, by what changed:
    /// nothing is copied or redrawn for what did not (most syncs change no order).
    async fn refresh(&self) {
        let cell = self.cell.get_value();
        let mut orders_changed = false;
        let summary = cell
            .catch_up(|engine, changes| {
                if !changes.is_empty() {
                    orders_changed = changes.touch_lists();
                    self.snapshot
                        .update(|screens| screens.catch_up(engine, changes));
                }
            })
            .await;
        if orders_changed {
            self.orders_changed.notify();
        }
        if let Some(summary) = summary {
            if self.summary.with_untracked(|shown| shown != &summary) {
                self.summary.set(summary);
            }
        }
    }

    /// Reads the snapshot for an order list: redrawn when an order, this device's writes
    /// or the reference data change, not on every sync (each changes the time of the
    /// last one).
    pub fn with_orders<R>(&self, read: impl FnOnce(&Snapshot) -> R) -> R {
        self.orders_changed.track();
        self.snapshot.with_untracked(read)
    }

    pub fn session(&self) -> Option<Session> {
        self.session.get()
    }

    /// Sends everything waiting now, backoff or not, and pulls: the resident asked, or
    /// the network just came back.
    pub fn sync_now(&self) {
        self.start_sync(true);
    }

    /// Sends what is due and pulls: at start, on a timer, when the page is shown again.
    pub fn sync_due(&self) {
        self.start_sync(false);
    }

    fn start_sync(&self, expedite: bool) {
        let context = *self;
        if context.syncing.get_untracked() {
            // One sync at a time; a request meanwhile runs once this one ends.
            context.again.set(Some(
                expedite || context.again.get_untracked() == Some(true),
            ));
            return;
        }
        context.syncing.set(true);
        leptos::task::spawn_local(async move {
            let cell = context.cell.get_value();
            let work = move || async move {
                cell.sync(expedite).await;
            };
            if expedite {
                crate::platform::sync_lock::run_when_free(work).await;
            } else {
                crate::platform::sync_lock::run_if_free(work).await;
            }
            context.refresh().await;
            context.syncing.set(false);
            context.online.set(events::is_online());
            if let Some(expedite) = context.again.get_untracked() {
                context.again.set(None);
                context.start_sync(expedite);
            }
        });
    }

    /// Queues a new order (or wish); it is on the device, shown as waiting, before this
    /// returns. Returns its id.
    pub async fn submit_order(&self, order: NewOrder) -> Result<String, SubmitError> {
        let id = BrowserEnv.new_id();
        self.cell
            .get_value()
            .submit_order(id.clone(), order)
            .await?;
        events::ask_persistent_storage();
        self.refresh().await;
        self.sync_now();
        Ok(id)
    }

    /// Queues `step` on the order; refused, by field, if core's rules find it incomplete.
    pub async fn request_transition(&self, order_id: &str, step: Step) -> Result<(), SubmitError> {
        self.cell
            .get_value()
            .request_transition(order_id, step)
            .await?;
        self.refresh().await;
        self.sync_now();
        Ok(())
    }

    /// Whether a step on this order waits to be sent: the order's buttons wait with it,
    /// so that a second tap on a slow network does not queue the same step twice.
    pub fn step_waiting(&self, order_id: &str) -> Memo<bool> {
        let context = *self;
        let order_id = order_id.to_string();
        Memo::new(move |_| context.snapshot.with(|s| s.sending_for_order(&order_id)))
    }

    /// Lets go of a step that cannot go (its reason was read): see `Engine::dismiss`.
    pub async fn dismiss(&self, seq: u64) {
        self.cell.get_value().dismiss(seq).await;
        self.refresh().await;
        self.sync_now();
    }

    /// Queues taking (`true`) or giving back a place on a shift.
    pub async fn request_shift_signup(
        &self,
        shift_id: &str,
        take: bool,
    ) -> Result<(), SubmitError> {
        self.cell
            .get_value()
            .request_shift_signup(shift_id, take)
            .await?;
        self.refresh().await;
        self.sync_now();
        Ok(())
    }

    /// Queues signing up for an activity (the person, or `child` by name), or
    /// withdrawing that sign-up.
    pub async fn request_activity_signup(
        &self,
        activity_id: &str,
        child: Option<&str>,
        take: bool,
    ) -> Result<(), SubmitError> {
        self.cell
            .get_value()
            .request_activity_signup(activity_id, child, take)
            .await?;
        self.refresh().await;
        self.sync_now();
        Ok(())
    }

    /// Queues booking the slot of thing `bookable_id` starting at `starts_at`.
    pub async fn request_booking(
        &self,
        bookable_id: &str,
        starts_at: &str,
    ) -> Result<(), SubmitError> {
        self.cell
            .get_value()
            .request_booking(bookable_id, starts_at)
            .await?;
        self.refresh().await;
        self.sync_now();
        Ok(())
    }

    /// Queues cancelling booking `booking_id` of thing `bookable_id`.
    pub async fn request_cancel_booking(
        &self,
        bookable_id: &str,
        booking_id: &str,
        starts_at: &str,
    ) -> Result<(), SubmitError> {
        self.cell
            .get_value()
            .request_cancel_booking(bookable_id, booking_id, starts_at)
            .await?;
        self.refresh().await;
        self.sync_now();
        Ok(())
    }

    /// Queues checking in whoever holds `code` at an activity's door.
    pub async fn request_check_in(&self, activity_id: &str, code: &str) -> Result<(), SubmitError> {
        self.cell
            .get_value()
            .request_check_in(activity_id, code)
            .await?;
        self.refresh().await;
        self.sync_now();
        Ok(())
    }

    /// The activities the signed-in person signed up for, as an iCalendar file.
    pub async fn my_activity_calendar(&self) -> Result<Option<String>, SyncError> {
        let (account, session) = self.online()?;
        account.activity_calendar(&session).await
    }

    /// The signed-in person's shifts as an iCalendar file; `None` where the backend
    /// keeps no calendar.
    pub async fn my_calendar(&self) -> Result<Option<String>, SyncError> {
        let (account, session) = self.online()?;
        account.calendar(&session).await
    }

    /// The engine's account and the signed-in session, for a call made online only.
    fn online(
        &self,
    ) -> Result<
        (
            crate::data::engine_cell::AppAccount,
            yizhan_core::sync::Session,
        ),
        SyncError,
    > {
        let session = self.session().ok_or(SyncError::Unauthorized)?;
        let account = self
            .cell
            .get_value()
            .account()
            .map_err(|error| SyncError::BadResponse(error.to_string()))?;
        Ok((account, session))
    }

    /// Waits up to `seconds` for news in the inbox after what the device last pulled:
    /// `Some(true)` when some came, `Some(false)` when none did, `None` where the backend
    /// cannot wait.
    pub async fn wait_for_news(&self, seconds: u32) -> Result<Option<bool>, SyncError> {
        let (account, session) = self.online()?;
        let since = self
            .snapshot
            .with_untracked(|snapshot| snapshot.inbox_cursor().map(str::to_string));
        let page = account
            .wait_inbox(&session, since.as_deref(), seconds)
            .await?;
        Ok(page.map(|page| !page.items.is_empty()))
    }

    /// Turns notifications on for this device (issue 18): asks the person, subscribes
    /// with the server's key and hands the subscription to the server. `Ok(false)` where
    /// the backend does not push. What rings is written in `lang` (the app's) from now on.
    pub async fn push_on(&self, lang: yizhan_core::i18n::Lang) -> Result<bool, String> {
        let (account, session) = self.online().map_err(|e| e.to_string())?;
        let Some(key) = account
            .push_key(&session)
            .await
            .map_err(|e| e.to_string())?
        else {
            return Ok(false);
        };
        let subscription = crate::platform::push::subscribe(&key).await?;
        account
            .put_push_subscription(&session, &subscription)
            .await
            .map_err(|e| e.to_string())?;
        if let Ok(Some(settings)) = account.reach_settings(&session).await {
            if settings.lang != lang {
                let settings = yizhan_core::reach::ReachSettings { lang, ..settings };
                if let Err(error) = account.put_reach_settings(&session, &settings).await {
                    crate::platform::console::error(&error.to_string());
                }
            }
        }
        Ok(true)
    }

    /// Whether this device rings for the person signed in: its browser has a subscription,
    /// handed (again) to the server under their session, which moves it to them if it
    /// was someone else's. Offline, what the browser says.
    pub async fn push_is_on(&self) -> bool {
        let Some(subscription) = crate::platform::push::current().await else {
            return false;
        };
        if let Ok((account, session)) = self.online() {
            if let Err(error) = account.put_push_subscription(&session, &subscription).await {
                crate::platform::console::error(&error.to_string());
            }
        }
        true
    }

    /// Turns notifications off for this device, at the browser and at the server.
    pub async fn push_off(&self) {
        let Some(endpoint) = crate::platform::push::unsubscribe().await else {
            return;
        };
        if let Ok((account, session)) = self.online() {
            if let Err(error) = account.drop_push_subscription(&session, &endpoint).await {
                crate::platform::console::error(&error.to_string());
            }
        }
    }

    /// What the person chose about being reached; `None` where the backend keeps none.
    pub async fn reach_settings(
        &self,
    ) -> Result<Option<yizhan_core::reach::ReachSettings>, SyncError> {
        let (account, session) = self.online()?;
        account.reach_settings(&session).await
    }

    pub async fn put_reach_settings(
        &self,
        settings: &yizhan_core::reach::ReachSettings,
    ) -> Result<yizhan_core::reach::ReachSettings, SyncError> {
        let (account, session) = self.online()?;
        account.put_reach_settings(&session, settings).await
    }

    pub async fn request_code(&self, phone: &str) -> Result<Option<String>, AccountError> {
        let account = self.cell.get_value().account()?;
        Ok(account.request_code(phone).await?)
    }

    /// Signs in online (a sync pass meanwhile goes on), then keeps the session.
    pub async fn sign_in(&self, phone: &str, secret: &str) -> Result<SessionUser, AccountError> {
        let cell = self.cell.get_value();
        let (session, user) = cell.account()?.sign_in(phone, secret).await?;
        cell.set_session(&session).await?;
        self.refresh().await;
        self.sync_now();
        self.claim_this_device();
        Ok(user)
    }

    /// A device that rings (its browser subscribed) rings for whoever is signed in on it:
    /// someone else signing in without the last person signing out (a shared phone, an
    /// expired session) takes the subscription over, at the server, so the last person's
    /// news stops coming here.
    fn claim_this_device(&self) {
        let context = *self;
        leptos::task::spawn_local(async move {
            context.push_is_on().await;
        });
    }

    /// The backend check with a test account (`/check`): its own engine over memory,
    /// nothing of this device's data or sign-in touched.
    pub async fn check_backend(
        &self,
        phone: &str,
        secret: &str,
        texts: &'static yizhan_core::i18n::Texts,
    ) -> Vec<yizhan_core::sync::check::Finding> {
        let account = match self.cell.get_value().account() {
            Ok(account) => account,
            Err(error) => {
                return vec![yizhan_core::sync::check::Finding::SignInFailed(
                    error.to_string(),
                )]
            }
        };
        yizhan_core::sync::check::check_backend(
            account.backend(),
            &FetchTransport,
            crate::platform::browser_env::BrowserEnv,
            phone,
            secret,
            texts,
        )
        .await
    }

    /// The signed-in person as their backend keeps them (`None` where it keeps no
    /// profile), asked online.
    pub async fn my_profile(&self) -> Result<Option<yizhan_core::sync::Me>, SyncError> {
        let session = self.session().ok_or(SyncError::Unauthorized)?;
        let account = self
            .cell
            .get_value()
            .account()
            .map_err(|error| SyncError::BadResponse(error.to_string()))?;
        account.me(&session.token).await
    }

    /// Saves the person's own profile online, then keeps their new name and grid in the
    /// session, so every screen greets them by it.
    pub async fn save_profile(
        &self,
        update: &yizhan_core::workbench::people::ProfileUpdate,
    ) -> Result<(), SyncError> {
        let session = self.session().ok_or(SyncError::Unauthorized)?;
        let cell = self.cell.get_value();
        let account = cell
            .account()
            .map_err(|error| SyncError::BadResponse(error.to_string()))?;
        if let Some(me) = account.save_profile(&session.token, update).await? {
            let renamed = Session {
                name: me.name,
                grid_id: me.grid_id,
                ..session
            };
            cell.set_session(&renamed)
                .await
                .map_err(|error| SyncError::BadResponse(error.to_string()))?;
            self.refresh().await;
        }
        Ok(())
    }

    /// Signs out; `discard_unsent` drops what was not sent (the resident confirmed).
    /// Refused as a whole where the device cannot write: still signed in, nothing lost.
    pub async fn sign_out(&self, discard_unsent: bool) -> Result<(), StoreError> {
        let leaving = self.online().ok();
        let signed_out = self.cell.get_value().sign_out(discard_unsent).await;
        self.refresh().await;
        // Signed out for sure: this device stops ringing for the person who left it (the
        // server is told with their session; were it refused, the push service answers
        // the next message "gone" and the server drops it then).
        if signed_out.is_ok() {
            if let Some(endpoint) = crate::platform::push::unsubscribe().await {
                if let Some((account, session)) = leaving {
                    if let Err(error) = account.drop_push_subscription(&session, &endpoint).await {
                        crate::platform::console::error(&error.to_string());
                    }
                }
            }
        }
        signed_out
    }

    /// What the person was told, newest first (issue 18).
    pub fn inbox(&self) -> Vec<yizhan_core::inbox::InboxItem> {
        self.snapshot.with(|snapshot| snapshot.inbox())
    }

    /// How many of those are unread.
    pub fn unread(&self) -> usize {
        self.snapshot.with(|snapshot| snapshot.unread())
    }

    /// Items `ids` read here: at once on this device, on the others after a sync.
    pub async fn mark_read(&self, ids: &[String]) -> Result<(), StoreError> {
        let marked = self.cell.get_value().mark_read(ids).await;
        self.refresh().await;
        self.sync_due();
        marked
    }
}
