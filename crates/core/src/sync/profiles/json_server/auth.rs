//! Signing in with the `json-server` profile. json-server has no accounts, so there is
//! nothing to prove: the phone number finds the user in `/users`, and the code step is
//! a formality (the profile hands the form a code to go on with). This is for a demo or
//! a trusted network; never expose a json-server backend to the internet.

use serde::Deserialize;

use crate::model::Role;
use crate::sync::error::SyncError;
use crate::sync::http::{Method, Transport};
use crate::sync::session::Session;

use super::JsonServerProfile;
use crate::sync::profiles::client_side::{refused, NO_CODE};
use crate::sync::profiles::wire::{body, exchange, segment};
use crate::sync::session::SessionUser;

#[derive(Deserialize)]
struct StoredUser {
    id: String,
    name: String,
    #[serde(default)]
    grid_id: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
}

impl JsonServerProfile {
    async fn user_by_phone<T: Transport>(
        &self,
        net: &T,
        phone: &str,
    ) -> Result<StoredUser, SyncError> {
        let path = format!("/users?phone={}", segment(phone));
        let found: Vec<StoredUser> = body(&exchange(net, self.request(Method::Get, &path)).await?)?;
        found
            .into_iter()
            .next()
            .ok_or_else(|| refused(401, "unknown_phone", "no user with this phone number"))
    }

    /// Checks that the number belongs to a user; there is no message to send.
    pub(crate) async fn send_code<T: Transport>(
        &self,
        net: &T,
        phone: &str,
    ) -> Result<Option<String>, SyncError> {
        self.user_by_phone(net, phone).await?;
        Ok(Some(NO_CODE.to_string()))
    }

    /// The user with this number; their id is the session's token. As a resident, and
    /// a volunteer where the document says so, for the duty rota: the staff's side of the
    /// order loop needs what json-server cannot give (who may dispatch, who is assigned),
    /// so the app does not offer it here (`Abilities::staff_work`) and the community
    /// works that side in json-server itself.
    pub(crate) async fn start_session<T: Transport>(
        &self,
        net: &T,
        phone: &str,
        _code: &str,
    ) -> Result<(Session, SessionUser), SyncError> {
        let user = self.user_by_phone(net, phone).await?;
        let mut roles = vec![Role::Resident.to_string()];
        if Role::Volunteer.held_in(&user.roles) {
            roles.push(Role::Volunteer.to_string());
        }
        let session = Session {
            token: user.id.clone(),
            user_id: user.id.clone(),
            name: user.name.clone(),
            roles: roles.clone(),
            grid_id: user.grid_id.clone(),
            refresh_token: None,
        };
        let answer = SessionUser {
            id: user.id,
            name: user.name,
            roles,
            grid_id: user.grid_id,
        };
        Ok((session, answer))
    }
}
