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
//!   description (`驿站单号：<id>`), and before posting the profile looks for it among
//!   the service's recent requests. A resend whose first answer was lost finds the first
//!   one instead of filing a second. A server that hides descriptions defeats this.
//! - no list of changes: each sync reads the device's unfinished orders by id.
//! - two statuses: `open` reads as submitted, or accepted once an agency is responsible;
//!   `closed` as completed. Each new `status_notes` becomes a timeline entry.
//! - no steps from residents (cancel, confirm): refused, and the app does not offer them.
//! - no community, grids, stations or shifts: from a companion backend if configured,
//!   otherwise not offered.

use crate::model::{Assignee, Shift, TimelineEntry, TransitionRequest};
use crate::model::{AttributeValue, NewOrder, Order, OrderKind, OrderStatus, Page};
use crate::sync::backend::{Backend, Fetched, Reference, ReferenceData};
use crate::sync::classify::classify;
use crate::sync::error::SyncError;
use crate::sync::http::{HttpRequest, HttpResponse, Method, Transport};

use super::client_side::{instant_ms, refused, stamp, submitted};
use super::open311_auth::Open311Token;
use super::open311_config::Open311Settings;
use super::open311_wire::{
    catalogue_entry, complaint, first, form, Receipt, ServiceDefinition, ServiceRequest,
    ServiceSummary,
};
use super::wire::{body, segment};
use super::Profile;

/// How far back a resend looks for its first attempt: an outbox entry older than this
/// has been retried for a month, and its first answer would have come long before.
const RESEND_WINDOW_MS: i64 = 30 * 24 * 3600 * 1000;

/// Requests read at once by id (comma-separated `service_request_id`): short enough
/// for any server's URL limit.
const IDS_PER_READ: usize = 50;

#[derive(Clone, Debug)]
pub struct Open311Profile {
    base_url: String,
    settings: Open311Settings,
    companion: Option<Box<Profile>>,
    now_ms: fn() -> i64,
}

/// Where the server has an order, as the first timeline entry's id records it.
#[derive(Clone, Debug, PartialEq)]
enum ServerRef {
    Request(String),
    /// Taken, but not yet given an id.
    Token(String),
}

impl ServerRef {
    const REQUEST: &'static str = "open311:request:";
    const TOKEN: &'static str = "open311:token:";

    fn of(order: &Order) -> Option<ServerRef> {
        let entry = order.timeline.first()?;
        if let Some(id) = entry.id.strip_prefix(Self::REQUEST) {
            return Some(ServerRef::Request(id.to_string()));
        }
        entry
            .id
            .strip_prefix(Self::TOKEN)
            .map(|token| ServerRef::Token(token.to_string()))
    }

    fn entry_id(&self) -> String {
        match self {
            ServerRef::Request(id) => format!("{}{id}", Self::REQUEST),
            ServerRef::Token(token) => format!("{}{token}", Self::TOKEN),
        }
    }
}

/// The line that lets a resend find its first attempt.
fn order_number_line(id: &str) -> String {
    format!("驿站单号：{id}")
}

fn is_finished(status: OrderStatus) -> bool {
    matches!(
        status,
        OrderStatus::Completed
            | OrderStatus::Closed
            | OrderStatus::Cancelled
            | OrderStatus::Rejected
    )
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
    fn get(&self, resource: &str, query: &[(&str, String)]) -> HttpRequest {
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
    async fn exchange<T: Transport>(
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

    /// The service an order is filed under.
    fn service_code(&self, order: &NewOrder) -> Result<String, SyncError> {
        match order.kind {
            OrderKind::Wish => self.settings.wish_service_code.clone().ok_or_else(|| {
                refused(
                    422,
                    "not_offered",
                    "this city's service platform takes no wishes",
                )
            }),
            OrderKind::Service => order
                .service_id
                .clone()
                .ok_or_else(|| refused(422, "validation", "no service chosen")),
        }
    }

    /// The form `POST requests.json` takes.
    fn request_form(
        &self,
        id: &str,
        order: &NewOrder,
        service_code: String,
        who: &Open311Token,
    ) -> Vec<(String, String)> {
        let mut pairs = vec![("api_key".to_string(), self.settings.api_key.clone())];
        if let Some(jurisdiction) = &self.settings.jurisdiction_id {
            pairs.push(("jurisdiction_id".into(), jurisdiction.clone()));
        }
        pairs.push(("service_code".into(), service_code));
        match (&order.address, self.settings.location) {
            (Some(address), _) if !address.trim().is_empty() => {
                pairs.push(("address_string".into(), address.clone()));
            }
            (_, Some(location)) => {
                pairs.push(("lat".into(), location.lat.to_string()));
                pairs.push(("long".into(), location.long.to_string()));
            }
            _ => {}
        }
        let phone = order
            .contact_phone
            .clone()
            .unwrap_or_else(|| who.phone.clone());
        if !phone.is_empty() {
            pairs.push(("phone".into(), phone));
        }
        let preferred = order
            .preferred_time
            .as_ref()
            .map(|time| format!("期望时间：{time}"));
        let description = [
            Some(order.title.clone()),
            Some(order.description.clone()),
            preferred,
            Some(order_number_line(id)),
        ]
        .into_iter()
        .flatten()
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
        pairs.push(("description".into(), description));
        for (code, value) in &order.attributes {
            match value {
                AttributeValue::Text(text) => {
                    pairs.push((format!("attribute[{code}]"), text.clone()))
                }
                AttributeValue::Number(number) => {
                    pairs.push((format!("attribute[{code}]"), number.to_string()));
                }
                // A singlevaluelist answer is one key; GeoReport writes a list's with `[]`.
                // The profile does not hold the catalogue, so one key goes as a single
                // value either way.
                AttributeValue::Choices(keys) if keys.len() == 1 => {
                    pairs.push((format!("attribute[{code}]"), keys[0].clone()));
                }
                AttributeValue::Choices(keys) => pairs.extend(
                    keys.iter()
                        .map(|key| (format!("attribute[{code}][]"), key.clone())),
                ),
            }
        }
        pairs
    }

    /// A request this device filed before under `id`, among the service's recent ones.
    /// `None` also where the server cannot search (it refused the query): then the
    /// order is posted, as nothing better can be done.
    async fn find_filed<T: Transport>(
        &self,
        net: &T,
        id: &str,
        service_code: &str,
    ) -> Result<Option<ServiceRequest>, SyncError> {
        let since = stamp((self.now_ms)() - RESEND_WINDOW_MS);
        let query = [
            ("service_code", service_code.to_string()),
            ("start_date", since),
        ];
        let found = match self.exchange(net, self.get("requests.json", &query)).await {
            Ok(response) => body::<Vec<ServiceRequest>>(&response)?,
            Err(SyncError::Rejected { .. }) => return Ok(None),
            Err(error) => return Err(error),
        };
        let line = order_number_line(id);
        Ok(found.into_iter().find(|request| {
            request.service_request_id.is_some()
                && request
                    .description
                    .as_deref()
                    .is_some_and(|text| text.lines().any(|l| l.trim() == line))
        }))
    }

    /// The request's id once the server has given one.
    async fn resolve<T: Transport>(
        &self,
        net: &T,
        token: &str,
    ) -> Result<Option<String>, SyncError> {
        let resource = format!("tokens/{}.json", segment(token));
        let answer: Vec<Receipt> = body(&self.exchange(net, self.get(&resource, &[])).await?)?;
        Ok(answer.into_iter().find_map(|r| r.service_request_id))
    }

    /// The order as filed: the device's copy, with the server's reference and notice.
    fn filed(
        &self,
        id: &str,
        order: &NewOrder,
        owner: &str,
        at: ServerRef,
        notice: Option<String>,
    ) -> Order {
        let mut filed = submitted(id, order, owner, &stamp((self.now_ms)()));
        if let Some(entry) = filed.timeline.first_mut() {
            entry.id = at.entry_id();
            entry.note = notice.filter(|n| !n.trim().is_empty());
        }
        filed
    }

    /// `held` as the server now has it; unchanged when nothing moved.
    fn merged(&self, held: &Order, request: &ServiceRequest) -> Order {
        let agency = request
            .agency_responsible
            .as_ref()
            .filter(|a| !a.trim().is_empty());
        let status = match (request.status.as_str(), agency) {
            ("closed", _) => OrderStatus::Completed,
            (_, Some(_)) => OrderStatus::Accepted,
            _ => OrderStatus::Submitted,
        };
        let at = request
            .updated_datetime
            .as_deref()
            .and_then(instant_ms)
            .map_or_else(|| stamp((self.now_ms)()), stamp);
        let note = request
            .status_notes
            .as_ref()
            .filter(|n| !n.trim().is_empty())
            .cloned();
        let last_note = held
            .timeline
            .iter()
            .skip(1)
            .rev()
            .find_map(|entry| entry.note.clone());
        let new_note = note.filter(|n| Some(n) != last_note.as_ref());
        if status == held.status && new_note.is_none() {
            return held.clone();
        }
        let mut after = held.clone();
        let action = match status {
            OrderStatus::Completed => "complete",
            OrderStatus::Accepted if held.status != OrderStatus::Accepted => "accept",
            _ => "update",
        };
        after.timeline.push(TimelineEntry {
            id: format!("open311:{}:{at}", after.timeline.len()),
            at: at.clone(),
            status,
            action: action.into(),
            by_role: "city".into(),
            note: new_note,
        });
        after.status = status;
        after.assignee = agency.map(|name| Assignee {
            id: format!("agency:{name}"),
            name: name.clone(),
        });
        after.version = held.version + 1;
        after.updated_at = at;
        after
    }

    fn with_ref(order: &Order, at: &ServerRef) -> Order {
        let mut moved = order.clone();
        if let Some(entry) = moved.timeline.first_mut() {
            entry.id = at.entry_id();
        }
        moved.version += 1;
        moved
    }
}

impl Backend for Open311Profile {
    async fn create_order<T: Transport>(
        &self,
        net: &T,
        token: &str,
        id: &str,
        order: &NewOrder,
    ) -> Result<Order, SyncError> {
        let who = Open311Token::read(token)?;
        let service_code = self.service_code(order)?;
        if let Some(first_time) = self.find_filed(net, id, &service_code).await? {
            let at = ServerRef::Request(first_time.service_request_id.clone().unwrap_or_default());
            let filed = self.filed(id, order, &who.user, at, None);
            return Ok(self.merged(&filed, &first_time));
        }
        let post = HttpRequest::new(Method::Post, format!("{}/requests.json", self.base_url))
            .header("accept", "application/json")
            .form(form(&self.request_form(id, order, service_code, &who)));
        let receipt = first(body::<Vec<Receipt>>(&self.exchange(net, post).await?)?)?;
        // From here the city has the request: nothing below may fail the create, or it
        // would be filed again.
        let at = match (receipt.service_request_id, receipt.token) {
            (Some(request), _) => ServerRef::Request(request),
            (None, Some(token)) => match self.resolve(net, &token).await {
                Ok(Some(request)) => ServerRef::Request(request),
                _ => ServerRef::Token(token),
            },
            (None, None) => {
                return Err(SyncError::BadResponse(
                    "neither a request id nor a token in the answer".into(),
                ))
            }
        };
        Ok(self.filed(id, order, &who.user, at, receipt.service_notice))
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
        let mut changed = Vec::new();
        let mut by_request: Vec<(String, Order)> = Vec::new();
        for order in held.iter().filter(|o| !o.deleted && !is_finished(o.status)) {
            match ServerRef::of(order) {
                Some(ServerRef::Request(request)) => by_request.push((request, order.clone())),
                Some(ServerRef::Token(token)) => {
                    if let Some(request) = self.resolve(net, &token).await? {
                        let moved = Self::with_ref(order, &ServerRef::Request(request.clone()));
                        changed.push(moved.clone());
                        by_request.push((request, moved));
                    }
                }
                // Not filed through GeoReport (from before the backend changed).
                None => {}
            }
        }
        for batch in by_request.chunks(IDS_PER_READ) {
            let ids = batch
                .iter()
                .map(|(id, _)| id.as_str())
                .collect::<Vec<_>>()
                .join(",");
            let query = [("service_request_id", ids)];
            let answers: Vec<ServiceRequest> = body(
                &self
                    .exchange(net, self.get("requests.json", &query))
                    .await?,
            )?;
            for (request_id, order) in batch {
                let Some(answer) = answers
                    .iter()
                    .find(|a| a.service_request_id.as_deref() == Some(request_id))
                else {
                    continue;
                };
                let after = self.merged(order, answer);
                if after != *order {
                    changed.retain(|o: &Order| o.id != after.id);
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
                (Some(companion), Some(token)) if companion.offers(kind) => {
                    Box::pin(companion.reference(net, &token, kind, etag)).await
                }
                _ => Ok(Fetched::NotOffered),
            };
        }
        let summaries: Vec<ServiceSummary> =
            body(&self.exchange(net, self.get("services.json", &[])).await?)?;
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
            etag: None,
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
