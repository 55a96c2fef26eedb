//! The dispatcher's queue: orders waiting for the community to act, the most urgent first.

use crate::model::{Order, OrderStatus, Service};

use super::unix_ms;

/// An order in a queue, borrowed from the orders held: a dispatcher's device holds
/// thousands, and a screen copies only the rows it shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QueueRow<'a> {
    pub order: &'a Order,
    /// When the service promised it by (its SLA), if it promised.
    pub due_at_ms: Option<i64>,
    /// Past that promise and not done yet.
    pub overdue: bool,
}

/// When `order` should be done by, from its service's SLA; wishes promise nothing.
pub fn due_at_ms(order: &Order, services: &[Service]) -> Option<i64> {
    let service_id = order.service_id.as_ref()?;
    let hours = services.iter().find(|s| &s.id == service_id)?.sla_hours?;
    Some(promised_by(unix_ms(&order.created_at)?, hours))
}

/// When an order made at `created_ms` (Unix milliseconds) under a service that promises
/// `sla_hours` should be done by: the one rule of "overdue", for the queue here and the
/// server that tells dispatchers.
pub fn promised_by(created_ms: i64, sla_hours: u32) -> i64 {
    created_ms.saturating_add(i64::from(sla_hours).saturating_mul(3_600_000))
}

/// Whether an order promised by `due_ms` is overdue at `now_ms`: only once that moment
/// has passed.
pub fn is_overdue(due_ms: i64, now_ms: i64) -> bool {
    now_ms > due_ms
}

/// Submitted orders nobody has taken on yet: overdue first (the longest overdue at the
/// top), then the oldest.
pub fn dispatch_queue<'a>(
    orders: impl IntoIterator<Item = &'a Order>,
    services: &[Service],
    now_ms: i64,
) -> Vec<QueueRow<'a>> {
    urgent_first(orders, services, now_ms, |status| {
        status == OrderStatus::Submitted
    })
}

/// Orders someone has been sent to or is working on, to follow up: same order.
pub fn in_hand<'a>(
    orders: impl IntoIterator<Item = &'a Order>,
    services: &[Service],
    now_ms: i64,
) -> Vec<QueueRow<'a>> {
    urgent_first(orders, services, now_ms, |status| {
        matches!(
            status,
            OrderStatus::Dispatched | OrderStatus::Accepted | OrderStatus::InProgress
        )
    })
}

/// Orders the community is done with, or waiting only for the resident's confirmation:
/// the most recently changed first, at most `limit`.
pub fn finished<'a>(orders: impl IntoIterator<Item = &'a Order>, limit: usize) -> Vec<&'a Order> {
    let mut done: Vec<(i64, &Order)> = orders
        .into_iter()
        .filter(|order| !order.deleted)
        .filter(|order| order.status.is_finished() || order.status == OrderStatus::Completed)
        // The key read once per order, not once per comparison: a time is parsed text.
        .map(|order| (unix_ms(&order.updated_at).unwrap_or(0), order))
        .collect();
    done.sort_by_key(|(updated, _)| std::cmp::Reverse(*updated));
    done.truncate(limit);
    done.into_iter().map(|(_, order)| order).collect()
}

fn urgent_first<'a>(
    orders: impl IntoIterator<Item = &'a Order>,
    services: &[Service],
    now_ms: i64,
    keeps: impl Fn(OrderStatus) -> bool,
) -> Vec<QueueRow<'a>> {
    // Overdue first, the longest overdue first; then the oldest; the id breaks ties. The
    // key is read once per order, not once per comparison: a time is parsed text.
    let mut rows: Vec<((bool, i64, &str), QueueRow<'a>)> = orders
        .into_iter()
        .filter(|order| !order.deleted && keeps(order.status))
        .map(|order| {
            let due_at_ms = due_at_ms(order, services);
            let overdue = due_at_ms.is_some_and(|due| is_overdue(due, now_ms));
            let when = match due_at_ms {
                Some(due) if overdue => due,
                _ => unix_ms(&order.created_at).unwrap_or(i64::MAX),
            };
            let row = QueueRow {
                order,
                due_at_ms,
                overdue,
            };
            ((!overdue, when, order.id.as_str()), row)
        })
        .collect();
    rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    rows.into_iter().map(|(_, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::work::tests::{order, service, HOUR};

    #[test]
    fn overdue_orders_come_first_then_the_oldest() {
        let services = [service("s-fast", Some(2)), service("s-slow", Some(72))];
        // Now is 10:00 on 2026-11-23 (UTC+8).
        let now = crate::work::tests::at("2026-11-23T10:00:00+08:00");
        let fresh = order("fresh", Some("s-fast"), "2026-11-23T09:30:00+08:00");
        let old_but_in_time = order("old", Some("s-slow"), "2026-11-22T08:00:00+08:00");
        let late = order("late", Some("s-fast"), "2026-11-23T07:00:00+08:00");
        let later = order("later", Some("s-fast"), "2026-11-23T06:00:00+08:00");
        let wish = order("wish", None, "2026-11-21T12:00:00+08:00");
        let queue = dispatch_queue(
            [&fresh, &old_but_in_time, &late, &later, &wish],
            &services,
            now,
        );
        let ids: Vec<&str> = queue.iter().map(|row| row.order.id.as_str()).collect();
        assert_eq!(ids, ["later", "late", "wish", "old", "fresh"]);
        assert!(queue[0].overdue && queue[1].overdue);
        assert!(!queue[2].overdue, "a wish promises no time");
        assert_eq!(
            queue[4].due_at_ms,
            Some(crate::work::tests::at("2026-11-23T09:30:00+08:00") + 2 * HOUR)
        );
    }

    #[test]
    fn the_queue_holds_submitted_orders_and_in_hand_the_ones_being_handled() {
        let services = [service("s", Some(24))];
        let now = crate::work::tests::at("2026-11-23T10:00:00+08:00");
        let mut statuses = Vec::new();
        for (i, status) in OrderStatus::ALL.into_iter().enumerate() {
            let mut o = order(&format!("o{i}"), Some("s"), "2026-11-23T09:00:00+08:00");
            o.status = status;
            statuses.push(o);
        }
        let mut tombstone = order("gone", Some("s"), "2026-11-23T09:00:00+08:00");
        tombstone.deleted = true;
        statuses.push(tombstone);
        let queued: Vec<OrderStatus> = dispatch_queue(&statuses, &services, now)
            .into_iter()
            .map(|row| row.order.status)
            .collect();
        assert_eq!(queued, [OrderStatus::Submitted]);
        let handled: Vec<OrderStatus> = in_hand(&statuses, &services, now)
            .into_iter()
            .map(|row| row.order.status)
            .collect();
        assert_eq!(
            handled,
            [
                OrderStatus::Dispatched,
                OrderStatus::Accepted,
                OrderStatus::InProgress
            ]
        );
        let done: Vec<OrderStatus> = finished(&statuses, 10)
            .into_iter()
            .map(|order| order.status)
            .collect();
        assert_eq!(done.len(), 4);
        assert!(done.iter().all(|status| matches!(
            status,
            OrderStatus::Completed
                | OrderStatus::Closed
                | OrderStatus::Cancelled
                | OrderStatus::Rejected
        )));
    }

    #[test]
    fn finished_orders_come_newest_first_and_are_capped() {
        let mut older = order("older", None, "2026-11-20T09:00:00+08:00");
        older.status = OrderStatus::Closed;
        older.updated_at = "2026-11-21T09:00:00+08:00".into();
        let mut newer = order("newer", None, "2026-11-19T09:00:00+08:00");
        newer.status = OrderStatus::Cancelled;
        newer.updated_at = "2026-11-22T09:00:00+08:00".into();
        let ids: Vec<String> = finished([&older, &newer], 1)
            .into_iter()
            .map(|o| o.id.clone())
            .collect();
        assert_eq!(ids, ["newer"]);
    }
}
