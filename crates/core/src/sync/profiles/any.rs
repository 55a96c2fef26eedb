//! The profile `config.json` names, as one type the engine and the app can hold.

use crate::activities::{Activity, ActivitySignup};
use crate::bookings::Bookable;
use crate::inbox::InboxPage;
use crate::model::{NewOrder, Order, Page, Shift, TransitionRequest};
use crate::sync::backend::{Attempt, Backend, BookingRequest, Fetched, Reference, SignupRequest};
use crate::sync::config::{AppConfig, ProfileName};
use crate::sync::error::SyncError;
use crate::sync::http::Transport;
use crate::sync::session::Session;

#[cfg(feature = "json-server")]
use super::json_server::JsonServerProfile;
#[cfg(feature = "mapped")]
use super::mapped::MappedProfile;
#[cfg(feature = "open311")]
use super::open311::Open311Profile;
use super::yizhan::YizhanProfile;
use crate::sync::abilities::Abilities;
use crate::sync::session::SessionUser;

#[derive(Clone, Debug)]
pub enum Profile {
    Yizhan(YizhanProfile),
    #[cfg(feature = "json-server")]
    JsonServer(JsonServerProfile),
    // Boxed: a description is large, and the profile is cloned for every sign-in.
    #[cfg(feature = "mapped")]
    Mapped(Box<MappedProfile>),
    #[cfg(feature = "open311")]
    Open311(Box<Open311Profile>),
}

impl Profile {
    /// `now_ms` is the device's clock, for backends that keep no time of their own.
    ///
    /// `AppConfig::parse` refuses a profile this build does not carry, and a mapped or
    /// open311 profile without its settings; a configuration built by hand that does
    /// either speaks the contract at `base_url`.
    pub fn from_config(config: &AppConfig, now_ms: fn() -> i64) -> Profile {
        let _ = now_ms; // Unused in a build that carries only the contract's profile.
        match (&config.profile, &config.mapping, &config.open311) {
            (ProfileName::Yizhan, _, _) => Profile::Yizhan(YizhanProfile::new(&config.base_url)),
            #[cfg(feature = "json-server")]
            (ProfileName::JsonServer, _, _) => {
                Profile::JsonServer(JsonServerProfile::new(&config.base_url, now_ms))
            }
            #[cfg(feature = "mapped")]
            (ProfileName::Mapped, Some(mapping), _) => Profile::Mapped(Box::new(
                MappedProfile::new(&config.base_url, mapping.clone(), now_ms),
            )),
            #[cfg(feature = "open311")]
            (ProfileName::Open311, _, Some(settings)) => Profile::Open311(Box::new(
                Open311Profile::new(&config.base_url, settings.clone(), now_ms),
            )),
            // Not reached through `AppConfig::parse`.
            _ => Profile::Yizhan(YizhanProfile::new(&config.base_url)),
        }
    }
}

impl Backend for Profile {
    fn abilities(&self) -> Abilities {
        match self {
            Profile::Yizhan(p) => p.abilities(),
            #[cfg(feature = "json-server")]
            Profile::JsonServer(p) => p.abilities(),
            #[cfg(feature = "mapped")]
            Profile::Mapped(p) => p.abilities(),
            #[cfg(feature = "open311")]
            Profile::Open311(p) => p.abilities(),
        }
    }

    async fn request_code<T: Transport>(
        &self,
        net: &T,
        phone: &str,
    ) -> Result<Option<String>, SyncError> {
        match self {
            Profile::Yizhan(p) => p.request_code(net, phone).await,
            #[cfg(feature = "json-server")]
            Profile::JsonServer(p) => p.request_code(net, phone).await,
            #[cfg(feature = "mapped")]
            Profile::Mapped(p) => p.request_code(net, phone).await,
            #[cfg(feature = "open311")]
            Profile::Open311(p) => Box::pin(p.request_code(net, phone)).await,
        }
    }

    async fn sign_in<T: Transport>(
        &self,
        net: &T,
        phone: &str,
        secret: &str,
    ) -> Result<(Session, SessionUser), SyncError> {
        match self {
            Profile::Yizhan(p) => p.sign_in(net, phone, secret).await,
            #[cfg(feature = "json-server")]
            Profile::JsonServer(p) => p.sign_in(net, phone, secret).await,
            #[cfg(feature = "mapped")]
            Profile::Mapped(p) => p.sign_in(net, phone, secret).await,
            #[cfg(feature = "open311")]
            Profile::Open311(p) => Box::pin(p.sign_in(net, phone, secret)).await,
        }
    }

    async fn inbox<T: Transport>(
        &self,
        net: &T,
        token: &str,
        since: Option<&str>,
    ) -> Result<Option<InboxPage>, SyncError> {
        match self {
            Profile::Yizhan(p) => p.inbox(net, token, since).await,
            // The others keep no inbox.
            #[allow(unreachable_patterns)]
            _ => Ok(None),
        }
    }

    async fn wait_inbox<T: Transport>(
        &self,
        net: &T,
        token: &str,
        since: Option<&str>,
        wait_seconds: u32,
    ) -> Result<Option<InboxPage>, SyncError> {
        match self {
            Profile::Yizhan(p) => p.wait_inbox(net, token, since, wait_seconds).await,
            #[allow(unreachable_patterns)]
            _ => Ok(None),
        }
    }

    async fn mark_read<T: Transport>(
        &self,
        net: &T,
        token: &str,
        ids: &[String],
    ) -> Result<(), SyncError> {
        match self {
            Profile::Yizhan(p) => p.mark_read(net, token, ids).await,
            #[allow(unreachable_patterns)]
            _ => Ok(()),
        }
    }

    async fn push_key<T: Transport>(
        &self,
        net: &T,
        token: &str,
    ) -> Result<Option<String>, SyncError> {
        match self {
            Profile::Yizhan(p) => p.push_key(net, token).await,
            // The others do not push.
            #[allow(unreachable_patterns)]
            _ => Ok(None),
        }
    }

    async fn put_push_subscription<T: Transport>(
        &self,
        net: &T,
        token: &str,
        subscription: &serde_json::Value,
    ) -> Result<(), SyncError> {
        match self {
            Profile::Yizhan(p) => p.put_push_subscription(net, token, subscription).await,
            #[allow(unreachable_patterns)]
            _ => Ok(()),
        }
    }

    async fn drop_push_subscription<T: Transport>(
        &self,
        net: &T,
        token: &str,
        endpoint: &str,
    ) -> Result<(), SyncError> {
        match self {
            Profile::Yizhan(p) => p.drop_push_subscription(net, token, endpoint).await,
            #[allow(unreachable_patterns)]
            _ => Ok(()),
        }
    }

    async fn reach_settings<T: Transport>(
        &self,
        net: &T,
        token: &str,
    ) -> Result<Option<crate::reach::ReachSettings>, SyncError> {
        match self {
            Profile::Yizhan(p) => p.reach_settings(net, token).await,
            #[allow(unreachable_patterns)]
            _ => Ok(None),
        }
    }

    async fn put_reach_settings<T: Transport>(
        &self,
        net: &T,
        token: &str,
        settings: &crate::reach::ReachSettings,
    ) -> Result<crate::reach::ReachSettings, SyncError> {
        match self {
            Profile::Yizhan(p) => p.put_reach_settings(net, token, settings).await,
            #[allow(unreachable_patterns)]
            _ => Ok(settings.clone()),
        }
    }

    async fn calendar<T: Transport>(
        &self,
        net: &T,
        token: &str,
    ) -> Result<Option<String>, SyncError> {
        match self {
            Profile::Yizhan(p) => p.calendar(net, token).await,
            #[cfg(feature = "json-server")]
            Profile::JsonServer(p) => p.calendar(net, token).await,
            #[cfg(feature = "mapped")]
            Profile::Mapped(p) => p.calendar(net, token).await,
            #[cfg(feature = "open311")]
            Profile::Open311(p) => Box::pin(p.calendar(net, token)).await,
        }
    }

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
            #[cfg(feature = "json-server")]
            Profile::JsonServer(p) => p.create_order(net, token, id, order, attempt).await,
            #[cfg(feature = "mapped")]
            Profile::Mapped(p) => p.create_order(net, token, id, order, attempt).await,
            #[cfg(feature = "open311")]
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
            #[cfg(feature = "json-server")]
            Profile::JsonServer(p) => p.transition(net, token, order_id, version, request).await,
            #[cfg(feature = "mapped")]
            Profile::Mapped(p) => p.transition(net, token, order_id, version, request).await,
            #[cfg(feature = "open311")]
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
            #[cfg(feature = "json-server")]
            Profile::JsonServer(p) => p.orders_since(net, token, cursor).await,
            #[cfg(feature = "mapped")]
            Profile::Mapped(p) => p.orders_since(net, token, cursor).await,
            #[cfg(feature = "open311")]
            Profile::Open311(p) => p.orders_since(net, token, cursor).await,
        }
    }

    fn lists_changes(&self) -> bool {
        match self {
            #[cfg(feature = "open311")]
            Profile::Open311(p) => p.lists_changes(),
            Profile::Yizhan(p) => p.lists_changes(),
            #[cfg(any(feature = "json-server", feature = "mapped"))]
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
            #[cfg(feature = "open311")]
            Profile::Open311(p) => p.refresh_held(net, token, held).await,
            Profile::Yizhan(p) => p.refresh_held(net, token, held).await,
            #[cfg(any(feature = "json-server", feature = "mapped"))]
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
            #[cfg(feature = "json-server")]
            Profile::JsonServer(p) => p.reference(net, token, kind, etag).await,
            #[cfg(feature = "mapped")]
            Profile::Mapped(p) => p.reference(net, token, kind, etag).await,
            #[cfg(feature = "open311")]
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
            #[cfg(feature = "json-server")]
            Profile::JsonServer(p) => p.shift_signup(net, token, shift_id, take).await,
            #[cfg(feature = "mapped")]
            Profile::Mapped(p) => p.shift_signup(net, token, shift_id, take).await,
            #[cfg(feature = "open311")]
            Profile::Open311(p) => Box::pin(p.shift_signup(net, token, shift_id, take)).await,
        }
    }

    async fn activity_calendar<T: Transport>(
        &self,
        net: &T,
        token: &str,
    ) -> Result<Option<String>, SyncError> {
        match self {
            Profile::Yizhan(p) => p.activity_calendar(net, token).await,
            #[cfg(any(feature = "json-server", feature = "mapped", feature = "open311"))]
            _ => Ok(None),
        }
    }

    async fn activity_signup<T: Transport>(
        &self,
        net: &T,
        token: &str,
        activity_id: &str,
        signup: &SignupRequest,
    ) -> Result<Activity, SyncError> {
        match self {
            Profile::Yizhan(p) => p.activity_signup(net, token, activity_id, signup).await,
            #[cfg(any(feature = "json-server", feature = "mapped", feature = "open311"))]
            _ => Err(crate::sync::backend::not_offered()),
        }
    }

    async fn book<T: Transport>(
        &self,
        net: &T,
        token: &str,
        bookable_id: &str,
        booking: &BookingRequest,
    ) -> Result<Bookable, SyncError> {
        match self {
            Profile::Yizhan(p) => p.book(net, token, bookable_id, booking).await,
            #[cfg(any(feature = "json-server", feature = "mapped", feature = "open311"))]
            _ => Err(crate::sync::backend::not_offered()),
        }
    }

    async fn check_in<T: Transport>(
        &self,
        net: &T,
        token: &str,
        activity_id: &str,
        code: &str,
        at: &str,
    ) -> Result<ActivitySignup, SyncError> {
        match self {
            Profile::Yizhan(p) => p.check_in(net, token, activity_id, code, at).await,
            #[cfg(any(feature = "json-server", feature = "mapped", feature = "open311"))]
            _ => Err(crate::sync::backend::not_offered()),
        }
    }

    async fn renew<T: Transport>(
        &self,
        net: &T,
        session: &Session,
    ) -> Result<Option<Session>, SyncError> {
        match self {
            #[cfg(feature = "mapped")]
            Profile::Mapped(p) => p.renew_token(net, session).await,
            Profile::Yizhan(p) => p.renew(net, session).await,
            #[cfg(any(feature = "json-server", feature = "open311"))]
            _ => Ok(None),
        }
    }
}
