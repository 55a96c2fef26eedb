//! How a GeoReport request's state reads onto the order the device holds: where the
//! server has it (kept in the order's first timeline entry), and what its status,
//! agency and notes say.

use crate::model::{Assignee, Order, OrderStatus, TimelineEntry};

use super::wire::ServiceRequest;
use crate::sync::profiles::client_side::{instant_ms, stamp};

/// Where the server has an order, as the id of its first timeline entry records it.
#[derive(Clone, Debug, PartialEq)]
pub enum ServerRef {
    Request(String),
    /// Taken, but not yet given an id.
    Token(String),
    /// Taken (the POST succeeded) with an answer that could not be read: found later by
    /// the order's number in its description.
    Lookup,
}

impl ServerRef {
    const REQUEST: &'static str = "open311:request:";
    const TOKEN: &'static str = "open311:token:";
    const LOOKUP: &'static str = "open311:lookup";

    pub fn of(order: &Order) -> Option<ServerRef> {
        let entry = &order.timeline.first()?.id;
        if let Some(id) = entry.strip_prefix(Self::REQUEST) {
            return Some(ServerRef::Request(id.to_string()));
        }
        if let Some(token) = entry.strip_prefix(Self::TOKEN) {
            return Some(ServerRef::Token(token.to_string()));
        }
        (entry == Self::LOOKUP).then_some(ServerRef::Lookup)
    }

    pub fn entry_id(&self) -> String {
        match self {
            ServerRef::Request(id) => format!("{}{id}", Self::REQUEST),
            ServerRef::Token(token) => format!("{}{token}", Self::TOKEN),
            ServerRef::Lookup => Self::LOOKUP.to_string(),
        }
    }

    /// `order`, now known under this reference: a newer version, so the device keeps it.
    pub fn recorded_on(&self, order: &Order) -> Order {
        let mut moved = order.clone();
        if let Some(entry) = moved.timeline.first_mut() {
            entry.id = self.entry_id();
        }
        moved.version += 1;
        moved
    }
}

/// GeoReport's two statuses and its agency, in our words. Never backwards: an agency
/// cleared from an open request does not make the order unaccepted again.
fn status_of(held: OrderStatus, request: &ServiceRequest, agency: Option<&String>) -> OrderStatus {
    let read = match (request.status.as_str(), agency) {
        ("closed", _) => OrderStatus::Completed,
        (_, Some(_)) => OrderStatus::Accepted,
        _ => OrderStatus::Submitted,
    };
    let rank = |status| match status {
        OrderStatus::Submitted => 0,
        OrderStatus::Accepted => 1,
        _ => 2,
    };
    if rank(read) < rank(held) {
        held
    } else {
        read
    }
}

/// `held` as the server now has it; the same order when nothing moved. A new status,
/// note or agency is one timeline entry, stamped with the server's time.
pub fn merged(held: &Order, request: &ServiceRequest, now_ms: i64) -> Order {
    let agency = request
        .agency_responsible
        .as_ref()
        .filter(|a| !a.trim().is_empty());
    let status = status_of(held.status, request, agency);
    let assignee = match agency {
        Some(name) => Some(Assignee {
            id: format!("agency:{name}"),
            name: name.clone(),
        }),
        None => held.assignee.clone(),
    };
    // The create entry's note is the city's notice on filing, not a status note.
    let last_note = held
        .timeline
        .iter()
        .skip(1)
        .rev()
        .find_map(|entry| entry.note.as_ref());
    let note = request
        .status_notes
        .as_ref()
        .filter(|n| !n.trim().is_empty() && Some(*n) != last_note)
        .cloned();
    if status == held.status && note.is_none() && assignee == held.assignee {
        return held.clone();
    }
    let at = request
        .updated_datetime
        .as_deref()
        .and_then(instant_ms)
        .map_or_else(|| stamp(now_ms), stamp);
    let action = match status {
        OrderStatus::Completed if held.status != OrderStatus::Completed => "complete",
        OrderStatus::Accepted if held.status != OrderStatus::Accepted => "accept",
        _ => "update",
    };
    let mut after = held.clone();
    after.timeline.push(TimelineEntry {
        id: format!("open311:{}:{at}", held.timeline.len()),
        at: at.clone(),
        status,
        action: action.into(),
        by_role: "city".into(),
        note,
    });
    after.status = status;
    after.assignee = assignee;
    after.version = held.version + 1;
    after.updated_at = at;
    after
}
