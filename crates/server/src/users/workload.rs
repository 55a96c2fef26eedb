//! The people staff choose among and look for: each user with whether they are on a
//! shift right now and how many open orders they already carry; found by phone digits or
//! part of a name (issue 17), with their minutes of service where they volunteer.

use serde::Serialize;
use sqlx::SqlitePool;
use yizhan_core::model::Role;
use yizhan_core::workbench::people::{search, Search};

use super::User;
use crate::clock;
use crate::error::ApiError;
use crate::paging::page_size;

/// A user as staff choose among them: on shift right now, and how many open orders they
/// already carry.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UserWithLoad {
    #[serde(flatten)]
    user: User,
    on_shift_now: bool,
    open_orders: i64,
    /// Extension, admins only: the phone whole (`phone_masked` stays for everyone).
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
    /// Extension, volunteers only (else null): minutes of service, as `GET /me/record`
    /// counts them (shifts ended and not marked missed, orders completed).
    service_minutes: Option<u32>,
    /// Extension, admins only: the year of birth the community holds (an appointment for
    /// residents of an age reads it).
    #[serde(skip_serializing_if = "Option::is_none")]
    birth_year: Option<i64>,
}

/// A page of [`UserWithLoad`], the first `limit` by name.
pub struct Found {
    pub items: Vec<UserWithLoad>,
    /// More matched than `limit`: search for more precisely.
    pub has_more: bool,
}

/// `text` for a `LIKE … ESCAPE '\'` that finds it anywhere.
fn anywhere(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

/// The users of `viewer`'s community (only those holding `role`, where given; only those
/// `q` finds, where given: digits of their normalised phone, or part of their name), by
/// name, at most `limit` (1 to 200, default 50). Admins also get each phone whole.
pub async fn list(
    pool: &SqlitePool,
    viewer: &User,
    role: Option<&str>,
    q: Option<&str>,
    limit: Option<&str>,
) -> Result<Found, ApiError> {
    let role = match role {
        None => None,
        Some(text) => Some(Role::parse(text).ok_or_else(|| {
            let known: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
            ApiError::field("role", format!("one of {}", known.join(", ")))
        })?),
    };
    let limit = page_size(limit)?;
    let (phone_like, name_like) = match search(q.unwrap_or_default()) {
        Err(problem) => return Err(ApiError::field("q", problem.message())),
        Ok(Search::Everyone) => (None, None),
        Ok(Search::PhoneDigits(digits)) => (Some(anywhere(&digits)), None),
        Ok(Search::Name(name)) => (None, Some(anywhere(&name))),
    };
    // Every user is a resident: asking for residents is asking for everyone.
    let granted = role.filter(|role| *role != Role::Resident);
    let rows: Vec<(String, bool, i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT u.id,
            EXISTS (SELECT 1 FROM shift_signups x JOIN shifts s ON s.id = x.shift_id
                    WHERE x.user_id = u.id AND s.cancelled = 0 AND s.starts_at <= ?2 AND s.ends_at > ?2),
            (SELECT COUNT(*) FROM orders o WHERE o.assignee_id = u.id
                    AND o.status IN ('dispatched', 'accepted', 'in_progress')),
            u.phone, u.birth_year
         FROM users u
         WHERE u.community_id = ?1
           AND (?3 IS NULL OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ?3))
           AND (?4 IS NULL OR u.phone LIKE ?4 ESCAPE '\\')
           AND (?5 IS NULL OR u.name LIKE ?5 ESCAPE '\\')
         ORDER BY u.name, u.id
         LIMIT ?6",
    )
    .bind(&viewer.community_id)
    .bind(clock::now())
    .bind(granted.map(Role::as_str))
    .bind(phone_like)
    .bind(name_like)
    .bind(i64::from(limit) + 1)
    .fetch_all(pool)
    .await?;
    let has_more = rows.len() > limit as usize;
    let admin = Role::Admin.held_in(&viewer.roles);
    let mut items = Vec::with_capacity(rows.len());
    for (id, on_shift_now, open_orders, phone, birth_year) in rows.into_iter().take(limit as usize)
    {
        let Some(user) = super::by_id(pool, &id).await? else {
            continue;
        };
        let service_minutes = if Role::Volunteer.held_in(&user.roles) {
            let record = super::record::of(pool, &id).await?;
            Some(record.shift_minutes.saturating_add(record.order_minutes))
        } else {
            None
        };
        items.push(UserWithLoad {
            user,
            on_shift_now,
            open_orders,
            phone: admin.then_some(phone),
            service_minutes,
            birth_year: birth_year.filter(|_| admin),
        });
    }
    Ok(Found { items, has_more })
}
