//! Orders past the time their service promised (issue 18): the community's dispatchers
//! are told once per order, when the delivery loop finds it (core's rules,
//! [`yizhan_core::work::promised_by`] and [`yizhan_core::work::is_overdue`], the same the
//! queue marks them by).

use sqlx::SqlitePool;
use yizhan_core::inbox::InboxKind;
use yizhan_core::model::OrderStatus;
use yizhan_core::work::{is_overdue, promised_by};

use crate::clock;
use crate::error::ApiError;
use crate::inbox::{dispatchers, tell_people, News, Subject};

/// Tells dispatchers of the orders overdue at `now_ms` not told of before; answers how
/// many items were written.
pub async fn tell_overdue(pool: &SqlitePool, now_ms: i64) -> Result<u32, ApiError> {
    // Only orders still open, by core's statuses: years of finished orders are never read.
    let open: Vec<&str> = OrderStatus::ALL
        .into_iter()
        .filter(|status| !status.is_settled())
        .map(OrderStatus::as_str)
        .collect();
    let marks = vec!["?"; open.len()].join(", ");
    let sql = format!(
        "SELECT o.id, o.community_id, o.title, o.created_at, s.sla_hours
         FROM orders o JOIN services s ON s.id = o.service_id
         WHERE o.deleted = 0 AND s.sla_hours IS NOT NULL AND o.status IN ({marks})
           AND NOT EXISTS (SELECT 1 FROM overdue_told t WHERE t.order_id = o.id)"
    );
    let mut query = sqlx::query_as::<_, (String, String, String, i64, i64)>(&sql);
    for status in &open {
        query = query.bind(*status);
    }
    let candidates = query.fetch_all(pool).await?;
    let mut told = 0;
    for (id, community_id, title, created_ms, sla_hours) in candidates {
        let Ok(hours) = u32::try_from(sla_hours) else {
            continue;
        };
        let due = promised_by(created_ms, hours);
        if !is_overdue(due, now_ms) {
            continue;
        }
        let mut tx = crate::db::write(pool).await?;
        let marked =
            sqlx::query("INSERT INTO overdue_told (order_id) VALUES (?) ON CONFLICT DO NOTHING")
                .bind(&id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if marked == 1 {
            let people = dispatchers(&mut tx, &community_id).await?;
            let when = clock::month_day_minute(due.div_euclid(1000));
            let news = News {
                kind: InboxKind::Overdue,
                event_id: &format!("overdue:{id}"),
                subject: Subject::Order(&id),
                title: &title,
                note: Some(&when),
                at_ms: now_ms,
            };
            told += tell_people(&mut tx, &news, &people).await?;
        }
        tx.commit().await?;
    }
    Ok(told)
}
