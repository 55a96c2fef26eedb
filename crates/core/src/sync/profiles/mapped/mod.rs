//! The `mapped` profile: any REST backend, described in `config.json` (see
//! `config.rs`). Records are the contract's `Order` in the backend's field names,
//! value words and time formats (`record.rs`); lists come in the backend's pages;
//! errors fall into the engine's classes by status or by the code a 200 answer carries
//! (`wire.rs`); each person signs in for their own token (`auth.rs`).
//!
//! What a generic backend cannot promise, the profile does on the client:
//! - A create is sent again only when reading the order back by the client's id proves
//!   the first did not arrive. When that cannot be proven (the backend ignores the
//!   filter, or answers what cannot be read), the order waits with a plain message and
//!   is never posted blindly.
//! - A step reads the order, checks its version (and its timeline, or on a backend
//!   without one whether the order already stands one version on where the step leads),
//!   writes, and counts as sent only when the order read back shows it.
//! - Orders the backend holds without a client's id (entered at the counter) are shown
//!   under their own id, read-only.
//! - Each sync reads the resident's orders from the first page (a generic backend has no
//!   "changed since"), ending at the total, a short page or a page that repeats; the
//!   engine keeps only versions newer than its own.

mod auth;
pub mod config;
pub mod record;
mod wire;

use serde_json::{json, Map, Value};
use time::UtcOffset;

use crate::model::{NewOrder, Order, Page, Shift, TransitionRequest, FILED_ELSEWHERE};
use crate::sync::abilities::Abilities;
use crate::sync::backend::{Attempt, Backend, Fetched, Reference, ReferenceData};
use crate::sync::error::{Doubt, SyncError};
use crate::sync::http::{HttpRequest, HttpResponse, Method, Transport};
use crate::sync::session::{Session, SessionUser};

use self::config::{
    fill, ListMapping, Mapping, Pagination, ReadMapping, Secret, WriteMapping, WriteMethod,
};
use self::record::RecordShape;
use self::wire::{bad, json, text_of, unwrap, wrap, Wire};
use crate::sync::profiles::client_side::{after_step, check_step, refused, stamp, submitted};
use crate::sync::profiles::wire::segment;

#[derive(Clone, Debug)]
pub struct MappedProfile {
    base_url: String,
    mapping: Mapping,
    /// The order's record shape, built once from the description.
    shape: RecordShape,
    zone: UtcOffset,
    now_ms: fn() -> i64,
}

/// Our fields that are ids, read as text when a backend sends numbers.
const ORDER_IDS: [&str; 4] = ["id", "service_id", "owner_id", "assignee.id"];

/// An order as the backend holds it, with the backend's own id where it makes one.
struct Stored {
    order: Order,
    server_id: Option<String>,
}

/// What reading an order back by the client's id showed.
enum Found {
    Order(Box<Stored>),
    /// The backend answered, and the order is not there.
    Absent,
    /// The backend answered, but its answer proves nothing (a filter it ignored).
    Unproven,
}

impl MappedProfile {
    pub fn new(base_url: &str, mapping: Mapping, now_ms: fn() -> i64) -> MappedProfile {
        MappedProfile {
            base_url: base_url.trim_end_matches('/').to_string(),
            shape: mapping.orders.shape(),
            zone: mapping.zone(),
            mapping,
            now_ms,
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub(super) fn mapping(&self) -> &Mapping {
        &self.mapping
    }

    pub(super) fn wire(&self) -> Wire<'_> {
        Wire {
            base_url: &self.base_url,
            mapping: &self.mapping,
        }
    }

    /// The token as the requests carry it: a signed-in person's own, or the user id a
    /// backend without sign-in was handed (it goes in `owner_param` only).
    fn token<'a>(&self, token: &'a str) -> Option<&'a str> {
        matches!(self.mapping.auth, self::config::Auth::SignIn(_)).then_some(token)
    }

    /// Where the description says this reference data is, if anywhere.
    fn reference_mapping(&self, kind: Reference) -> Option<&ReadMapping> {
        let references = &self.mapping.references;
        match kind {
            Reference::Community => references.community.as_ref(),
            Reference::Services => references.services.as_ref(),
            Reference::Grids => references.grids.as_ref(),
            Reference::Stations => references.stations.as_ref(),
            Reference::Shifts => references.shifts.as_ref(),
            _ => None,
        }
    }

    pub fn offers(&self, kind: Reference) -> bool {
        self.reference_mapping(kind).is_some()
    }

    /// Whether orders made at the backend (without the app's id) can be shown: only
    /// under their own id, when the description names it.
    pub fn shows_counter_orders(&self) -> bool {
        self.mapping.orders.server_id.is_some()
    }

    /// Our record (the contract's field names) in the backend's words, without what
    /// the backend sets itself.
    fn to_theirs(&self, mut ours: Map<String, Value>) -> Map<String, Value> {
        for field in &self.mapping.orders.read_only {
            if !field.contains('.') {
                ours.remove(field);
            }
        }
        let mut theirs = self.shape.write(&ours, self.zone);
        for field in &self.mapping.orders.read_only {
            if let Some(their) = self.mapping.orders.fields.get(field) {
                theirs.remove(their.split('.').next().unwrap_or(their));
            }
        }
        theirs
    }

    /// The backend's record as an order, with the contract's defaults for what it lacks.
    /// A record without the client's id was made at the backend (the counter, the
    /// hotline): it is shown under its own id, read-only.
    fn to_ours(&self, theirs: Value) -> Result<Order, SyncError> {
        self.to_stored(theirs).map(|stored| stored.order)
    }

    fn to_stored(&self, theirs: Value) -> Result<Stored, SyncError> {
        if !theirs.is_object() {
            return Err(bad("a record is not an object"));
        }
        let server_id = self
            .mapping
            .orders
            .server_id
            .as_deref()
            .and_then(|field| theirs.get(field))
            .and_then(text_of);
        let mapped = self.shape.read(&theirs, self.zone, &ORDER_IDS);
        let mut ours = json!({
            "service_id": null, "title": "", "description": "", "address": null,
            "contact_phone": null, "preferred_time": null, "attributes": {},
            "status": "submitted", "version": 1, "owner_id": "", "assignee": null,
            "rating": null, "created_at": "", "updated_at": "", "deleted": false,
            "timeline": []
        });
        if let Value::Object(mapped) = mapped {
            for (key, value) in mapped {
                // Null where they keep nothing: the contract's default stands.
                if !value.is_null() || ours.get(&key).is_some_and(Value::is_null) {
                    ours[key] = value;
                }
            }
        }
        if text_of(&ours["id"]).is_none() {
            let Some(server_id) = &server_id else {
                return Err(bad("a record without an id"));
            };
            ours["id"] = Value::from(format!("{FILED_ELSEWHERE}{server_id}"));
        }
        // A flat handler id and name with nobody in them: no one is assigned.
        if ours["assignee"]
            .get("id")
            .is_some_and(|id| text_of(id).is_none())
        {
            ours["assignee"] = Value::Null;
        }
        if ours.get("kind").is_none_or(Value::is_null) {
            let kind = if ours["service_id"].is_null() {
                "wish"
            } else {
                "service"
            };
            ours["kind"] = Value::from(kind);
        }
        let order = serde_json::from_value(ours).map_err(|e| bad(format!("a record: {e}")))?;
        Ok(Stored { order, server_id })
    }

    /// Whether a record carries our id or, where the description names it, theirs.
    fn identifiable(&self, record: &Value) -> bool {
        self.has_client_id(record)
            || self
                .mapping
                .orders
                .server_id
                .as_deref()
                .is_some_and(|field| has_text(record, field))
    }

    /// Whether a record carries the id an app gave it.
    fn has_client_id(&self, record: &Value) -> bool {
        let flat = match self
            .shape
            .flatten
            .as_deref()
            .and_then(|p| record.pointer(p))
        {
            Some(inner) => inner,
            None => record,
        };
        let ours = self
            .mapping
            .orders
            .fields
            .get("id")
            .map_or("id", String::as_str);
        has_text(record, ours) || has_text(flat, ours)
    }

    fn path(template: &str, id: &str, server_id: Option<&str>) -> String {
        let path = template.replace("{id}", &segment(id));
        match server_id {
            Some(server_id) => path.replace("{server_id}", &segment(server_id)),
            None => path,
        }
    }

    /// Reads the order with the client's id back: through `get` (a path with it), or
    /// `find` (a list filtered by it) where there is no such path.
    async fn find<T: Transport>(&self, net: &T, token: &str, id: &str) -> Result<Found, SyncError> {
        let wire = self.wire();
        let orders = &self.mapping.orders;
        if let (Some(find), None) = (&orders.find, &orders.get) {
            let query = [(find.param.clone(), fill(&find.value, id))];
            let request = orders.list.headers.iter().fold(
                wire.request(Method::Get, &orders.list.path, &query, self.token(token)),
                |request, (name, value)| request.header(name, value.clone()),
            );
            let response = wire.exchange(net, request).await?;
            let body = json(&response)?;
            let envelope = find.envelope.as_ref().or(orders.list.envelope.as_ref());
            let Value::Array(records) = unwrap(body.clone(), &envelope.cloned())? else {
                return Ok(Found::Unproven);
            };
            // An answer cut short (more in all than in the answer) proves nothing.
            let total = list_total(&orders.list, &body, &response);
            if total.is_some_and(|total| total > records.len() as u64) {
                return Ok(Found::Unproven);
            }
            let mut found = None;
            for record in records {
                if !self.has_client_id(&record) {
                    // No client id at all: a filter that lets records without the field
                    // through (json-server 1.0) says nothing of ours.
                    continue;
                }
                let stored = self.to_stored(record)?;
                if stored.order.id != id {
                    // A record of another order: the filter was ignored, and an absence
                    // would prove nothing.
                    return Ok(Found::Unproven);
                }
                found = Some(stored);
            }
            return Ok(found.map_or(Found::Absent, |stored| Found::Order(Box::new(stored))));
        }
        let Some(get) = &orders.get else {
            return Ok(Found::Unproven);
        };
        let request = wire.request(
            Method::Get,
            &Self::path(&get.path, id, None),
            &[],
            self.token(token),
        );
        let response = match wire.exchange(net, request).await {
            Ok(response) => response,
            Err(SyncError::Rejected {
                status: 404 | 410, ..
            }) => return Ok(Found::Absent),
            Err(error) => return Err(error),
        };
        match unwrap(json(&response)?, &get.envelope) {
            // Only "nothing here" proves absence; an answer of another shape proves
            // nothing (a proxy's page, another version of the API).
            Ok(Value::Null) => Ok(Found::Absent),
            Err(_) => Ok(Found::Unproven),
            Ok(record) => {
                let stored = self.to_stored(record)?;
                if stored.order.id == id {
                    Ok(Found::Order(Box::new(stored)))
                } else {
                    Ok(Found::Unproven)
                }
            }
        }
    }

    /// The order with the client's id, which must be there.
    async fn read<T: Transport>(
        &self,
        net: &T,
        token: &str,
        id: &str,
    ) -> Result<Stored, SyncError> {
        if let Some(get) = &self.mapping.orders.get {
            // Their own words when it is not there.
            let wire = self.wire();
            let request = wire.request(
                Method::Get,
                &Self::path(&get.path, id, None),
                &[],
                self.token(token),
            );
            let response = wire.exchange(net, request).await?;
            return self.to_stored(unwrap(json(&response)?, &get.envelope)?);
        }
        match self.find(net, token, id).await? {
            Found::Order(stored) => Ok(*stored),
            Found::Absent => Err(refused(
                404,
                "not_found",
                "the backend no longer has this order",
            )),
            Found::Unproven => Err(bad("the order could not be found by its id")),
        }
    }

    async fn write<T: Transport>(
        &self,
        net: &T,
        token: &str,
        how: &WriteMapping,
        id: &str,
        server_id: Option<&str>,
        mut record: Map<String, Value>,
    ) -> Result<HttpResponse, SyncError> {
        let method = match how.method {
            WriteMethod::Post => Method::Post,
            WriteMethod::Put => Method::Put,
            WriteMethod::Patch => Method::Patch,
        };
        let mut query = Vec::new();
        let carried_in_path = how.path.contains("{id}") || how.path.contains("{server_id}");
        let their_id = server_id.unwrap_or(id).to_string();
        if let Some(param) = &how.id_param {
            query.push((param.clone(), fill(&how.id_value, &their_id)));
        } else if !carried_in_path {
            // The id in the body: theirs where they have one.
            if let (Some(field), Some(server_id)) = (&self.mapping.orders.server_id, server_id) {
                record.insert(field.clone(), Value::from(server_id));
            }
        }
        let body = wrap(Value::Object(record), &how.body_envelope).to_string();
        let wire = self.wire();
        let mut request = wire
            .request(
                method,
                &Self::path(&how.path, id, server_id),
                &query,
                self.token(token),
            )
            .json(body);
        for (name, value) in &how.headers {
            request = request.header(name, value.clone());
        }
        wire.exchange(net, request).await
    }

    /// The written record from an answer that has it, else as read back.
    async fn written<T: Transport>(
        &self,
        net: &T,
        token: &str,
        how: &WriteMapping,
        id: &str,
        response: &HttpResponse,
    ) -> Result<Option<Order>, SyncError> {
        let answered = match unwrap(json(response)?, &how.envelope) {
            // PostgREST's `return=representation`: the written rows, as a list.
            Ok(Value::Array(rows)) => rows.into_iter().next(),
            Ok(record) => Some(record),
            Err(_) => None,
        };
        if let Some(record @ Value::Object(_)) = answered {
            if let Ok(order) = self.to_ours(record) {
                if order.id == id {
                    return Ok(Some(order));
                }
            }
        }
        match self.find(net, token, id).await? {
            Found::Order(stored) => Ok(Some(stored.order)),
            Found::Absent | Found::Unproven => Ok(None),
        }
    }

    async fn resource<T: Transport>(
        &self,
        net: &T,
        token: &str,
        how: &ReadMapping,
    ) -> Result<Value, SyncError> {
        let wire = self.wire();
        let response = wire
            .exchange(
                net,
                wire.request(Method::Get, &how.path, &[], self.token(token)),
            )
            .await?;
        unwrap(json(&response)?, &how.envelope)
    }
}

/// Where a pull stands within one pass over the resident's orders.
enum Position {
    Start,
    Page(u64),
    Offset(u64),
    Cursor(String),
    Link(String),
}

impl Position {
    fn parse(text: Option<&str>) -> Position {
        let Some((style, at)) = text.and_then(|t| t.split_once(':')) else {
            return Position::Start;
        };
        match style {
            "page" => at.parse().map_or(Position::Start, Position::Page),
            "offset" => at.parse().map_or(Position::Start, Position::Offset),
            "cursor" => Position::Cursor(at.to_string()),
            "link" => Position::Link(at.to_string()),
            _ => Position::Start,
        }
    }
}

/// A list's count of all its records, where the answer gives one: at the description's
/// pointer (a number or digits), or in `Content-Range`.
fn list_total(list: &ListMapping, body: &Value, response: &HttpResponse) -> Option<u64> {
    list.total_pointer
        .as_deref()
        .and_then(|pointer| body.pointer(pointer))
        .and_then(|total| total.as_u64().or_else(|| total.as_str()?.parse().ok()))
        .or_else(|| content_range_total(response.header("content-range")?))
}

/// Whether a next-page address is on the backend's own origin: a path on it, or an
/// absolute address with its scheme and host.
fn same_origin(base_url: &str, url: &str) -> bool {
    fn origin(url: &str) -> Option<&str> {
        let rest = url.split_once("://")?.1;
        let host_end = rest.find('/').unwrap_or(rest.len());
        Some(&url[..url.len() - rest.len() + host_end])
    }
    match (origin(base_url), origin(url)) {
        (_, None) => url.starts_with('/') && !url.starts_with("//"),
        (Some(base), Some(next)) => base.eq_ignore_ascii_case(next),
        (None, Some(_)) => false,
    }
}

/// The total of a `Content-Range: 0-49/123` (none for `*`).
fn content_range_total(header: &str) -> Option<u64> {
    header.rsplit_once('/')?.1.trim().parse().ok()
}

/// The `rel="next"` address of a `Link` header.
fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        params
            .split(';')
            .any(|p| p.trim().replace(' ', "") == "rel=\"next\"")
            .then(|| {
                target
                    .trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string()
            })
    })
}

impl MappedProfile {
    /// Reference data in the contract's shape: each record read through its shape, ids
    /// as text.
    fn reference_records(&self, value: Value, kind: Reference, shape: &RecordShape) -> Value {
        let read = |record: &Value| with_defaults(shape.read(record, self.zone, &["id"]), kind);
        match value {
            Value::Array(records) => Value::Array(records.iter().map(read).collect()),
            record => read(&record),
        }
    }
}

/// Whether a record has text (or a number) at a dotted path.
fn has_text(record: &Value, path: &str) -> bool {
    path.split('.')
        .try_fold(record, |at, key| at.get(key))
        .and_then(text_of)
        .is_some()
}

/// What a backend's reference record may lack, as the contract's types want it: empty
/// text and lists, a service that is offered, no SLA, no location.
fn with_defaults(mut record: Value, kind: Reference) -> Value {
    let defaults = match kind {
        Reference::Community => {
            json!({"district": "", "hotline": "", "announcement": "", "updated_at": ""})
        }
        Reference::Services => json!({"category": "", "description": "", "sla_hours": null,
                                      "fields": [], "active": true, "updated_at": ""}),
        Reference::Grids => json!({"area": "", "contacts": [], "updated_at": ""}),
        Reference::Stations => json!({"lat": null, "lng": null, "phone": "", "open_hours": [],
                                      "amenities": [], "updated_at": ""}),
        Reference::Shifts => json!({"team": "", "station_id": null, "signed_up": 0, "me": false,
                                    "status": "open", "updated_at": ""}),
        _ => json!({}),
    };
    if let (Value::Object(record), Value::Object(defaults)) = (&mut record, defaults) {
        for (key, value) in defaults {
            let missing = record.get(&key).is_none_or(Value::is_null);
            if missing && !(value.is_null() && record.contains_key(&key)) {
                record.insert(key, value);
            }
        }
        // A service's code is its id where the backend keeps no code.
        if kind == Reference::Services && record.get("code").is_none_or(Value::is_null) {
            if let Some(id) = record.get("id").cloned() {
                record.insert("code".into(), id);
            }
        }
    }
    record
}

/// Whether the order found under the client's id is the one submitted. A generic backend
/// keeps only some of an order's fields (no column for the service's answers, say), and
/// the id is a UUID this device made: the title, which every backend keeps, guards
/// against a backend that ignored the id.
fn same_order(stored: &Order, submitted: &NewOrder) -> bool {
    stored.title.trim() == submitted.title.trim()
}

/// An order as a JSON record, in the contract's field names.
fn record(order: &Order) -> Result<Map<String, Value>, SyncError> {
    match serde_json::to_value(order).map_err(|e| bad(e.to_string()))? {
        Value::Object(record) => Ok(record),
        _ => Err(bad("an order is not an object")),
    }
}

impl Backend for MappedProfile {
    /// Signing in as the description says; only the contract says who is assigned and
    /// who may dispatch, so no staff's side.
    fn abilities(&self) -> Abilities {
        Abilities {
            needs_code: self.secret() == Some(Secret::Code),
            needs_password: self.secret() == Some(Secret::Password),
            has_calendar: false,
            has_inbox: false,
            staff_work: false,
            takes_steps: true,
            takes_wishes: true,
            workbench: false,
            edits_profile: false,
            offers: Reference::ALL
                .into_iter()
                .filter(|kind| self.offers(*kind))
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
        if attempt.maybe_sent {
            // Sent before and answered into the void? Only proof that it did not arrive
            // lets it go again; a failure to look waits for the next try.
            match self.find(net, token, id).await? {
                Found::Order(stored) if same_order(&stored.order, order) => return Ok(stored.order),
                Found::Order(_) => {
                    return Err(refused(409, "id_conflict", "another order has this id"))
                }
                Found::Unproven => return Err(SyncError::Unsure(Doubt::UnconfirmedResend)),
                Found::Absent => {}
            }
        }
        let now = stamp((self.now_ms)());
        // Whose it is: the signed-in user (a backend without sign-in was handed their id
        // as the token).
        let owner = if attempt.owner_id.is_empty() {
            token
        } else {
            &attempt.owner_id
        };
        let mine = submitted(id, order, owner, &now);
        let mut theirs = self.to_theirs(record(&mine)?);
        for (key, value) in &self.mapping.orders.constants {
            theirs.insert(key.clone(), value.clone());
        }
        let how = &self.mapping.orders.create;
        let response = match self.write(net, token, how, id, None, theirs).await {
            Ok(response) => response,
            // Another one under our id: this device's own, if it is the same order.
            Err(SyncError::Rejected { status: 409, .. } | SyncError::Conflict { .. }) => {
                return match self.find(net, token, id).await? {
                    Found::Order(stored) if same_order(&stored.order, order) => Ok(stored.order),
                    _ => Err(refused(409, "id_conflict", "another order has this id")),
                };
            }
            Err(error) => return Err(error),
        };
        // The backend said it took it: sent, whether or not its answer or a read-back
        // shows the record yet (the next pull brings it).
        Ok(self
            .written(net, token, how, id, &response)
            .await
            .ok()
            .flatten()
            .unwrap_or(mine))
    }

    async fn transition<T: Transport>(
        &self,
        net: &T,
        token: &str,
        order_id: &str,
        version: i64,
        request: &TransitionRequest,
    ) -> Result<Order, SyncError> {
        if order_id.starts_with(FILED_ELSEWHERE) {
            return Err(refused(
                403,
                "read_only",
                "an order filed at the community is changed there",
            ));
        }
        let Stored {
            order: current,
            server_id,
        } = self.read(net, token, order_id).await?;
        let Some(next) = check_step(&current, version, request)? else {
            return Ok(current);
        };
        let mut ours = record(&after_step(&current, next, request, (self.now_ms)()))?;
        let how = &self.mapping.orders.update;
        if how.method != WriteMethod::Put {
            // Only what the step changed.
            ours.retain(|key, _| {
                matches!(
                    key.as_str(),
                    "status" | "version" | "updated_at" | "timeline" | "rating" | "assignee"
                )
            });
        }
        let mut theirs = self.to_theirs(ours);
        if let (Some(field), Some(note)) =
            (self.mapping.orders.fields.get("step_note"), &request.note)
        {
            theirs.insert(field.clone(), Value::from(note.as_str()));
        }
        let response = self
            .write(net, token, how, order_id, server_id.as_deref(), theirs)
            .await?;
        // Counted as sent only when the order shows the step: a backend that answers
        // "done" and changed nothing must not have the resident think it went.
        match self.written(net, token, how, order_id, &response).await? {
            Some(after) if after.status == next || after.deleted => Ok(after),
            Some(_) => Err(SyncError::Unsure(Doubt::StepNotTaken)),
            // Not read back: the next try reads the order first, and finds the step on
            // it if it went.
            None => Err(bad("the order could not be read back after the step")),
        }
    }

    async fn orders_since<T: Transport>(
        &self,
        net: &T,
        token: &str,
        cursor: Option<&str>,
    ) -> Result<Page<Order>, SyncError> {
        let list = &self.mapping.orders.list;
        let wire = self.wire();
        let bearer = self.token(token);
        let mut query: Vec<(String, String)> = list
            .owner_param
            .iter()
            .map(|param| (param.clone(), token.to_string()))
            .collect();
        let position = Position::parse(cursor);
        let request = match (&list.pagination, &position) {
            (Pagination::Link, Position::Link(url)) => {
                if !same_origin(&self.base_url, url) {
                    // The person's token goes to their backend only.
                    return Err(bad("the next page is on another host"));
                }
                wire.authorised(HttpRequest::new(Method::Get, url.clone()), bearer)
            }
            (
                Pagination::Page {
                    param,
                    size_param,
                    size,
                    first,
                },
                at,
            ) => {
                let page = match at {
                    Position::Page(page) => *page,
                    _ => u64::from(*first),
                };
                query.push((param.clone(), page.to_string()));
                query.push((size_param.clone(), size.to_string()));
                wire.request(Method::Get, &list.path, &query, bearer)
            }
            (
                Pagination::Offset {
                    param,
                    size_param,
                    size,
                },
                at,
            ) => {
                let offset = match at {
                    Position::Offset(offset) => *offset,
                    _ => 0,
                };
                query.push((param.clone(), offset.to_string()));
                query.push((size_param.clone(), size.to_string()));
                wire.request(Method::Get, &list.path, &query, bearer)
            }
            (Pagination::Cursor { param, .. }, Position::Cursor(at)) => {
                query.push((param.clone(), at.clone()));
                wire.request(Method::Get, &list.path, &query, bearer)
            }
            (Pagination::Range { size }, at) => {
                let from = match at {
                    Position::Offset(offset) => *offset,
                    _ => 0,
                };
                let to = from.saturating_add(u64::from(*size)).saturating_sub(1);
                wire.request(Method::Get, &list.path, &query, bearer)
                    .header("range-unit", "items")
                    .header("range", format!("{from}-{to}"))
            }
            _ => wire.request(Method::Get, &list.path, &query, bearer),
        };
        let request = list.headers.iter().fold(request, |request, (name, value)| {
            request.header(name, value.clone())
        });
        let response = match wire.exchange(net, request).await {
            // PostgREST past the last item: "Range Not Satisfiable", the end of the list.
            Err(SyncError::Rejected { status: 416, .. })
                if matches!(list.pagination, Pagination::Range { .. }) =>
            {
                return Ok(Page {
                    items: Vec::new(),
                    has_more: false,
                    next_cursor: Some(String::new()),
                });
            }
            answer => answer?,
        };
        let body = json(&response)?;
        let records = match unwrap(body.clone(), &list.envelope)? {
            Value::Array(records) => records,
            _ => return Err(bad("the order list is not a list")),
        };
        let count = records.len() as u64;
        let items = records
            .into_iter()
            // A record with neither our id nor theirs (made at the counter, with no
            // `server_id` named) cannot be shown or followed; the rest still arrive.
            .filter(|record| self.identifiable(record))
            // One record the description cannot read (a status word it does not map,
            // on an order made at the counter) is left out; the rest still arrive.
            .filter_map(|record| self.to_ours(record).ok())
            .collect::<Vec<_>>();
        // The list's own count, where it gives one: paging ends there.
        let total = list_total(list, &body, &response);
        let before_the_total = |seen: u64| total.is_none_or(|total| seen < total);
        let next = match (&list.pagination, position) {
            (Pagination::Page { size, first, .. }, at) if count == u64::from(*size) => {
                let page = match at {
                    Position::Page(page) => page,
                    _ => u64::from(*first),
                };
                let seen = page
                    .saturating_sub(u64::from(*first))
                    .saturating_add(1)
                    .saturating_mul(u64::from(*size));
                before_the_total(seen).then(|| format!("page:{}", page.saturating_add(1)))
            }
            (Pagination::Offset { size, .. }, at) if count == u64::from(*size) => {
                let offset = match at {
                    Position::Offset(offset) => offset,
                    _ => 0,
                };
                let seen = offset.saturating_add(count);
                before_the_total(seen).then(|| format!("offset:{seen}"))
            }
            (Pagination::Range { size }, at) if count == u64::from(*size) => {
                let from = match at {
                    Position::Offset(offset) => offset,
                    _ => 0,
                };
                let seen = from.saturating_add(count);
                before_the_total(seen).then(|| format!("offset:{seen}"))
            }
            (Pagination::Cursor { next_pointer, .. }, _) => body
                .pointer(next_pointer)
                .and_then(Value::as_str)
                .filter(|next| !next.is_empty())
                .map(|next| format!("cursor:{next}")),
            (Pagination::Link, _) => response
                .header("link")
                .and_then(next_link)
                .map(|url| format!("link:{url}")),
            _ => None,
        };
        Ok(Page {
            items,
            has_more: next.is_some(),
            // The end of a pass: the next sync starts from the first page again.
            next_cursor: Some(next.unwrap_or_default()),
        })
    }

    async fn reference<T: Transport>(
        &self,
        net: &T,
        token: &str,
        kind: Reference,
        _etag: Option<&str>,
    ) -> Result<Fetched, SyncError> {
        let Some(how) = self.reference_mapping(kind) else {
            return Ok(Fetched::NotOffered);
        };
        let value =
            self.reference_records(self.resource(net, token, how).await?, kind, &how.record);
        let read = |e: serde_json::Error| bad(format!("{}: {e}", kind.as_str()));
        let data = match kind {
            Reference::Community => {
                ReferenceData::Community(serde_json::from_value(value).map_err(read)?)
            }
            Reference::Services => {
                ReferenceData::Services(serde_json::from_value(value).map_err(read)?)
            }
            Reference::Grids => ReferenceData::Grids(serde_json::from_value(value).map_err(read)?),
            Reference::Shifts => {
                ReferenceData::Shifts(serde_json::from_value(value).map_err(read)?)
            }
            _ => ReferenceData::Stations(serde_json::from_value(value).map_err(read)?),
        };
        Ok(Fetched::Fresh { data, etag: None })
    }

    async fn renew<T: Transport>(
        &self,
        net: &T,
        session: &Session,
    ) -> Result<Option<Session>, SyncError> {
        self.renew_token(net, session).await
    }

    async fn shift_signup<T: Transport>(
        &self,
        _net: &T,
        _token: &str,
        _shift_id: &str,
        _take: bool,
    ) -> Result<Shift, SyncError> {
        Err(refused(
            404,
            "not_offered",
            "this backend takes no sign-ups for shifts",
        ))
    }
}
