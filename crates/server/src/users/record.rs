//! A user's record of service: the shifts they served (signed up, not cancelled, ended,
//! not marked missed by staff) and the orders they completed, with the time each took.

use sqlx::SqlitePool;
use yizhan_core::model::ServiceRecord;

use crate::clock;
use crate::error::ApiError;

/// The record of service of `user_id`, as of now.
pub async fn of(pool: &SqlitePool, user_id: &str) -> Result<ServiceRecord, ApiError> {
    let (shifts, shift_seconds): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(s.ends_at - s.starts_at), 0)
         FROM shift_signups x JOIN shifts s ON s.id = x.shift_id
         WHERE x.user_id = ? AND s.cancelled = 0 AND s.ends_at <= ?
           AND (x.attended IS NULL OR x.attended = 1)",
    )
    .bind(user_id)
    .bind(clock::now())
    .fetch_one(pool)
    .await?;
    // The timelines of the orders the caller completed, each in order (`at` in ms).
    let events: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT e.order_id, e.action, e.at
         FROM order_events e JOIN orders o ON o.id = e.order_id
         WHERE o.assignee_id = ? AND o.status IN ('completed', 'closed') AND o.deleted = 0
         ORDER BY e.order_id, e.seq",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    let (orders, order_ms) = worked(&events);
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(ServiceRecord {
        shifts: count(shifts),
        shift_minutes: count(shift_seconds / 60),
        orders: count(orders),
        order_minutes: count(order_ms / 60_000),
    })
}

/// How many orders, and how long the last round of work on each took: from a `start` to
/// the `complete` after it, counting only a start made since the order last changed
/// hands (dispatch, claim, decline, reopen), so that no one is credited with another's
/// work or with the days an order waited.
fn worked(events: &[(String, String, i64)]) -> (i64, i64) {
    let mut orders = 0;
    let mut total_ms = 0;
    let mut index = 0;
    while index < events.len() {
        let order_id = &events[index].0;
        let mut started: Option<i64> = None;
        let mut last_round = 0;
        while index < events.len() && &events[index].0 == order_id {
            let (_, action, at) = &events[index];
            match action.as_str() {
                "dispatch" | "claim" | "decline" | "reopen" => started = None,
                "start" => started = Some(*at),
                "complete" => last_round = started.take().map_or(0, |s| (at - s).max(0)),
                _ => {}
            }
            index += 1;
        }
        orders += 1;
        total_ms += last_round;
    }
    (orders, total_ms)
}

#[cfg(test)]
mod tests {
    use super::worked;

    fn event(order: &str, action: &str, at: i64) -> (String, String, i64) {
        (order.into(), action.into(), at)
    }

    #[test]
    fn only_the_last_round_of_work_counts_and_only_from_its_own_start() {
        let events = [
            // A started and completed; the resident reopened; B claimed and completed
            // without starting: B is credited with no time, not with A's start.
            event("o-1", "create", 0),
            event("o-1", "dispatch", 10),
            event("o-1", "accept", 20),
            event("o-1", "start", 1_000),
            event("o-1", "complete", 61_000),
            event("o-1", "reopen", 90_000),
            event("o-1", "dispatch", 100_000),
            event("o-1", "accept", 110_000),
            event("o-1", "complete", 900_000),
            // Started then completed: 30 minutes.
            event("o-2", "create", 0),
            event("o-2", "claim", 5),
            event("o-2", "start", 60_000),
            event("o-2", "complete", 1_860_000),
        ];
        assert_eq!(worked(&events), (2, 1_800_000));
    }
}
