//! The staff's workbench's way to the server: the engine's account hands out the
//! administration API ([`Workbench`]), so there is still one way to the network. A change
//! is sent at once and its answer awaited; once saved, a sync brings the new reference
//! data to this device's screens, as it does to residents'.

use std::future::Future;

use leptos::prelude::*;

use yizhan_core::sync::{SyncError, Workbench};
use yizhan_core::workbench::editor::NotSaved;

use super::DataContext;
use crate::platform::fetch::FetchTransport;

impl DataContext {
    /// Makes one change through the workbench as the signed-in person, then syncs, so
    /// the screens show it as residents will.
    pub async fn at_the_desk<R, F, Fut>(&self, change: F) -> Result<R, NotSaved>
    where
        F: FnOnce(Workbench<FetchTransport>, String) -> Fut,
        Fut: Future<Output = Result<R, SyncError>>,
    {
        let saved = self.ask_the_desk(change).await?;
        self.sync_now();
        Ok(saved)
    }

    /// Asks the workbench something (who signed up for a shift): nothing changed, so
    /// no sync follows.
    pub async fn ask_the_desk<R, F, Fut>(&self, ask: F) -> Result<R, NotSaved>
    where
        F: FnOnce(Workbench<FetchTransport>, String) -> Fut,
        Fut: Future<Output = Result<R, SyncError>>,
    {
        let token = self.session().map(|s| s.token).ok_or(NotSaved::SignIn)?;
        let workbench = self
            .cell
            .get_value()
            .account()
            .ok()
            .and_then(|account| account.workbench())
            .ok_or(NotSaved::Unreachable)?;
        ask(workbench, token)
            .await
            .map_err(|error| NotSaved::of(&error))
    }
}
