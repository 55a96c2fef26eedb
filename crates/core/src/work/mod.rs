//! What the community's staff work from, as pure functions over what the device holds:
//! the dispatcher's queue and the month's figures, a volunteer's orders and the wishes
//! open to claim. The app shows them; the rules live here, tested natively.

mod queue;
mod side;
mod summary;
mod volunteer;

pub use queue::{dispatch_queue, due_at_ms, finished, in_hand, is_overdue, promised_by, QueueRow};
pub use side::Side;
pub use summary::{month_summary, MonthSummary};
pub use volunteer::{assigned_to, by_availability, open_wishes};

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Milliseconds since the epoch of an RFC 3339 time.
fn unix_ms(rfc3339: &str) -> Option<i64> {
    let time = OffsetDateTime::parse(rfc3339, &Rfc3339).ok()?;
    i64::try_from(time.unix_timestamp_nanos() / 1_000_000).ok()
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeMap;

    use crate::model::{Order, OrderKind, OrderStatus, Service, ServiceKind};

    pub const HOUR: i64 = 3_600_000;

    pub fn at(rfc3339: &str) -> i64 {
        super::unix_ms(rfc3339).expect("a test time")
    }

    pub fn service(id: &str, sla_hours: Option<u32>) -> Service {
        Service {
            id: id.into(),
            code: id.into(),
            name: id.into(),
            category: "生活".into(),
            kind: ServiceKind::Direct,
            description: String::new(),
            sla_hours,
            fields: Vec::new(),
            active: true,
            updated_at: "2026-11-01T00:00:00Z".into(),
        }
    }

    pub fn order(id: &str, service_id: Option<&str>, created_at: &str) -> Order {
        Order {
            id: id.into(),
            kind: if service_id.is_some() {
                OrderKind::Service
            } else {
                OrderKind::Wish
            },
            service_id: service_id.map(str::to_string),
            title: id.into(),
            description: String::new(),
            address: None,
            contact_phone: None,
            preferred_time: None,
            attributes: BTreeMap::new(),
            status: OrderStatus::Submitted,
            version: 1,
            owner_id: "resident".into(),
            assignee: None,
            rating: None,
            created_at: created_at.into(),
            updated_at: created_at.into(),
            deleted: false,
            filed_by: None,
            timeline: Vec::new(),
        }
    }
}
