//! Signing in with the `yizhan` contract: a code to the phone, then the code for a token.
//! Online only, and never queued: a code is good for five minutes.

use serde::Deserialize;
use serde_json::json;

use super::YizhanProfile;
use crate::sync::classify::classify;
use crate::sync::error::SyncError;
use crate::sync::http::{HttpRequest, Method, Transport};
use crate::sync::session::{Session, SessionUser};

#[derive(Deserialize)]
struct CodeSent {
    #[serde(default)]
    dev_code: Option<String>,
}

#[derive(Deserialize)]
struct SessionAnswer {
    token: String,
    user: SessionUser,
}

impl YizhanProfile {
    /// Asks for a code. In demo mode the answer carries it (`Some`), for the demo screen.
    pub(crate) async fn send_code<T: Transport>(
        &self,
        net: &T,
        phone: &str,
    ) -> Result<Option<String>, SyncError> {
        let request = HttpRequest::new(Method::Post, format!("{}/auth/code", self.base_url()))
            .json(json!({ "phone": phone }).to_string());
        let response = net.send(request).await?;
        if !response.is_success() {
            return Err(classify(&response));
        }
        let sent: CodeSent = serde_json::from_str(&response.body)
            .map_err(|error| SyncError::BadResponse(error.to_string()))?;
        Ok(sent.dev_code)
    }

    pub(crate) async fn start_session<T: Transport>(
        &self,
        net: &T,
        phone: &str,
        code: &str,
    ) -> Result<(Session, SessionUser), SyncError> {
        let request = HttpRequest::new(Method::Post, format!("{}/auth/session", self.base_url()))
            .json(json!({ "phone": phone, "code": code }).to_string());
        let response = net.send(request).await?;
        if !response.is_success() {
            return Err(classify(&response));
        }
        let answer: SessionAnswer = serde_json::from_str(&response.body)
            .map_err(|error| SyncError::BadResponse(error.to_string()))?;
        let session = Session {
            token: answer.token,
            user_id: answer.user.id.clone(),
            name: answer.user.name.clone(),
            roles: answer.user.roles.clone(),
            grid_id: answer.user.grid_id.clone(),
            refresh_token: None,
        };
        Ok((session, answer.user))
    }
}
