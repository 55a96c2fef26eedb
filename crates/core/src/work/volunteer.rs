//! A volunteer's side: the orders sent to them, and the micro-wishes anyone may claim.

use crate::model::{Order, OrderKind, OrderStatus, Volunteer};

use super::unix_ms;

/// Orders dispatched to this volunteer and not done yet: the ones waiting for their
/// answer first, then what they have accepted or started, oldest first.
pub fn assigned_to<'a>(
    orders: impl IntoIterator<Item = &'a Order>,
    user_id: &str,
) -> Vec<&'a Order> {
    let mut mine: Vec<((bool, i64), &Order)> = orders
        .into_iter()
        .filter(|order| !order.deleted)
        .filter(|order| order.assignee.as_ref().is_some_and(|a| a.id == user_id))
        .filter(|order| {
            matches!(
                order.status,
                OrderStatus::Dispatched | OrderStatus::Accepted | OrderStatus::InProgress
            )
        })
        // The key read once per order, not once per comparison: a time is parsed text.
        .map(|order| {
            let created = unix_ms(&order.created_at).unwrap_or(i64::MAX);
            ((order.status != OrderStatus::Dispatched, created), order)
        })
        .collect();
    mine.sort_by_key(|(key, _)| *key);
    mine.into_iter().map(|(_, order)| order).collect()
}

/// Neighbours' micro-wishes nobody has claimed yet, oldest first (the longest wait).
pub fn open_wishes<'a>(
    orders: impl IntoIterator<Item = &'a Order>,
    user_id: &str,
) -> Vec<&'a Order> {
    let mut open: Vec<(i64, &Order)> = orders
        .into_iter()
        .filter(|order| !order.deleted && order.kind == OrderKind::Wish)
        .filter(|order| order.status == OrderStatus::Submitted && order.owner_id != user_id)
        .map(|order| (unix_ms(&order.created_at).unwrap_or(i64::MAX), order))
        .collect();
    open.sort_by_key(|(created, _)| *created);
    open.into_iter().map(|(_, order)| order).collect()
}

/// Who a dispatcher should send an order to first: whoever is on shift now, then whoever
/// carries the fewest open orders, then by name.
pub fn by_availability(mut volunteers: Vec<Volunteer>) -> Vec<Volunteer> {
    volunteers.sort_by(|a, b| {
        (!a.on_shift_now, a.open_orders, &a.name).cmp(&(!b.on_shift_now, b.open_orders, &b.name))
    });
    volunteers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Assignee;
    use crate::work::tests::order;

    fn assigned(id: &str, to: &str, status: OrderStatus, created_at: &str) -> Order {
        let mut o = order(id, Some("s"), created_at);
        o.status = status;
        o.assignee = Some(Assignee {
            id: to.into(),
            name: to.into(),
        });
        o
    }

    #[test]
    fn a_volunteer_sees_what_waits_for_their_answer_first() {
        let orders = [
            assigned(
                "started",
                "me",
                OrderStatus::InProgress,
                "2026-11-20T09:00:00+08:00",
            ),
            assigned(
                "new",
                "me",
                OrderStatus::Dispatched,
                "2026-11-22T09:00:00+08:00",
            ),
            assigned(
                "accepted",
                "me",
                OrderStatus::Accepted,
                "2026-11-21T09:00:00+08:00",
            ),
            assigned(
                "done",
                "me",
                OrderStatus::Completed,
                "2026-11-19T09:00:00+08:00",
            ),
            assigned(
                "theirs",
                "other",
                OrderStatus::Dispatched,
                "2026-11-19T09:00:00+08:00",
            ),
        ];
        let ids: Vec<String> = assigned_to(&orders, "me")
            .into_iter()
            .map(|o| o.id.clone())
            .collect();
        assert_eq!(ids, ["new", "started", "accepted"]);
    }

    #[test]
    fn open_wishes_are_unclaimed_wishes_of_others() {
        let mut mine = order("mine", None, "2026-11-20T09:00:00+08:00");
        mine.kind = OrderKind::Wish;
        mine.owner_id = "me".into();
        let mut newer = order("newer", None, "2026-11-22T09:00:00+08:00");
        newer.kind = OrderKind::Wish;
        let mut older = order("older", None, "2026-11-21T09:00:00+08:00");
        older.kind = OrderKind::Wish;
        let mut claimed = order("claimed", None, "2026-11-19T09:00:00+08:00");
        claimed.kind = OrderKind::Wish;
        claimed.status = OrderStatus::Accepted;
        let service = order("service", Some("s"), "2026-11-19T09:00:00+08:00");
        let ids: Vec<String> = open_wishes([&mine, &newer, &older, &claimed, &service], "me")
            .into_iter()
            .map(|o| o.id.clone())
            .collect();
        assert_eq!(ids, ["older", "newer"]);
    }

    #[test]
    fn volunteers_on_shift_come_first_then_the_least_loaded() {
        let volunteer = |name: &str, on_shift_now: bool, open_orders: u32| Volunteer {
            id: name.into(),
            name: name.into(),
            grid_id: None,
            on_shift_now,
            open_orders,
        };
        let order: Vec<String> = by_availability(vec![
            volunteer("许礼文", false, 0),
            volunteer("王静", true, 3),
            volunteer("李华", true, 1),
            volunteer("张强", false, 2),
        ])
        .into_iter()
        .map(|v| v.name)
        .collect();
        assert_eq!(order, ["李华", "王静", "许礼文", "张强"]);
    }
}
