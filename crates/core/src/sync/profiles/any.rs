//! The profile `config.json` names, as one type the engine and the app can hold.

use crate::model::{NewOrder, Order, Page, Shift, TransitionRequest};
use crate::sync::backend::{Attempt, Backend, Fetched, Reference};
use crate::sync::config::{AppConfig, ProfileName};
use crate::sync::error::SyncError;
use crate::sync::http::Transport;
use crate::sync::session::Session;

use super::abilities::Abilities;
use super::mapped::config::Secret;
use super::mapped::MappedProfile;
use super::open311::Open311Profile;
use super::{JsonServerProfile, YizhanProfile};
use crate::sync::session::SessionUser;

#[derive(Clone, Debug)]
pub enum Profile {
    Yizhan(YizhanProfile),
    JsonServer(JsonServerProfile),
    // Boxed: a description is large, and the profile is cloned for every sign-in.
    Mapped(Box<MappedProfile>),
    Open311(Box<Open311Profile>),
}

impl Profile {
    /// `now_ms` is the device's clock, for backends that keep no time of their own.
    pub fn from_config(config: &AppConfig, now_ms: fn() -> i64) -> Profile {
        match config.profile {
            ProfileName::Yizhan => Profile::Yizhan(YizhanProfile::new(&config.base_url)),
            ProfileName::JsonServer => {
                Profile::JsonServer(JsonServerProfile::new(&config.base_url, now_ms))
            }
            // `AppConfig::parse` refuses a mapped profile without its description.
            ProfileName::Mapped => match &config.mapping {
                Some(mapping) => Profile::Mapped(Box::new(MappedProfile::new(
                    &config.base_url,
                    mapping.clone(),
                    now_ms,
                ))),
                None => Profile::Yizhan(YizhanProfile::new(&config.base_url)),
            },
            // Likewise an open311 profile without its settings.
            ProfileName::Open311 => match &config.open311 {
                Some(settings) => Profile::Open311(Box::new(Open311Profile::new(
                    &config.base_url,
                    settings.clone(),
                    now_ms,
                ))),
                None => Profile::Yizhan(YizhanProfile::new(&config.base_url)),
            },
        }
    }

    pub fn base_url(&self) -> &str {
        match self {
            Profile::Yizhan(p) => p.base_url(),
            Profile::JsonServer(p) => p.base_url(),
            Profile::Mapped(p) => p.base_url(),
            Profile::Open311(p) => p.base_url(),
        }
    }

    /// Whether signing in takes a code sent to the phone. Backends without accounts
    /// (json-server, a mapped one without sign-in) only look the number up.
    pub fn needs_code(&self) -> bool {
        match self {
            Profile::Yizhan(_) => true,
            Profile::JsonServer(_) => false,
            Profile::Mapped(p) => p.secret() == Some(Secret::Code),
            Profile::Open311(p) => p.needs_code(),
        }
    }

    /// Whether signing in takes the person's password at the backend.
    pub fn needs_password(&self) -> bool {
        matches!(self, Profile::Mapped(p) if p.secret() == Some(Secret::Password))
    }

    /// Whether the backend keeps a volunteer's shifts as an iCalendar file.
    pub fn has_calendar(&self) -> bool {
        matches!(self, Profile::Yizhan(_))
    }

    /// Whether the backend has this reference data at all: the app explains a page it
    /// cannot fill rather than showing it empty.
    pub fn offers(&self, kind: Reference) -> bool {
        match self {
            Profile::Yizhan(_) => true,
            Profile::JsonServer(p) => p.offers(kind),
            Profile::Mapped(p) => p.offers(kind),
            Profile::Open311(p) => {
                kind == Reference::Services || p.companion().is_some_and(|c| c.offers(kind))
            }
        }
    }

    /// Whether residents' steps (cancel, confirm and rate) reach this backend.
    pub fn takes_steps(&self) -> bool {
        !matches!(self, Profile::Open311(_))
    }

    /// Whether residents may file micro-wishes (微心愿) here.
    pub fn takes_wishes(&self) -> bool {
        match self {
            Profile::Open311(p) => p.takes_wishes(),
            _ => true,
        }
    }

    /// All of the above, for the screens.
    pub fn abilities(&self) -> Abilities {
        Abilities {
            needs_code: self.needs_code(),
            needs_password: self.needs_password(),
            has_calendar: self.has_calendar(),
            // Only the contract says who is assigned and who may dispatch.
            staff_work: matches!(self, Profile::Yizhan(_)),
            takes_steps: self.takes_steps(),
            takes_wishes: self.takes_wishes(),
            offers: Reference::ALL
                .into_iter()
                .filter(|kind| self.offers(*kind))
                .collect(),
        }
    }

    /// Asks for a sign-in code; `Some` when the code comes back with the answer (demo).
    pub async fn request_code<T: Transport>(
        &self,
        net: &T,
        phone: &str,
    ) -> Result<Option<String>, SyncError> {
        match self {
            Profile::Yizhan(p) => p.request_code(net, phone).await,
            Profile::JsonServer(p) => p.request_code(net, phone).await,
            // No codes to send: the number only has to belong to someone.
            Profile::Mapped(p) => p.request_code(net, phone).await,
            Profile::Open311(p) => p.request_code(net, phone).await,
        }
    }

    pub async fn sign_in<T: Transport>(
        &self,
        net: &T,
        phone: &str,
        code: &str,
    ) -> Result<(Session, SessionUser), SyncError> {
        match self {
            Profile::Yizhan(p) => p.sign_in(net, phone, code).await,
            Profile::JsonServer(p) => p.sign_in(net, phone, code).await,
            Profile::Mapped(p) => p.sign_in(net, phone, code).await,
            Profile::Open311(p) => p.sign_in(net, phone, code).await,
        }
    }
}

impl Backend for Profile {
    async fn create_order<T: Transport>(
        &self,
        net: &T,
        token: &str,
        id: &str,
        order: &NewOrder,
        attempt: Attempt,
    ) -> Result<Order, SyncError> {
        match self {
            Profile::Yizhan(p) => p.create_order(net, token, id, order, attempt).await,
            Profile::JsonServer(p) => p.create_order(net, token, id, order, attempt).await,
            Profile::Mapped(p) => p.create_order(net, token, id, order, attempt).await,
            Profile::Open311(p) => p.create_order(net, token, id, order, attempt).await,
        }
    }

    async fn transition<T: Transport>(
        &self,
        net: &T,
        token: &str,
        order_id: &str,
        version: i64,
        request: &TransitionRequest,
    ) -> Result<Order, SyncError> {
        match self {
            Profile::Yizhan(p) => p.transition(net, token, order_id, version, request).await,
            Profile::JsonServer(p) => p.transition(net, token, order_id, version, request).await,
            Profile::Mapped(p) => p.transition(net, token, order_id, version, request).await,
            Profile::Open311(p) => p.transition(net, token, order_id, version, request).await,
        }
    }

    async fn orders_since<T: Transport>(
        &self,
        net: &T,
        token: &str,
        cursor: Option<&str>,
    ) -> Result<Page<Order>, SyncError> {
        match self {
            Profile::Yizhan(p) => p.orders_since(net, token, cursor).await,
            Profile::JsonServer(p) => p.orders_since(net, token, cursor).await,
            Profile::Mapped(p) => p.orders_since(net, token, cursor).await,
            Profile::Open311(p) => p.orders_since(net, token, cursor).await,
        }
    }

    fn lists_changes(&self) -> bool {
        match self {
            Profile::Open311(p) => p.lists_changes(),
            _ => true,
        }
    }

    async fn refresh_held<T: Transport>(
        &self,
        net: &T,
        token: &str,
        held: &[Order],
    ) -> Result<Vec<Order>, SyncError> {
        match self {
            Profile::Open311(p) => p.refresh_held(net, token, held).await,
            _ => Ok(Vec::new()),
        }
    }

    async fn reference<T: Transport>(
        &self,
        net: &T,
        token: &str,
        kind: Reference,
        etag: Option<&str>,
    ) -> Result<Fetched, SyncError> {
        match self {
            Profile::Yizhan(p) => p.reference(net, token, kind, etag).await,
            Profile::JsonServer(p) => p.reference(net, token, kind, etag).await,
            Profile::Mapped(p) => p.reference(net, token, kind, etag).await,
            Profile::Open311(p) => Box::pin(p.reference(net, token, kind, etag)).await,
        }
    }

    async fn shift_signup<T: Transport>(
        &self,
        net: &T,
        token: &str,
        shift_id: &str,
        take: bool,
    ) -> Result<Shift, SyncError> {
        match self {
            Profile::Yizhan(p) => p.shift_signup(net, token, shift_id, take).await,
            Profile::JsonServer(p) => p.shift_signup(net, token, shift_id, take).await,
            Profile::Mapped(p) => p.shift_signup(net, token, shift_id, take).await,
            Profile::Open311(p) => Box::pin(p.shift_signup(net, token, shift_id, take)).await,
        }
    }

    async fn renew<T: Transport>(
        &self,
        net: &T,
        session: &Session,
    ) -> Result<Option<Session>, SyncError> {
        match self {
            Profile::Mapped(p) => p.renew_token(net, session).await,
            _ => Ok(None),
        }
    }
}
