//! The `json-server` profile: the npm `json-server` package (0.17), a REST server over a
//! JSON file, as small communities and developers run it. Its conventions: bare arrays,
//! `_page`/`_limit` paging with `_sort`/`_order` and `field_gte` filters, `POST` with a
//! client-supplied `id`, `PATCH` to merge, no ETags, no conditional writes, no accounts.
//!
//! The documents are the contract's shapes (`orders`, `services`, `grids`, `stations`,
//! `shifts` as arrays, `community` as one object, `users` with a `phone`), so that the
//! same data reads through either profile. What json-server cannot do, the profile does
//! on the client, and says where it falls short:
//! - no accounts: signing in finds the user by phone; the "token" is their id, and the
//!   device pulls only that resident's orders. Never expose json-server to the internet.
//! - no idempotent create: a resend of a create whose answer was lost meets "duplicate
//!   id"; the profile reads the order back and, if it is the one submitted, takes it as
//!   acknowledged (a different one under the same id is a conflict).
//! - no `If-Match`: a step reads the order, checks its version and its timeline (a step
//!   applied before is found there by id), then writes. Two writers in the same instant
//!   can still both win; json-server cannot prevent it.
//! - no server clock: times come from the device, in UTC with milliseconds so that they
//!   sort as text.

mod auth;

use serde::Deserialize;

use crate::model::{NewOrder, Order, Page, Shift, ShiftStatus, TransitionRequest};
use crate::sync::abilities::Abilities;
use crate::sync::backend::{Attempt, Backend, Fetched, Reference, ReferenceData};
use crate::sync::classify::classify;
use crate::sync::error::SyncError;
use crate::sync::http::{HttpRequest, Method, Transport};
use crate::sync::session::{Session, SessionUser};

use crate::sync::profiles::client_side::{
    after_step, check_step, instant_ms, recognise_resend, refused, stamp, submitted,
};
use crate::sync::profiles::wire::{body, exchange, segment, to_json};

/// Orders per page when pulling.
const PAGE_SIZE: usize = 100;

#[derive(Clone, Debug)]
pub struct JsonServerProfile {
    /// `http://host:3000` or a path on the app's host, without a trailing slash.
    base_url: String,
    /// Milliseconds since the epoch: json-server keeps no time of its own.
    now_ms: fn() -> i64,
    page_size: usize,
}

/// A shift as stored in json-server: who signed up, rather than counts.
#[derive(Clone, Debug, Deserialize, serde::Serialize)]
struct StoredShift {
    id: String,
    title: String,
    team: String,
    #[serde(default)]
    station_id: Option<String>,
    starts_at: String,
    ends_at: String,
    capacity: u32,
    #[serde(default)]
    volunteers: Vec<String>,
    #[serde(default)]
    cancelled: bool,
    #[serde(default)]
    updated_at: String,
}

/// Where the pull stands: the last order seen, by (`updated_at`, `id`), the order
/// json-server sorts by. Orders changed since then sort after it, whatever page they were
/// on. `skip` counts past a full page of orders that share the cursor's millisecond and
/// were seen already (a page that brought nothing new).
#[derive(Debug, Default, PartialEq)]
struct Cursor {
    updated_at: String,
    id: String,
    skip: usize,
}

impl Cursor {
    fn parse(text: &str) -> Option<Cursor> {
        let (updated_at, rest) = text.split_once('|')?;
        let (id, skip) = rest.rsplit_once('|')?;
        Some(Cursor {
            updated_at: updated_at.to_string(),
            id: id.to_string(),
            skip: skip.parse().ok()?,
        })
    }

    fn text(&self) -> String {
        format!("{}|{}|{}", self.updated_at, self.id, self.skip)
    }

    fn is_before(&self, order: &Order) -> bool {
        (self.updated_at.as_str(), self.id.as_str())
            < (order.updated_at.as_str(), order.id.as_str())
    }
}

impl JsonServerProfile {
    pub fn new(base_url: &str, now_ms: fn() -> i64) -> JsonServerProfile {
        JsonServerProfile {
            base_url: base_url.trim_end_matches('/').to_string(),
            now_ms,
            page_size: PAGE_SIZE,
        }
    }

    /// Orders per page when pulling (the default suits phones on poor signal).
    pub fn with_page_size(self, page_size: usize) -> JsonServerProfile {
        JsonServerProfile {
            page_size: page_size.max(1),
            ..self
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// What `reference` reads: neither the dispatcher's volunteer list nor a record of
    /// service, as this profile is for residents.
    pub fn offers(&self, kind: Reference) -> bool {
        !matches!(
            kind,
            Reference::Volunteers
                | Reference::ServiceRecord
                | Reference::Notices
                | Reference::Activities
                | Reference::Door
                | Reference::Bookables
        )
    }

    pub(super) fn request(&self, method: Method, path: &str) -> HttpRequest {
        HttpRequest::new(method, format!("{}{path}", self.base_url))
            .header("accept", "application/json")
    }

    /// Now, as json-server documents carry it: UTC, always with milliseconds, so that
    /// json-server's sorting as text is sorting in time.
    fn now(&self) -> String {
        stamp((self.now_ms)())
    }

    async fn order<T: Transport>(&self, net: &T, id: &str) -> Result<Order, SyncError> {
        let path = format!("/orders/{}", segment(id));
        body(&exchange(net, self.request(Method::Get, &path)).await?)
    }

    async fn shift<T: Transport>(&self, net: &T, id: &str) -> Result<StoredShift, SyncError> {
        let path = format!("/shifts/{}", segment(id));
        body(&exchange(net, self.request(Method::Get, &path)).await?)
    }

    /// A stored shift as the contract shows it to `user_id`.
    fn shown(&self, stored: StoredShift, user_id: &str) -> Shift {
        let signed_up = u32::try_from(stored.volunteers.len()).unwrap_or(u32::MAX);
        let started = instant_ms(&stored.starts_at).is_some_and(|at| at <= (self.now_ms)());
        let status = if stored.cancelled {
            ShiftStatus::Cancelled
        } else if started {
            ShiftStatus::Closed
        } else if signed_up >= stored.capacity {
            ShiftStatus::Full
        } else {
            ShiftStatus::Open
        };
        Shift {
            me: stored.volunteers.iter().any(|v| v == user_id),
            id: stored.id,
            title: stored.title,
            team: stored.team,
            station_id: stored.station_id,
            starts_at: stored.starts_at,
            ends_at: stored.ends_at,
            capacity: stored.capacity,
            signed_up,
            status,
            series_id: None,
            updated_at: stored.updated_at,
        }
    }
}

impl Backend for JsonServerProfile {
    /// No accounts (the number is looked up), and no staff's side: who handles an
    /// order is decided in json-server itself.
    fn abilities(&self) -> Abilities {
        Abilities {
            needs_code: false,
            needs_password: false,
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
        // Answered idempotently, or recognised when a resend meets the stored order.
        _attempt: Attempt,
    ) -> Result<Order, SyncError> {
        let now = self.now();
        let document = submitted(id, order, token, &now);
        let request = self
            .request(Method::Post, "/orders")
            .json(to_json(&document)?);
        let response = net.send(request).await?;
        if response.is_success() {
            return body(&response);
        }
        // json-server answers a second insert of one id with 500 ("duplicate id"): was
        // it this order, sent before and answered into the void?
        if response.status == 500 || response.status == 409 {
            return recognise_resend(self.order(net, id).await, order, classify(&response));
        }
        Err(classify(&response))
    }

    async fn transition<T: Transport>(
        &self,
        net: &T,
        _token: &str,
        order_id: &str,
        version: i64,
        request: &TransitionRequest,
    ) -> Result<Order, SyncError> {
        let current = self.order(net, order_id).await?;
        // Gone, or applied before and answered into the void: the order as it stands.
        let Some(next) = check_step(&current, version, request)? else {
            return Ok(current);
        };
        let after = after_step(&current, next, request, (self.now_ms)());
        let patch = serde_json::json!({
            "status": after.status,
            "version": after.version,
            "assignee": after.assignee,
            "rating": after.rating,
            "updated_at": after.updated_at,
            "timeline": after.timeline,
        });
        let path = format!("/orders/{}", segment(order_id));
        let write = self.request(Method::Patch, &path).json(patch.to_string());
        body(&exchange(net, write).await?)
    }

    async fn orders_since<T: Transport>(
        &self,
        net: &T,
        token: &str,
        cursor: Option<&str>,
    ) -> Result<Page<Order>, SyncError> {
        let cursor = cursor.and_then(Cursor::parse).unwrap_or_default();
        let path = format!(
            "/orders?owner_id={}&updated_at_gte={}&_sort=updated_at,id&_order=asc,asc&_start={}&_limit={}",
            segment(token),
            segment(&cursor.updated_at),
            cursor.skip,
            self.page_size,
        );
        let raw: Vec<Order> = body(&exchange(net, self.request(Method::Get, &path)).await?)?;
        let full = raw.len() == self.page_size;
        let items: Vec<Order> = raw
            .iter()
            .filter(|o| cursor.is_before(o))
            .cloned()
            .collect();
        let next = match items.last() {
            Some(last) => Cursor {
                updated_at: last.updated_at.clone(),
                id: last.id.clone(),
                skip: 0,
            },
            // A full page of orders seen before: look past it.
            None if full => Cursor {
                skip: cursor.skip + raw.len(),
                ..cursor
            },
            None => cursor,
        };
        Ok(Page {
            next_cursor: (!next.updated_at.is_empty()).then(|| next.text()),
            items,
            has_more: full,
        })
    }

    async fn reference<T: Transport>(
        &self,
        net: &T,
        token: &str,
        kind: Reference,
        _etag: Option<&str>,
    ) -> Result<Fetched, SyncError> {
        let path = match kind {
            Reference::Community => "/community",
            Reference::Services => "/services",
            Reference::Grids => "/grids",
            Reference::Stations => "/stations",
            Reference::Shifts => "/shifts",
            // Neither the dispatcher's volunteer list nor a record of service: this
            // profile is for residents.
            Reference::Volunteers
            | Reference::ServiceRecord
            | Reference::Notices
            | Reference::Activities
            | Reference::Door
            | Reference::Bookables => return Ok(Fetched::NotOffered),
        };
        let response = exchange(net, self.request(Method::Get, path)).await?;
        let data = match kind {
            Reference::Community => ReferenceData::Community(body(&response)?),
            Reference::Services => ReferenceData::Services(body(&response)?),
            Reference::Grids => ReferenceData::Grids(body(&response)?),
            Reference::Stations => ReferenceData::Stations(body(&response)?),
            _ => {
                let stored: Vec<StoredShift> = body(&response)?;
                let mut shifts: Vec<Shift> =
                    stored.into_iter().map(|s| self.shown(s, token)).collect();
                shifts.sort_by(|a, b| a.starts_at.cmp(&b.starts_at));
                ReferenceData::Shifts(shifts)
            }
        };
        // json-server's own ETags are weak and per response; nothing to keep.
        Ok(Fetched::Fresh { data, etag: None })
    }

    async fn shift_signup<T: Transport>(
        &self,
        net: &T,
        token: &str,
        shift_id: &str,
        take: bool,
    ) -> Result<Shift, SyncError> {
        let mut stored = self.shift(net, shift_id).await?;
        let shown = self.shown(stored.clone(), token);
        if shown.me == take {
            return Ok(shown);
        }
        if shown.status == ShiftStatus::Cancelled || shown.status == ShiftStatus::Closed {
            return Err(refused(
                422,
                "invalid_transition",
                "the shift has started or is off",
            ));
        }
        if take && shown.status == ShiftStatus::Full {
            return Err(refused(409, "shift_full", "no place left"));
        }
        if take {
            stored.volunteers.push(token.to_string());
        } else {
            stored.volunteers.retain(|v| v != token);
        }
        let patch =
            serde_json::json!({ "volunteers": stored.volunteers, "updated_at": self.now() });
        let path = format!("/shifts/{}", segment(shift_id));
        let written: StoredShift = body(
            &exchange(
                net,
                self.request(Method::Patch, &path).json(patch.to_string()),
            )
            .await?,
        )?;
        Ok(self.shown(written, token))
    }
}
