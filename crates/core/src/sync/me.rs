//! A person's own profile (`GET` and `PUT /me`): their name, address, and grid where the
//! community lets residents choose it. Online and at once, like signing in; only the
//! contract's own backend keeps one ([`crate::sync::Abilities::edits_profile`]).

use serde::Deserialize;

use crate::sync::account::Account;
use crate::sync::error::SyncError;
use crate::sync::http::{HttpRequest, Method, Transport};
use crate::sync::profiles::wire::{body, exchange, to_json};
use crate::sync::profiles::Profile;
use crate::workbench::people::ProfileUpdate;

/// The signed-in person as their backend keeps them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Me {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub grid_id: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
}

impl<T: Transport> Account<Profile, T> {
    fn me_request(&self, method: Method, token: &str) -> Option<HttpRequest> {
        #[allow(unreachable_patterns)] // a build with the contract's profile alone
        match &self.backend {
            Profile::Yizhan(profile) => Some(
                HttpRequest::new(method, format!("{}/me", profile.base_url()))
                    .header("authorization", format!("Bearer {token}"))
                    .header("accept", "application/json"),
            ),
            _ => None,
        }
    }

    /// The person as the backend keeps them; `None` where it keeps no profile.
    pub async fn me(&self, token: &str) -> Result<Option<Me>, SyncError> {
        let Some(request) = self.me_request(Method::Get, token) else {
            return Ok(None);
        };
        body(&exchange(&self.net, request).await?).map(Some)
    }

    /// Saves the person's own profile; `None` where the backend keeps none.
    pub async fn save_profile(
        &self,
        token: &str,
        update: &ProfileUpdate,
    ) -> Result<Option<Me>, SyncError> {
        let Some(request) = self.me_request(Method::Put, token) else {
            return Ok(None);
        };
        body(&exchange(&self.net, request.json(to_json(update)?)).await?).map(Some)
    }
}
