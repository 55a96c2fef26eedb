//! The contract's order and shift rules, in memory, behind HTTP requests and responses.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};
use yizhan_core::lifecycle::{next_status, Action, Actor};
use yizhan_core::model::{NewOrder, Order, OrderStatus, TimelineEntry, TransitionRequest};
use yizhan_core::sync::{HttpRequest, HttpResponse, Method};

pub const BASE: &str = "api/v1";
pub const RESIDENT: &str = "u-resident";
/// A service the community retired: ordering it is refused with 422.
pub const RETIRED_SERVICE: &str = "svc-retired";
pub const ACTIVE_SERVICE: &str = "svc-active";
/// A service with a question of its own that must be answered: which floor.
pub const FLOOR_SERVICE: &str = "svc-floor";

pub struct StoredOrder {
    pub order: Order,
    /// The create body as the server received it, to compare with what was submitted.
    pub request: NewOrder,
    pub updated_tick: u64,
}

#[derive(Default)]
pub struct SimServer {
    pub orders: BTreeMap<String, StoredOrder>,
    /// How many times each order id was created (must be at most 1).
    pub creations: BTreeMap<String, u32>,
    /// How many times each transition id was applied (must be at most 1).
    pub applied_transitions: BTreeMap<String, u32>,
    pub valid_tokens: BTreeSet<String>,
    pub signups: BTreeSet<String>,
    tick: u64,
}

fn answer(status: u16, body: Value) -> HttpResponse {
    let content_type = if status >= 400 {
        "application/problem+json"
    } else {
        "application/json"
    };
    HttpResponse {
        status,
        headers: vec![("content-type".into(), content_type.into())],
        body: body.to_string(),
    }
}

fn problem(status: u16, kind: &str, detail: &str) -> HttpResponse {
    answer(
        status,
        json!({"type": kind, "title": kind, "status": status, "detail": detail}),
    )
}

fn header<'a>(request: &'a HttpRequest, name: &str) -> Option<&'a str> {
    request
        .headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

impl SimServer {
    fn next_tick(&mut self) -> u64 {
        self.tick += 1;
        self.tick
    }

    pub fn handle(&mut self, request: &HttpRequest) -> HttpResponse {
        let token = header(request, "authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !self.valid_tokens.contains(token) {
            return problem(401, "unauthorized", "sign in first");
        }
        let Some(rest) = request.url.strip_prefix(BASE) else {
            return problem(404, "not_found", "no such route");
        };
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        match (request.method, segments.as_slice()) {
            (Method::Put, ["orders", id]) => self.create(id, request),
            (Method::Post, ["orders", id, "transitions"]) => self.transition(id, request),
            (Method::Get, ["orders"]) => self.list(query),
            (Method::Put, ["shifts", id, "signup"]) => self.signup(id, true),
            (Method::Delete, ["shifts", id, "signup"]) => self.signup(id, false),
            // The rota: three shifts, as this one caller sees them (`me`); its ETag follows
            // its bytes, so a list back where it was has the tag it had then.
            (Method::Get, ["shifts"]) => {
                let items: Vec<Value> = ["sh-0", "sh-1", "sh-2"]
                    .iter()
                    .map(|id| self.shift(id))
                    .collect();
                self.reference(request, json!({ "items": items }))
            }
            (Method::Get, ["community"]) => self.reference(
                request,
                json!({"id": "c-1", "name": "育华里社区", "district": "雨花区", "hotline": "12345",
                       "announcement": "", "updated_at": "2026-11-01T09:00:00+08:00"}),
            ),
            // No `/me/record`: the contract alone, without the reference server's
            // extension, must sync all the same.
            (Method::Get, ["me", "record"]) => problem(404, "not_found", "no such route"),
            // Nor the inbox (issue 18).
            (Method::Get, ["inbox"]) => problem(404, "not_found", "no such route"),
            (Method::Get, ["services"]) => self.reference(
                request,
                json!({"items": [{
                    "id": FLOOR_SERVICE, "code": "light", "name": "楼道灯维修", "category": "维修",
                    "kind": "direct", "description": "", "sla_hours": 24, "active": true,
                    "updated_at": "2026-11-01T09:00:00+08:00",
                    "fields": [{"code": "floor", "label": "楼层", "datatype": "number",
                                "required": true, "options": []}]
                }]}),
            ),
            (Method::Get, [_list]) => self.reference(request, json!({"items": []})),
            _ => problem(404, "not_found", "no such route"),
        }
    }

    fn reference(&self, request: &HttpRequest, body: Value) -> HttpResponse {
        let etag = format!("\"{}\"", body.to_string().len());
        if header(request, "if-none-match") == Some(etag.as_str()) {
            return HttpResponse {
                status: 304,
                headers: vec![("etag".into(), etag)],
                body: String::new(),
            };
        }
        let mut response = answer(200, body);
        response.headers.push(("etag".into(), etag));
        response
    }

    fn create(&mut self, id: &str, request: &HttpRequest) -> HttpResponse {
        let Some(new) = request
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str::<NewOrder>(b).ok())
        else {
            return problem(422, "validation", "malformed body");
        };
        if let Some(stored) = self.orders.get(id) {
            return if stored.request == new {
                answer(200, json!(stored.order))
            } else {
                problem(409, "id_conflict", "another body under this id")
            };
        }
        if new.service_id.as_deref() == Some(RETIRED_SERVICE) {
            return answer(
                422,
                json!({"type": "validation", "title": "Invalid request", "status": 422,
                       "detail": "the request is not valid",
                       "errors": {"service_id": ["this service is no longer offered"]}}),
            );
        }
        let tick = self.next_tick();
        let order = Order {
            id: id.to_string(),
            kind: new.kind,
            service_id: new.service_id.clone(),
            title: new.title.clone(),
            description: new.description.clone(),
            address: new.address.clone(),
            contact_phone: new.contact_phone.clone(),
            preferred_time: new.preferred_time.clone(),
            attributes: new.attributes.clone(),
            status: OrderStatus::Submitted,
            version: 1,
            owner_id: RESIDENT.to_string(),
            assignee: None,
            rating: None,
            created_at: format!("t{tick}"),
            updated_at: format!("t{tick}"),
            deleted: false,
            filed_by: None,
            timeline: Vec::new(),
        };
        *self.creations.entry(id.to_string()).or_default() += 1;
        self.orders.insert(
            id.to_string(),
            StoredOrder {
                order: order.clone(),
                request: new,
                updated_tick: tick,
            },
        );
        answer(201, json!(order))
    }

    fn transition(&mut self, id: &str, request: &HttpRequest) -> HttpResponse {
        let Some(step) = request
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str::<TransitionRequest>(b).ok())
        else {
            return problem(422, "validation", "malformed body");
        };
        if self.applied_transitions.contains_key(&step.id) {
            return match self.orders.get(id) {
                Some(stored) => answer(200, json!(stored.order)),
                None => problem(404, "not_found", "no such order"),
            };
        }
        let Some(version) =
            header(request, "if-match").and_then(|v| v.trim_matches('"').parse::<i64>().ok())
        else {
            return problem(428, "precondition_required", "send If-Match");
        };
        let Some(stored) = self.orders.get(id) else {
            return problem(404, "not_found", "no such order");
        };
        if stored.order.version != version {
            return answer(
                412,
                json!({"type": "version_mismatch", "title": "Version mismatch", "status": 412,
                       "detail": "the order changed", "current": stored.order}),
            );
        }
        let actor = Actor {
            is_owner: true,
            ..Actor::default()
        };
        let Ok(next) = next_status(stored.order.kind, stored.order.status, step.action, actor)
        else {
            return problem(422, "invalid_transition", "not now");
        };
        let applied = self.apply(id, next, step.action, &step.id, "resident");
        *self.applied_transitions.entry(step.id).or_default() += 1;
        answer(200, json!(applied))
    }

    /// Someone else (a dispatcher) moves an order on, straight on the server.
    pub fn staff_moves(&mut self, id: &str, action: Action) -> bool {
        let Some(stored) = self.orders.get(id) else {
            return false;
        };
        let staff = Actor {
            is_dispatcher: true,
            ..Actor::default()
        };
        match next_status(stored.order.kind, stored.order.status, action, staff) {
            Ok(next) => {
                let transition_id = format!("staff-{}", self.tick + 1);
                self.apply(id, next, action, &transition_id, "dispatcher");
                true
            }
            Err(_) => false,
        }
    }

    fn apply(
        &mut self,
        id: &str,
        next: OrderStatus,
        action: Action,
        transition_id: &str,
        by: &str,
    ) -> Order {
        let tick = self.next_tick();
        let stored = self.orders.get_mut(id).expect("checked above");
        stored.order.status = next;
        stored.order.version += 1;
        stored.order.updated_at = format!("t{tick}");
        stored.order.timeline.push(TimelineEntry {
            id: transition_id.to_string(),
            at: format!("t{tick}"),
            status: next,
            action: action.as_str().to_string(),
            by_role: by.to_string(),
            note: None,
        });
        stored.updated_tick = tick;
        stored.order.clone()
    }

    fn list(&self, query: &str) -> HttpResponse {
        let mut limit = 50usize;
        let mut after: (u64, String) = (0, String::new());
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some(("limit", n)) => limit = n.parse().unwrap_or(50),
                Some(("since", cursor)) => {
                    if let Some((tick, id)) = cursor.split_once('.') {
                        after = (tick.parse().unwrap_or(0), id.to_string());
                    }
                }
                _ => {}
            }
        }
        let mut rows: Vec<&StoredOrder> = self
            .orders
            .values()
            .filter(|s| (s.updated_tick, s.order.id.clone()) > after)
            .collect();
        rows.sort_by_key(|s| (s.updated_tick, s.order.id.clone()));
        let has_more = rows.len() > limit;
        rows.truncate(limit);
        let next = rows
            .last()
            .map(|s| format!("{}.{}", s.updated_tick, s.order.id))
            .or_else(|| (after.0 > 0).then(|| format!("{}.{}", after.0, after.1)));
        let items: Vec<&Order> = rows.iter().map(|s| &s.order).collect();
        answer(
            200,
            json!({"items": items, "next_cursor": next, "has_more": has_more}),
        )
    }

    fn signup(&mut self, id: &str, take: bool) -> HttpResponse {
        if take {
            self.signups.insert(id.to_string());
        } else {
            self.signups.remove(id);
        }
        answer(200, self.shift(id))
    }

    fn shift(&self, id: &str) -> Value {
        let me = self.signups.contains(id);
        json!({"id": id, "title": "值班", "team": "志愿服务队", "station_id": null,
               "station_name": null, "starts_at": "2026-11-26T18:00:00+08:00",
               "ends_at": "2026-11-26T20:00:00+08:00", "capacity": 4,
               "signed_up": u32::from(me), "me": me, "status": "open",
               "updated_at": "2026-11-20T09:00:00+08:00"})
    }
}
