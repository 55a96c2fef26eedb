//! The `open311` profile: a city's GeoReport v2 server (wiki.open311.org/GeoReport_v2).
//! Its catalogue is `services.json`, each service's attributes its form's questions; a
//! new order is a form-encoded `POST requests.json` with the configured `api_key` and
//! `jurisdiction_id`; its progress is read back from `requests.json` by id.
//!
//! What GeoReport cannot do, and what the profile does about it:
//! - it assigns its own ids, possibly later (a `token` to resolve through
//!   `tokens/{token}.json`). The order keeps the device's id; the server's reference is
//!   the id of its first timeline entry (`open311:request:<id>` or `open311:token:<t>`),
//!   which the profile alone reads.
//! - no idempotent create: every request carries the device's order number in its
//!   description (`驿站单号：<id>`). Before sending again an order that may have reached
//!   the server, the profile looks for it among the service's requests since it was
//!   queued: a resend whose first answer was lost finds the first filing instead of
//!   making a second. Where the server refuses that search, the order is parked for the
//!   resident to check by phone rather than risk a second filing. A server that hides
//!   descriptions defeats this.
//! - no list of changes: each sync reads the device's unfinished orders by id.
//! - two statuses: `open` reads as submitted, or accepted once an agency is responsible;
//!   `closed` as completed. Each new `status_notes` becomes a timeline entry
//!   (`progress.rs`).
//! - no steps from residents (cancel, confirm): refused, and the app does not offer them.
//! - no community, grids, stations or shifts: from a companion backend if configured,
//!   otherwise not offered.

mod auth;
pub mod config;
mod filing;
mod progress;
mod wire;

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::model::{NewOrder, Order, Page, Shift, TransitionRequest};
use crate::sync::abilities::Abilities;
use crate::sync::backend::{Attempt, Backend, Fetched, Reference, ReferenceData};
use crate::sync::classify::classify;
use crate::sync::error::{Doubt, SyncError};
use crate::sync::http::{HttpRequest, HttpResponse, Method, Transport};
use crate::sync::session::{Session, SessionUser};

use self::auth::Open311Token;
use self::config::Open311Settings;
use self::filing::Search;
use self::progress::{merged, ServerRef};
use self::wire::{
    catalogue_entry, complaint, form, Receipt, ServiceDefinition, ServiceRequest, ServiceSummary,
};
use super::Profile;
use crate::sync::profiles::client_side::{instant_ms, refused, stamp};
use crate::sync::profiles::wire::{body, segment};

/// Requests read at once by id (comma-separated `service_request_id`): short enough
/// for any server's URL limit.
const IDS_PER_READ: usize = 50;

#[derive(Clone, Debug)]
pub struct Open311Profile {
    base_url: String,
    pub(super) settings: Open311Settings,
    companion: Option<Box<Profile>>,
    pub(super) now_ms: fn() -> i64,
}

impl Open311Profile {
    pub fn new(base_url: &str, settings: Open311Settings, now_ms: fn() -> i64) -> Open311Profile {
        let companion = settings.companion.as_deref().map(|config| {
            let mut config = config.clone();
            // The companion's own companions are not read: it is one backend.
            config.open311 = None;
            Box::new(Profile::from_config(&config, now_ms))
        });
        Open311Profile {
            base_url: base_url.trim_end_matches('/').to_string(),
            settings,
            companion,
            now_ms,
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn companion(&self) -> Option<&Profile> {
        self.companion.as_deref()
    }

    /// Whether residents may file wishes here.
    pub fn takes_wishes(&self) -> bool {
        self.settings.wish_service_code.is_some()
    }

    /// `GET` of a GeoReport resource, with the jurisdiction where one is configured.
    pub(super) fn get(&self, resource: &str, query: &[(&str, String)]) -> HttpRequest {
        let mut pairs: Vec<(String, String)> = Vec::new();
        if let Some(jurisdiction) = &self.settings.jurisdiction_id {
            pairs.push(("jurisdiction_id".into(), jurisdiction.clone()));
        }
        pairs.extend(query.iter().map(|(k, v)| (k.to_string(), v.clone())));
        let query = if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", form(&pairs))
        };
        HttpRequest::new(Method::Get, format!("{}/{resource}{query}", self.base_url))
            .header("accept", "application/json")
    }

    /// Sends a request; GeoReport's own error bodies become the parked entry's message.
    pub(super) async fn exchange<T: Transport>(
        &self,
        net: &T,
        request: HttpRequest,
    ) -> Result<HttpResponse, SyncError> {
        let response = net.send(request).await?;
        if response.is_success() {
            return Ok(response);
        }
        Err(match classify(&response) {
            SyncError::Rejected {
                status,
                kind,
                message,
                fields,
            } => SyncError::Rejected {
                status,
                kind,
                message: complaint(&response.body).unwrap_or(message),
                fields,
            },
            other => other,
        })
    }

    /// Where the server has `order` now, if that can be learnt: a token resolved, a
    /// filing with an unreadable receipt found. `None` leaves it for a later sync; only
    /// the network, the server's health or the sign-in stop the pull.
    async fn locate<T: Transport>(
        &self,
        net: &T,
        order: &Order,
    ) -> Result<Option<String>, SyncError> {
        let outcome = match ServerRef::of(order) {
            Some(ServerRef::Request(id)) => return Ok(Some(id)),
            Some(ServerRef::Token(token)) => self.resolve(net, &token).await,
            Some(ServerRef::Lookup) => {
                let code = self.service_code(order.kind, order.service_id.as_ref())?;
                let queued = instant_ms(&order.created_at).unwrap_or_else(|| (self.now_ms)());
                self.find_filed(net, &order.id, &code, queued)
                    .await
                    .map(|search| match search {
                        Search::Found { id, .. } => Some(id),
                        Search::Absent | Search::Unsupported => None,
                    })
            }
            // Not filed through GeoReport (from before the backend changed).
            None => Ok(None),
        };
        match outcome {
            // An expired token, a server that will not search: nothing more to learn.
            Err(SyncError::Rejected { .. }) => Ok(None),
            other => other,
        }
    }
}

/// A catalogue's identity: the same `services.json` needs no definitions read again.
fn fingerprint(text: &str) -> String {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    format!("open311:{:016x}", hasher.finish())
}

impl Backend for Open311Profile {
    /// Filing and following requests; a resident's steps are taken at the city's own
    /// counter. Sign-in, the rota and the rest come from the companion, if configured.
    fn abilities(&self) -> Abilities {
        let companion = self.companion().map(Backend::abilities);
        Abilities {
            needs_code: companion.as_ref().is_some_and(|c| c.needs_code),
            needs_password: false,
            has_calendar: false,
            has_inbox: false,
            staff_work: false,
            takes_steps: false,
            takes_wishes: self.takes_wishes(),
            workbench: false,
            edits_profile: false,
            offers: Reference::ALL
                .into_iter()
                .filter(|kind| {
                    *kind == Reference::Services
                        || companion.as_ref().is_some_and(|c| c.offers(*kind))
                })
                .collect(),
        }
    }

    async fn request_code<T: Transport>(
        &self,
        net: &T,
        phone: &str,
    ) -> Result<Option<String>, SyncError> {
        self.send_code(net, phone).await
    }

    async fn sign_in<T: Transport>(
        &self,
        net: &T,
        phone: &str,
        secret: &str,
    ) -> Result<(Session, SessionUser), SyncError> {
        self.start_session(net, phone, secret).await
    }

    async fn create_order<T: Transport>(
        &self,
        net: &T,
        token: &str,
        id: &str,
        order: &NewOrder,
        attempt: Attempt,
    ) -> Result<Order, SyncError> {
        let who = Open311Token::read(token)?;
        let service_code = self.service_code(order.kind, order.service_id.as_ref())?;
        if attempt.maybe_sent {
            match self
                .find_filed(net, id, &service_code, attempt.queued_at)
                .await?
            {
                Search::Found {
                    id: request_id,
                    request,
                } => {
                    let at = ServerRef::Request(request_id);
                    let filed = self.filed(id, order, &who.user, &at, None);
                    return Ok(merged(&filed, &request, (self.now_ms)()));
                }
                Search::Absent => {}
                Search::Unsupported => return Err(SyncError::Unsure(Doubt::UnverifiableResend)),
            }
        }
        let post = HttpRequest::new(Method::Post, format!("{}/requests.json", self.base_url))
            .header("accept", "application/json")
            .form(form(&self.request_form(id, order, service_code, &who)));
        let response = self.exchange(net, post).await?;
        // From here the city has the request: nothing below may fail the create, or it
        // would be filed again. What cannot be read now is looked up on a later sync.
        let receipt = body::<Vec<Receipt>>(&response)
            .ok()
            .and_then(|receipts| receipts.into_iter().next());
        let notice = receipt.as_ref().and_then(|r| r.service_notice.clone());
        let at = match receipt.map(|r| (r.service_request_id, r.token)) {
            Some((Some(request), _)) => ServerRef::Request(request),
            Some((None, Some(token))) => match self.resolve(net, &token).await {
                Ok(Some(request)) => ServerRef::Request(request),
                _ => ServerRef::Token(token),
            },
            _ => ServerRef::Lookup,
        };
        Ok(self.filed(id, order, &who.user, &at, notice))
    }

    async fn transition<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
        _order_id: &str,
        _version: i64,
        _request: &TransitionRequest,
    ) -> Result<Order, SyncError> {
        Err(refused(
            422,
            "not_offered",
            "the city's service platform takes no steps from the app",
        ))
    }

    fn lists_changes(&self) -> bool {
        false
    }

    async fn orders_since<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
        _cursor: Option<&str>,
    ) -> Result<Page<Order>, SyncError> {
        Ok(Page {
            items: Vec::new(),
            next_cursor: None,
            has_more: false,
        })
    }

    async fn refresh_held<T: Transport>(
        &self,
        net: &T,
        _token: &str,
        held: &[Order],
    ) -> Result<Vec<Order>, SyncError> {
        // Each unfinished order the server can be asked about, as it will be compared:
        // with its reference brought up to date, and whether that alone is news.
        let mut located: Vec<(String, Order, bool)> = Vec::new();
        for order in held.iter().filter(|o| !o.deleted && !o.status.is_settled()) {
            let Some(request) = self.locate(net, order).await? else {
                continue;
            };
            let reference = ServerRef::Request(request.clone());
            if ServerRef::of(order).as_ref() == Some(&reference) {
                located.push((request, order.clone(), false));
            } else {
                located.push((request, reference.recorded_on(order), true));
            }
        }
        let mut changed = Vec::new();
        for batch in located.chunks(IDS_PER_READ) {
            let ids = batch
                .iter()
                .map(|(id, _, _)| id.as_str())
                .collect::<Vec<_>>()
                .join(",");
            let query = [("service_request_id", ids)];
            let answers: Vec<ServiceRequest> =
                match self.exchange(net, self.get("requests.json", &query)).await {
                    Ok(response) => body(&response)?,
                    // Ids the server no longer knows: the orders stay as last seen.
                    Err(SyncError::Rejected { .. }) => Vec::new(),
                    Err(error) => return Err(error),
                };
            for (request_id, order, moved) in batch {
                let answer = answers
                    .iter()
                    .find(|a| a.service_request_id.as_deref() == Some(request_id));
                let after =
                    answer.map_or_else(|| order.clone(), |a| merged(order, a, (self.now_ms)()));
                if *moved || after != *order {
                    changed.push(after);
                }
            }
        }
        Ok(changed)
    }

    async fn reference<T: Transport>(
        &self,
        net: &T,
        token: &str,
        kind: Reference,
        etag: Option<&str>,
    ) -> Result<Fetched, SyncError> {
        if kind != Reference::Services {
            let who = Open311Token::read(token)?;
            return match (self.companion(), who.companion) {
                (Some(companion), Some(token)) if companion.abilities().offers(kind) => {
                    Box::pin(companion.reference(net, &token, kind, etag)).await
                }
                _ => Ok(Fetched::NotOffered),
            };
        }
        let response = self.exchange(net, self.get("services.json", &[])).await?;
        // GeoReport has no ETags: the list itself tells whether the definitions, one
        // request each, need reading again.
        let seen = fingerprint(&response.body);
        if etag == Some(seen.as_str()) {
            return Ok(Fetched::NotModified);
        }
        let summaries: Vec<ServiceSummary> = body(&response)?;
        let as_of = stamp((self.now_ms)());
        let mut catalogue = Vec::new();
        for summary in summaries {
            if Some(&summary.service_code) == self.settings.wish_service_code.as_ref() {
                continue;
            }
            let definition = if summary.metadata {
                let resource = format!("services/{}.json", segment(&summary.service_code));
                let response = self.exchange(net, self.get(&resource, &[])).await?;
                Some(body::<ServiceDefinition>(&response)?)
            } else {
                None
            };
            catalogue.push(catalogue_entry(summary, definition, &as_of));
        }
        Ok(Fetched::Fresh {
            data: ReferenceData::Services(catalogue),
            etag: Some(seen),
        })
    }

    async fn shift_signup<T: Transport>(
        &self,
        net: &T,
        token: &str,
        shift_id: &str,
        take: bool,
    ) -> Result<Shift, SyncError> {
        let who = Open311Token::read(token)?;
        match (self.companion(), who.companion) {
            (Some(companion), Some(token)) => {
                Box::pin(companion.shift_signup(net, &token, shift_id, take)).await
            }
            _ => Err(refused(422, "not_offered", "no shifts on this backend")),
        }
    }
}
