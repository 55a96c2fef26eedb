//! The month's figures a community office reports upward (需求清单 → 项目 → 完成): how
//! many orders came in and where they stand, how many were done within the service's
//! promise, and how residents rated the work.

use time::{Date, Month, OffsetDateTime, Time, UtcOffset};

use crate::model::{Order, OrderStatus, Service};

use super::{due_at_ms, unix_ms};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MonthSummary {
    pub year: i32,
    pub month: u8,
    /// Orders and wishes created this month.
    pub total: usize,
    /// How many of them stand in each status, in lifecycle order, zeros left out.
    pub by_status: Vec<(OrderStatus, usize)>,
    /// Of this month's orders done (completed or closed) under a service with a promised
    /// time: how many were done in time, and how many there were.
    pub within_sla: (usize, usize),
    /// The residents' mean rating in tenths of a star (47 = 4.7), and how many rated.
    pub rating_tenths: Option<u32>,
    pub rated: usize,
}

impl MonthSummary {
    /// Done within the promise, in whole percent; `None` before anything was done.
    pub fn within_sla_percent(&self) -> Option<u32> {
        let (within, of) = self.within_sla;
        (of > 0).then(|| (within * 100 / of) as u32)
    }
}

fn community_offset() -> UtcOffset {
    UtcOffset::from_hms(8, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// The community's current month at `now_ms`, as [start, end) in milliseconds.
fn month_bounds(now_ms: i64) -> Option<(i32, Month, i64, i64)> {
    let now = OffsetDateTime::from_unix_timestamp(now_ms.div_euclid(1000))
        .ok()?
        .checked_to_offset(community_offset())?;
    let first = Date::from_calendar_date(now.year(), now.month(), 1).ok()?;
    let next = match now.month() {
        Month::December => Date::from_calendar_date(now.year() + 1, Month::January, 1),
        month => Date::from_calendar_date(now.year(), month.next(), 1),
    }
    .ok()?;
    let ms = |date: Date| {
        let moment = date
            .with_time(Time::MIDNIGHT)
            .assume_offset(community_offset());
        i64::try_from(moment.unix_timestamp_nanos() / 1_000_000).ok()
    };
    Some((now.year(), now.month(), ms(first)?, ms(next)?))
}

/// When the assignee reported the work done: the last `complete` on the timeline.
fn completed_at_ms(order: &Order) -> Option<i64> {
    order
        .timeline
        .iter()
        .rev()
        .find(|entry| entry.action == "complete")
        .and_then(|entry| unix_ms(&entry.at))
}

pub fn month_summary<'a>(
    orders: impl IntoIterator<Item = &'a Order>,
    services: &[Service],
    now_ms: i64,
) -> MonthSummary {
    let Some((year, month, start, end)) = month_bounds(now_ms) else {
        return MonthSummary::default();
    };
    let this_month: Vec<&Order> = orders
        .into_iter()
        .filter(|order| !order.deleted)
        .filter(|order| unix_ms(&order.created_at).is_some_and(|at| (start..end).contains(&at)))
        .collect();
    let by_status = OrderStatus::ALL
        .into_iter()
        .map(|status| {
            let count = this_month.iter().filter(|o| o.status == status).count();
            (status, count)
        })
        .filter(|(_, count)| *count > 0)
        .collect();
    let done_with_promise: Vec<(i64, i64)> = this_month
        .iter()
        .filter(|o| matches!(o.status, OrderStatus::Completed | OrderStatus::Closed))
        .filter_map(|o| Some((completed_at_ms(o)?, due_at_ms(o, services)?)))
        .collect();
    let within = done_with_promise
        .iter()
        .filter(|(done, due)| done <= due)
        .count();
    let ratings: Vec<u32> = this_month
        .iter()
        .filter_map(|o| o.rating.map(u32::from))
        .collect();
    let rating_tenths = (!ratings.is_empty()).then(|| {
        let sum: u32 = ratings.iter().sum();
        let count = ratings.len() as u32;
        // Rounded to the nearest tenth.
        (sum * 10 + count / 2) / count
    });
    MonthSummary {
        year,
        month: month as u8,
        total: this_month.len(),
        by_status,
        within_sla: (within, done_with_promise.len()),
        rating_tenths,
        rated: ratings.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TimelineEntry;
    use crate::work::tests::{at, order, service};

    fn done(id: &str, created_at: &str, completed_at: &str, rating: Option<u8>) -> Order {
        let mut o = order(id, Some("s-24h"), created_at);
        o.status = if rating.is_some() {
            OrderStatus::Closed
        } else {
            OrderStatus::Completed
        };
        o.rating = rating;
        o.timeline.push(TimelineEntry {
            id: format!("{id}-complete"),
            at: completed_at.into(),
            status: OrderStatus::Completed,
            action: "complete".into(),
            by_role: "volunteer".into(),
            note: None,
        });
        o
    }

    #[test]
    fn the_month_counts_orders_by_status_sla_and_rating() {
        let services = [service("s-24h", Some(24))];
        let now = at("2026-11-23T10:00:00+08:00");
        let orders = [
            // Created on the 1st at 00:30 community time: still November.
            done(
                "in-time",
                "2026-11-01T00:30:00+08:00",
                "2026-11-01T20:00:00+08:00",
                Some(5),
            ),
            done(
                "late",
                "2026-11-10T09:00:00+08:00",
                "2026-11-12T09:00:00+08:00",
                Some(4),
            ),
            done(
                "unrated",
                "2026-11-20T09:00:00+08:00",
                "2026-11-20T12:00:00+08:00",
                None,
            ),
            order("waiting", Some("s-24h"), "2026-11-22T09:00:00+08:00"),
            // 23:30 UTC on 31 October is 07:30 on 1 November in the community.
            order("edge", None, "2026-10-31T23:30:00Z"),
            // October in the community.
            done(
                "october",
                "2026-10-31T23:00:00+08:00",
                "2026-11-01T09:00:00+08:00",
                Some(1),
            ),
        ];
        let summary = month_summary(&orders, &services, now);
        assert_eq!((summary.year, summary.month), (2026, 11));
        assert_eq!(summary.total, 5);
        assert_eq!(
            summary.by_status,
            [
                (OrderStatus::Submitted, 2),
                (OrderStatus::Completed, 1),
                (OrderStatus::Closed, 2)
            ]
        );
        assert_eq!(summary.within_sla, (2, 3));
        assert_eq!(summary.within_sla_percent(), Some(66));
        assert_eq!((summary.rating_tenths, summary.rated), (Some(45), 2));
    }

    #[test]
    fn an_empty_month_has_no_percentages_to_invent() {
        let summary = month_summary([], &[], at("2026-12-31T23:59:00+08:00"));
        assert_eq!((summary.year, summary.month, summary.total), (2026, 12, 0));
        assert_eq!(summary.within_sla_percent(), None);
        assert_eq!(summary.rating_tenths, None);
    }
}
