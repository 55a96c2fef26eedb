//! Signing in with the `open311` profile. GeoReport has no accounts: a resident is who
//! their phone number says, and the number goes with each request as GeoReport's
//! `phone`. With a companion backend, signing in is the companion's (a code where it
//! sends codes), and its token rides along for the community's other pages.

use serde::{Deserialize, Serialize};

use crate::model::Role;
use crate::sync::backend::Backend;
use crate::sync::error::SyncError;
use crate::sync::http::Transport;
use crate::sync::session::Session;

use super::Open311Profile;
use crate::sync::session::SessionUser;

/// What the session's token carries for this profile: opaque to the engine, read back
/// by the profile on every call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Open311Token {
    /// The orders' owner, as the app knows the signed-in user.
    pub user: String,
    pub phone: String,
    /// The companion backend's own token.
    #[serde(default)]
    pub companion: Option<String>,
}

impl Open311Token {
    pub fn read(token: &str) -> Result<Open311Token, SyncError> {
        // A token from before the profile changed: sign in again.
        serde_json::from_str(token).map_err(|_| SyncError::Unauthorized)
    }

    fn text(&self) -> Result<String, SyncError> {
        serde_json::to_string(self).map_err(|error| SyncError::BadResponse(error.to_string()))
    }
}

impl Open311Profile {
    pub(crate) async fn send_code<T: Transport>(
        &self,
        net: &T,
        phone: &str,
    ) -> Result<Option<String>, SyncError> {
        match self.companion() {
            Some(companion) => Box::pin(companion.request_code(net, phone)).await,
            None => Ok(None),
        }
    }

    /// As a resident, and as a volunteer for the companion's duty rota where it says so:
    /// the staff's side of the loop is worked in the city's own system.
    pub(crate) async fn start_session<T: Transport>(
        &self,
        net: &T,
        phone: &str,
        code: &str,
    ) -> Result<(Session, SessionUser), SyncError> {
        let mut roles = vec![Role::Resident.to_string()];
        let (user, name, grid_id, companion) = match self.companion() {
            Some(companion) => {
                let (session, user) = Box::pin(companion.sign_in(net, phone, code)).await?;
                if session.has_role(Role::Volunteer) {
                    roles.push(Role::Volunteer.to_string());
                }
                (user.id, user.name, user.grid_id, Some(session.token))
            }
            None => (phone.to_string(), String::new(), None, None),
        };
        let token = Open311Token {
            user: user.clone(),
            phone: phone.to_string(),
            companion,
        };
        let session = Session {
            token: token.text()?,
            user_id: user.clone(),
            name: name.clone(),
            roles: roles.clone(),
            grid_id: grid_id.clone(),
            refresh_token: None,
        };
        let answer = SessionUser {
            id: user,
            name,
            roles,
            grid_id,
        };
        Ok((session, answer))
    }
}
