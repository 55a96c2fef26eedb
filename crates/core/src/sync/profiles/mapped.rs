//! The `mapped` profile: any REST backend, described in `config.json` (see
//! `mapped_config`). Records are the contract's `Order` with the backend's field names
//! and status words; lists come in the backend's pages; errors fall into the engine's
//! classes by the description's statuses. What a generic backend cannot promise, the
//! profile does on the client, as for json-server: a create resent after a lost answer
//! is read back by its id and taken as sent when it is the same order; a step reads the
//! order, checks its version and timeline, then writes. Each sync reads the resident's
//! orders from the first page (a generic backend has no "changed since"); the engine
//! keeps only versions newer than its own.

use serde_json::{json, Map, Value};

use crate::model::{NewOrder, Order, Page, Shift, TransitionRequest};
use crate::sync::backend::{Attempt, Backend, Fetched, Reference, ReferenceData};
use crate::sync::error::SyncError;
use crate::sync::http::{HttpRequest, HttpResponse, Method, Transport};
use crate::sync::session::Session;

use super::client_side::{
    after_step, check_step, recognise_resend, refused, stamp, submitted, NO_CODE,
};
use super::mapped_config::{Auth, Mapping, Pagination, ReadMapping, WriteMapping, WriteMethod};
use super::wire::segment;
use super::yizhan_auth::SessionUser;

#[derive(Clone, Debug)]
pub struct MappedProfile {
    base_url: String,
    mapping: Mapping,
    now_ms: fn() -> i64,
}

fn bad(message: impl Into<String>) -> SyncError {
    SyncError::BadResponse(message.into())
}

/// The part of `value` an envelope pointer names (the whole of it without one).
fn unwrap(value: Value, pointer: &Option<String>) -> Result<Value, SyncError> {
    match pointer.as_deref() {
        None | Some("") => Ok(value),
        Some(pointer) => value
            .pointer(pointer)
            .cloned()
            .ok_or_else(|| bad(format!("no `{pointer}` in the answer"))),
    }
}

/// `value` placed at a pointer (`/ticket` gives `{"ticket": value}`).
fn wrap(value: Value, pointer: &Option<String>) -> Value {
    let Some(pointer) = pointer.as_deref().filter(|p| !p.is_empty()) else {
        return value;
    };
    pointer
        .trim_start_matches('/')
        .split('/')
        .rev()
        .fold(value, |inner, key| {
            let mut object = Map::new();
            object.insert(key.replace("~1", "/").replace("~0", "~"), inner);
            Value::Object(object)
        })
}

impl MappedProfile {
    pub fn new(base_url: &str, mapping: Mapping, now_ms: fn() -> i64) -> MappedProfile {
        MappedProfile {
            base_url: base_url.trim_end_matches('/').to_string(),
            mapping,
            now_ms,
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Where the description says this reference data is, if anywhere.
    fn reference_mapping(&self, kind: Reference) -> Option<&ReadMapping> {
        let references = &self.mapping.references;
        match kind {
            Reference::Community => references.community.as_ref(),
            Reference::Services => references.services.as_ref(),
            Reference::Grids => references.grids.as_ref(),
            Reference::Stations => references.stations.as_ref(),
            _ => None,
        }
    }

    pub fn offers(&self, kind: Reference) -> bool {
        self.reference_mapping(kind).is_some()
    }

    fn request(&self, method: Method, path: &str, query: &[(String, String)]) -> HttpRequest {
        let mut pairs: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{}={}", segment(k), segment(v)))
            .collect();
        if let Auth::Query { name, value } = &self.mapping.auth {
            pairs.push(format!("{}={}", segment(name), segment(value)));
        }
        let separator = if path.contains('?') { '&' } else { '?' };
        let url = if pairs.is_empty() {
            format!("{}{path}", self.base_url)
        } else {
            format!("{}{path}{separator}{}", self.base_url, pairs.join("&"))
        };
        self.authorised(HttpRequest::new(method, url))
    }

    fn authorised(&self, request: HttpRequest) -> HttpRequest {
        let request = request.header("accept", "application/json");
        match &self.mapping.auth {
            Auth::Bearer { token } => request.header("authorization", format!("Bearer {token}")),
            Auth::Header { name, value } => request.header(name, value.clone()),
            Auth::None | Auth::Query { .. } => request,
        }
    }

    /// An answer that is not a success, sorted by the description's classes.
    fn classify(&self, response: &HttpResponse) -> SyncError {
        let errors = &self.mapping.errors;
        let status = response.status;
        if errors.sign_in.contains(&status) {
            return SyncError::Unauthorized;
        }
        if errors.retry.contains(&status) {
            return SyncError::Retry {
                status,
                retry_after: response.retry_after(),
            };
        }
        // The backend's record changed under the step: the engine pulls, and the step is
        // weighed again from the order as it then is.
        if errors.conflict.contains(&status) {
            return SyncError::Conflict { current: None };
        }
        let message = errors
            .message_pointer
            .as_deref()
            .and_then(|pointer| {
                serde_json::from_str::<Value>(&response.body)
                    .ok()?
                    .pointer(pointer)?
                    .as_str()
                    .map(str::to_string)
            })
            .unwrap_or_else(|| format!("HTTP {status}"));
        refused(status, &format!("http_{status}"), &message)
    }

    async fn exchange<T: Transport>(
        &self,
        net: &T,
        request: HttpRequest,
    ) -> Result<HttpResponse, SyncError> {
        let response = net.send(request).await?;
        if response.is_success() {
            Ok(response)
        } else {
            Err(self.classify(&response))
        }
    }

    fn json(response: &HttpResponse) -> Result<Value, SyncError> {
        if response.body.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&response.body).map_err(|e| bad(e.to_string()))
    }

    fn their_name<'a>(&'a self, ours: &'a str) -> &'a str {
        self.mapping
            .orders
            .fields
            .get(ours)
            .map_or(ours, String::as_str)
    }

    /// Our record (the contract's field names) in the backend's words.
    fn to_theirs(&self, ours: Map<String, Value>) -> Value {
        let mut theirs = Map::new();
        for (key, value) in ours {
            // The description's statuses were checked to be ours at start.
            let value = match (key.as_str(), &value) {
                ("status", Value::String(s)) => self
                    .mapping
                    .orders
                    .statuses
                    .get(s)
                    .map_or(value.clone(), |theirs| Value::from(theirs.as_str())),
                _ => value,
            };
            theirs.insert(self.their_name(&key).to_string(), value);
        }
        Value::Object(theirs)
    }

    /// The backend's record as an order, with the contract's defaults for what it lacks.
    fn to_ours(&self, theirs: Value) -> Result<Order, SyncError> {
        let Value::Object(theirs) = theirs else {
            return Err(bad("a record is not an object"));
        };
        let mut ours = json!({
            "service_id": null, "title": "", "description": "", "address": null,
            "contact_phone": null, "preferred_time": null, "attributes": {},
            "status": "submitted", "version": 1, "owner_id": "", "assignee": null,
            "rating": null, "created_at": "", "updated_at": "", "deleted": false,
            "timeline": []
        });
        let fields = &self.mapping.orders.fields;
        for (key, value) in theirs {
            let name = fields
                .iter()
                .find(|(_, their)| **their == key)
                .map_or(key.clone(), |(our, _)| our.clone());
            let value = match (name.as_str(), &value) {
                ("status", Value::String(word)) => self
                    .mapping
                    .orders
                    .statuses
                    .iter()
                    .find(|(_, their)| *their == word)
                    .map_or(value.clone(), |(our, _)| Value::from(our.as_str())),
                _ => value,
            };
            ours[name] = value;
        }
        if ours.get("kind").is_none_or(Value::is_null) {
            let kind = if ours["service_id"].is_null() {
                "wish"
            } else {
                "service"
            };
            ours["kind"] = Value::from(kind);
        }
        serde_json::from_value(ours).map_err(|e| bad(format!("a record: {e}")))
    }

    fn path(template: &str, id: &str) -> String {
        template.replace("{id}", &segment(id))
    }

    async fn read<T: Transport>(&self, net: &T, id: &str) -> Result<Order, SyncError> {
        let get = &self.mapping.orders.get;
        let response = self
            .exchange(
                net,
                self.request(Method::Get, &Self::path(&get.path, id), &[]),
            )
            .await?;
        self.to_ours(unwrap(Self::json(&response)?, &get.envelope)?)
    }

    async fn write<T: Transport>(
        &self,
        net: &T,
        how: &WriteMapping,
        id: &str,
        record: Value,
    ) -> Result<HttpResponse, SyncError> {
        let method = match how.method {
            WriteMethod::Post => Method::Post,
            WriteMethod::Put => Method::Put,
            WriteMethod::Patch => Method::Patch,
        };
        let body = wrap(record, &how.body_envelope).to_string();
        let request = self
            .request(method, &Self::path(&how.path, id), &[])
            .json(body);
        Ok(net.send(request).await?)
    }

    /// The written record from an answer, or read back where the answer has none.
    async fn written<T: Transport>(
        &self,
        net: &T,
        how: &WriteMapping,
        id: &str,
        response: &HttpResponse,
    ) -> Result<Order, SyncError> {
        match unwrap(Self::json(response)?, &how.envelope) {
            Ok(Value::Object(record)) => self.to_ours(Value::Object(record)),
            _ => self.read(net, id).await,
        }
    }

    async fn resource<T: Transport>(&self, net: &T, how: &ReadMapping) -> Result<Value, SyncError> {
        let response = self
            .exchange(net, self.request(Method::Get, &how.path, &[]))
            .await?;
        unwrap(Self::json(&response)?, &how.envelope)
    }

    /// The user with this phone number, found through `users`; their id is the token.
    /// Checks that the number belongs to someone: there are no codes to send.
    pub async fn request_code<T: Transport>(
        &self,
        net: &T,
        phone: &str,
    ) -> Result<Option<String>, SyncError> {
        self.sign_in(net, phone)
            .await
            .map(|_| Some(NO_CODE.to_string()))
    }

    pub async fn sign_in<T: Transport>(
        &self,
        net: &T,
        phone: &str,
    ) -> Result<(Session, SessionUser), SyncError> {
        let users = &self.mapping.users;
        let query = [(users.phone_param.clone(), phone.to_string())];
        let response = self
            .exchange(net, self.request(Method::Get, &users.path, &query))
            .await?;
        let found = unwrap(Self::json(&response)?, &users.envelope)?;
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
        let id = match field("id") {
            Value::String(id) => id,
            Value::Number(id) => id.to_string(),
            _ => return Err(bad("a user without an id")),
        };
        let name = field("name").as_str().unwrap_or_default().to_string();
        let grid_id = field("grid_id").as_str().map(str::to_string);
        let roles = vec!["resident".to_string()];
        let session = Session {
            token: id.clone(),
            user_id: id.clone(),
            name: name.clone(),
            roles: roles.clone(),
            grid_id: grid_id.clone(),
        };
        Ok((
            session,
            SessionUser {
                id,
                name,
                roles,
                grid_id,
            },
        ))
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

/// An order as a JSON record, in the contract's field names.
fn record(order: &Order) -> Result<Map<String, Value>, SyncError> {
    match serde_json::to_value(order).map_err(|e| bad(e.to_string()))? {
        Value::Object(record) => Ok(record),
        _ => Err(bad("an order is not an object")),
    }
}

impl Backend for MappedProfile {
    async fn create_order<T: Transport>(
        &self,
        net: &T,
        token: &str,
        id: &str,
        order: &NewOrder,
        // Answered idempotently, or recognised when a resend meets the stored order.
        _attempt: Attempt,
    ) -> Result<Order, SyncError> {
        let now = stamp((self.now_ms)());
        let mut theirs = self.to_theirs(record(&submitted(id, order, token, &now))?);
        if let Value::Object(record) = &mut theirs {
            for (key, value) in &self.mapping.orders.constants {
                record.insert(key.clone(), value.clone());
            }
        }
        let how = &self.mapping.orders.create;
        let response = self.write(net, how, id, theirs).await?;
        if response.is_success() {
            return self.written(net, how, id, &response).await;
        }
        // Sent before, answered into the void? Then it is there under our id.
        recognise_resend(self.read(net, id).await, order, self.classify(&response))
    }

    async fn transition<T: Transport>(
        &self,
        net: &T,
        _token: &str,
        order_id: &str,
        version: i64,
        request: &TransitionRequest,
    ) -> Result<Order, SyncError> {
        let current = self.read(net, order_id).await?;
        let Some(next) = check_step(&current, version, request)? else {
            return Ok(current);
        };
        let mut ours = record(&after_step(&current, next, request, (self.now_ms)()))?;
        let how = &self.mapping.orders.update;
        if how.method == WriteMethod::Patch {
            // Only what the step changed.
            ours.retain(|key, _| {
                matches!(
                    key.as_str(),
                    "status" | "version" | "updated_at" | "timeline" | "rating"
                )
            });
        }
        let response = self.write(net, how, order_id, self.to_theirs(ours)).await?;
        if !response.is_success() {
            return Err(self.classify(&response));
        }
        self.written(net, how, order_id, &response).await
    }

    async fn orders_since<T: Transport>(
        &self,
        net: &T,
        token: &str,
        cursor: Option<&str>,
    ) -> Result<Page<Order>, SyncError> {
        let list = &self.mapping.orders.list;
        let mut query: Vec<(String, String)> = list
            .owner_param
            .iter()
            .map(|param| (param.clone(), token.to_string()))
            .collect();
        let position = Position::parse(cursor);
        let request = match (&list.pagination, &position) {
            (Pagination::Link, Position::Link(url)) => {
                self.authorised(HttpRequest::new(Method::Get, url.clone()))
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
                self.request(Method::Get, &list.path, &query)
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
                self.request(Method::Get, &list.path, &query)
            }
            (Pagination::Cursor { param, .. }, Position::Cursor(at)) => {
                query.push((param.clone(), at.clone()));
                self.request(Method::Get, &list.path, &query)
            }
            _ => self.request(Method::Get, &list.path, &query),
        };
        let response = self.exchange(net, request).await?;
        let body = Self::json(&response)?;
        let records = match unwrap(body.clone(), &list.envelope)? {
            Value::Array(records) => records,
            _ => return Err(bad("the order list is not a list")),
        };
        let count = records.len() as u64;
        let items = records
            .into_iter()
            .map(|record| self.to_ours(record))
            .collect::<Result<Vec<_>, _>>()?;
        let next = match (&list.pagination, position) {
            (Pagination::Page { size, first, .. }, at) if count == u64::from(*size) => {
                let page = match at {
                    Position::Page(page) => page,
                    _ => u64::from(*first),
                };
                Some(format!("page:{}", page + 1))
            }
            (Pagination::Offset { size, .. }, at) if count == u64::from(*size) => {
                let offset = match at {
                    Position::Offset(offset) => offset,
                    _ => 0,
                };
                Some(format!("offset:{}", offset + count))
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
        _token: &str,
        kind: Reference,
        _etag: Option<&str>,
    ) -> Result<Fetched, SyncError> {
        let Some(how) = self.reference_mapping(kind) else {
            return Ok(Fetched::NotOffered);
        };
        let value = self.resource(net, how).await?;
        let read = |e: serde_json::Error| bad(format!("{}: {e}", kind.as_str()));
        let data = match kind {
            Reference::Community => {
                ReferenceData::Community(serde_json::from_value(value).map_err(read)?)
            }
            Reference::Services => {
                ReferenceData::Services(serde_json::from_value(value).map_err(read)?)
            }
            Reference::Grids => ReferenceData::Grids(serde_json::from_value(value).map_err(read)?),
            _ => ReferenceData::Stations(serde_json::from_value(value).map_err(read)?),
        };
        Ok(Fetched::Fresh { data, etag: None })
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
            "this backend keeps no volunteer rota",
        ))
    }
}
