//! A month's activities in figures, for the street office's report: activities held (not
//! cancelled, started by now), cancelled, places taken on those held, people served
//! (checked in at the door), those with a place who did not come (once it was over), and
//! the same by organiser.

use sqlx::SqlitePool;
use yizhan_core::activities::{month_span, MonthFigures, OrganiserFigures};
use yizhan_core::validation::FieldProblem;

use super::count;
use crate::clock;
use crate::error::ApiError;
use crate::users::User;

/// One organiser's month, as counted.
#[derive(sqlx::FromRow)]
struct Counted {
    organiser: String,
    held: i64,
    cancelled: i64,
    confirmed: i64,
    served: i64,
    no_shows: i64,
}

/// The figures of `month` (`YYYY-MM`; this month when absent) for `staff`'s community.
pub async fn month(
    pool: &SqlitePool,
    staff: &User,
    month: Option<&str>,
) -> Result<MonthFigures, ApiError> {
    let now = clock::now();
    let month = match month {
        Some(text) => text.to_string(),
        None => clock::rfc3339_local(now).chars().take(7).collect(),
    };
    let (from, until) =
        month_span(&month).ok_or_else(|| ApiError::invalid([("month", FieldProblem::NotADate)]))?;
    let rows: Vec<Counted> = sqlx::query_as(
        "SELECT a.organiser,
            SUM(a.cancelled = 0 AND a.starts_at <= ?3) AS held,
            SUM(a.cancelled != 0) AS cancelled,
            SUM(CASE WHEN a.cancelled = 0 AND a.starts_at <= ?3 THEN (SELECT COUNT(*)
                FROM activity_signups x WHERE x.activity_id = a.id AND x.state = 'confirmed')
                ELSE 0 END) AS confirmed,
            SUM(CASE WHEN a.cancelled = 0 THEN (SELECT COUNT(*)
                FROM activity_signups x WHERE x.activity_id = a.id
                  AND x.checked_in_at IS NOT NULL) ELSE 0 END) AS served,
            SUM(CASE WHEN a.cancelled = 0 AND a.ends_at <= ?3 THEN (SELECT COUNT(*)
                FROM activity_signups x WHERE x.activity_id = a.id AND x.state = 'confirmed'
                  AND x.checked_in_at IS NULL) ELSE 0 END) AS no_shows
         FROM activities a
         WHERE a.community_id = ?4 AND a.starts_at >= ?1 AND a.starts_at < ?2
         GROUP BY a.organiser ORDER BY held DESC, a.organiser",
    )
    .bind(from)
    .bind(until)
    .bind(now)
    .bind(&staff.community_id)
    .fetch_all(pool)
    .await?;
    let sum = |pick: fn(&Counted) -> i64| count(rows.iter().map(pick).sum());
    Ok(MonthFigures {
        held: sum(|c| c.held),
        cancelled: sum(|c| c.cancelled),
        confirmed: sum(|c| c.confirmed),
        served: sum(|c| c.served),
        no_shows: sum(|c| c.no_shows),
        by_organiser: rows
            .iter()
            .filter(|c| c.held > 0)
            .map(|c| OrganiserFigures {
                organiser: c.organiser.clone(),
                held: count(c.held),
                served: count(c.served),
            })
            .collect(),
        month,
    })
}
