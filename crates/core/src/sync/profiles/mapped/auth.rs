//! Signing in at a mapped backend. With `auth.style: sign_in` each person signs in with
//! their number and a code the backend texts them (RuoYi-Vue-Plus's SMS login) or their
//! password (RuoYi-Vue's `/login`, PocketBase, Strapi, Supabase), and their own token
//! goes with their requests; a refresh token renews it without asking them again.
//! Otherwise (a backend without accounts) the number is looked up, as for json-server.

use serde_json::Value;

use super::config::{Auth, Secret, SignInMapping};
use super::wire::{bad, json, text_of, unwrap};
use super::MappedProfile;
use crate::model::Role;
use crate::sync::error::SyncError;
use crate::sync::http::{Method, Transport};
use crate::sync::profiles::client_side::{refused, NO_CODE};
use crate::sync::session::Session;
use crate::sync::session::SessionUser;

fn resident(
    token: String,
    refresh_token: Option<String>,
    id: String,
    name: String,
    grid_id: Option<String>,
) -> (Session, SessionUser) {
    let roles = vec![Role::Resident.to_string()];
    let session = Session {
        token,
        user_id: id.clone(),
        name: name.clone(),
        roles: roles.clone(),
        grid_id: grid_id.clone(),
        refresh_token,
    };
    (
        session,
        SessionUser {
            id,
            name,
            roles,
            grid_id,
        },
    )
}

/// The number as the backend keeps it (`+86{phone}`).
fn as_kept(template: &Option<String>, phone: &str) -> String {
    match template {
        Some(template) => template.replace("{phone}", phone),
        None => phone.to_string(),
    }
}

/// A wrong code or password, whatever words the backend used: said at the field. A
/// refusal of another kind (a server error outside the retry list) keeps its message.
fn as_sign_in_failure(error: SyncError) -> SyncError {
    match error {
        SyncError::Rejected {
            status: 400..=404 | 422,
            ..
        } => SyncError::Unauthorized,
        SyncError::Conflict { .. } => SyncError::Unauthorized,
        other => other,
    }
}

impl MappedProfile {
    /// What signing in asks for beside the number.
    pub fn secret(&self) -> Option<Secret> {
        match &self.mapping().auth {
            Auth::SignIn(sign_in) => Some(sign_in.with),
            _ => None,
        }
    }

    /// Has the backend text a code; without codes, checks that the number belongs to
    /// someone (there is nothing to send).
    pub(crate) async fn send_code<T: Transport>(
        &self,
        net: &T,
        phone: &str,
    ) -> Result<Option<String>, SyncError> {
        let Auth::SignIn(sign_in) = &self.mapping().auth else {
            return self
                .look_up(net, phone)
                .await
                .map(|_| Some(NO_CODE.to_string()));
        };
        let Some(send) = &sign_in.send_code else {
            return Ok(None);
        };
        let wire = self.wire();
        let request = if send.method == "POST" {
            let mut body = send.body.clone();
            body.insert(
                send.phone_field.clone(),
                Value::from(as_kept(&send.phone_value, phone)),
            );
            wire.request(Method::Post, &send.path, &[], None)
                .json(Value::Object(body).to_string())
        } else {
            let mut query: Vec<(String, String)> = send
                .body
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), text_of(v)?)))
                .collect();
            query.push((send.phone_field.clone(), as_kept(&send.phone_value, phone)));
            wire.request(Method::Get, &send.path, &query, None)
        };
        wire.exchange(net, request).await?;
        Ok(None)
    }

    pub(crate) async fn start_session<T: Transport>(
        &self,
        net: &T,
        phone: &str,
        secret: &str,
    ) -> Result<(Session, SessionUser), SyncError> {
        match &self.mapping().auth {
            Auth::SignIn(sign_in) => self
                .sign_in_with(net, sign_in, phone, secret)
                .await
                .map_err(as_sign_in_failure),
            _ => self.look_up(net, phone).await,
        }
    }

    async fn sign_in_with<T: Transport>(
        &self,
        net: &T,
        sign_in: &SignInMapping,
        phone: &str,
        secret: &str,
    ) -> Result<(Session, SessionUser), SyncError> {
        let wire = self.wire();
        let mut body = sign_in.body.clone();
        body.insert(
            sign_in.phone_field.clone(),
            Value::from(as_kept(&sign_in.phone_value, phone)),
        );
        body.insert(sign_in.secret_field.clone(), Value::from(secret));
        let request = wire
            .request(Method::Post, &sign_in.path, &[], None)
            .json(Value::Object(body).to_string());
        let answer = json(&wire.exchange(net, request).await?)?;
        let token = answer
            .pointer(&sign_in.token)
            .and_then(Value::as_str)
            .filter(|token| !token.is_empty())
            .ok_or_else(|| bad(format!("no token at `{}`", sign_in.token)))?
            .to_string();
        let refresh_token = sign_in
            .refresh_token
            .as_deref()
            .and_then(|pointer| answer.pointer(pointer))
            .and_then(Value::as_str)
            .map(str::to_string);
        let who = match &sign_in.user.path {
            Some(path) => json(
                &wire
                    .exchange(net, wire.request(Method::Get, path, &[], Some(&token)))
                    .await?,
            )?,
            None => answer,
        };
        let id = who
            .pointer(&sign_in.user.id)
            .and_then(text_of)
            .ok_or_else(|| bad(format!("no user id at `{}`", sign_in.user.id)))?;
        let read = |pointer: &Option<String>| {
            pointer
                .as_deref()
                .and_then(|p| who.pointer(p))
                .and_then(text_of)
        };
        let name = read(&sign_in.user.name).unwrap_or_default();
        let grid_id = read(&sign_in.user.grid_id);
        Ok(resident(token, refresh_token, id, name, grid_id))
    }

    /// A new token for an expired one, where the backend renews them; `None` when it
    /// cannot (the person signs in again).
    pub async fn renew_token<T: Transport>(
        &self,
        net: &T,
        session: &Session,
    ) -> Result<Option<Session>, SyncError> {
        let Auth::SignIn(sign_in) = &self.mapping().auth else {
            return Ok(None);
        };
        let Some(refresh) = &sign_in.refresh else {
            return Ok(None);
        };
        let wire = self.wire();
        let request = match (&refresh.refresh_field, &session.refresh_token) {
            (Some(field), Some(refresh_token)) => wire
                .request(Method::Post, &refresh.path, &[], None)
                .json(serde_json::json!({ field: refresh_token }).to_string()),
            (Some(_), None) => return Ok(None),
            (None, _) => wire.request(Method::Post, &refresh.path, &[], Some(&session.token)),
        };
        let answer = match wire.exchange(net, request).await {
            Ok(response) => json(&response)?,
            // The refresh token expired too: the person signs in again.
            Err(SyncError::Unauthorized | SyncError::Rejected { .. }) => return Ok(None),
            Err(other) => return Err(other),
        };
        let Some(token) = answer.pointer(&refresh.token).and_then(Value::as_str) else {
            return Err(bad(format!("no token at `{}`", refresh.token)));
        };
        let refresh_token = refresh
            .refresh_token
            .as_deref()
            .and_then(|pointer| answer.pointer(pointer))
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| session.refresh_token.clone());
        Ok(Some(Session {
            token: token.to_string(),
            refresh_token,
            ..session.clone()
        }))
    }

    /// The user with this phone number, found through `users`; their id is the token.
    async fn look_up<T: Transport>(
        &self,
        net: &T,
        phone: &str,
    ) -> Result<(Session, SessionUser), SyncError> {
        let Some(users) = &self.mapping().users else {
            return Err(bad("no `users` in the description"));
        };
        let wire = self.wire();
        let query = [(users.phone_param.clone(), phone.to_string())];
        let response = wire
            .exchange(net, wire.request(Method::Get, &users.path, &query, None))
            .await?;
        let found = unwrap(json(&response)?, &users.envelope)?;
        let user = match found {
            Value::Array(list) => list.into_iter().next(),
            Value::Object(_) => Some(found),
            _ => None,
        }
        .ok_or_else(|| refused(401, "unknown_phone", "no user with this phone number"))?;
        let field = |ours: &str| {
            let theirs = users.fields.get(ours).map_or(ours, String::as_str);
            user.get(theirs).cloned().unwrap_or(Value::Null)
        };
        let id = text_of(&field("id")).ok_or_else(|| bad("a user without an id"))?;
        let name = field("name").as_str().unwrap_or_default().to_string();
        let grid_id = text_of(&field("grid_id"));
        Ok(resident(id.clone(), None, id, name, grid_id))
    }
}
