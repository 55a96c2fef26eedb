//! `--demo`: one believable community to try Yizhan with, and accounts for every role.
//! Seeding is idempotent: restarting a demo server keeps what residents did in it.

mod activities;
mod bookables;
mod catalogue;
mod places;
mod rota;

use sqlx::SqlitePool;
use yizhan_core::model::Role;
use yizhan_core::phone::MobileNumber;

use crate::clock;
use crate::error::StartError;

/// The code every demo account accepts, in demo mode only.
pub const DEMO_CODE: &str = "246810";

pub const COMMUNITY_ID: &str = "c-yuhua";

/// (phone, name, grid, roles beyond resident), as the README and api-contract.md list them
/// (the grid worker, issue 17, in the README only).
pub const ACCOUNTS: [(&str, &str, &str, &[Role]); 7] = [
    ("13800000001", "李万章", "g-1", &[]),
    ("13800000002", "曹菊兰", "g-2", &[]),
    ("13800000003", "王静", "g-1", &[Role::Volunteer]),
    ("13800000004", "许礼文", "g-3", &[Role::Volunteer]),
    ("13800000005", "郑翔", "g-2", &[Role::Dispatcher]),
    (
        "13800000006",
        "陈主任",
        "g-1",
        &[Role::Dispatcher, Role::Admin],
    ),
    ("13800000007", "张秀梅", "g-1", &[Role::GridWorker]),
];

/// The community's announcement, the first of its notices.
const ANNOUNCEMENT: &str =
    "本周四上午 9:00 志愿者清洁日，在社区服务站门口集合；周末服务站延时开放至 20:30。";

/// JSON for the columns that hold lists; plain data always serialises.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

pub fn is_demo_account(phone: &MobileNumber) -> bool {
    ACCOUNTS
        .iter()
        .any(|(number, ..)| *number == phone.as_str())
}

/// Whether this database was ever seeded as the demo community.
pub async fn was_seeded(pool: &SqlitePool) -> Result<bool, StartError> {
    let seeded: Option<String> =
        sqlx::query_scalar("SELECT value FROM server_meta WHERE key = 'demo_seeded'")
            .fetch_optional(pool)
            .await
            .map_err(StartError::Database)?;
    Ok(seeded.is_some())
}

/// Whether this database holds people and was never seeded as the demo: a real
/// community, which demo mode must not touch.
pub async fn is_real_community(pool: &SqlitePool) -> Result<bool, StartError> {
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await
        .map_err(StartError::Database)?;
    Ok(people > 0 && !was_seeded(pool).await?)
}

/// The notices: the announcement, pinned, and a fortnight's notice from today. `now_ms`:
/// notices are stamped in milliseconds.
async fn notices(tx: &mut sqlx::SqliteConnection, now_ms: i64) -> Result<(), sqlx::Error> {
    let today = clock::today();
    let notices = [
        (
            "announcement",
            "社区公告",
            ANNOUNCEMENT.to_string(),
            None,
            None,
            true,
        ),
        (
            "heating",
            "冬季供暖报修",
            "暖气不热、漏水等问题，请拨打社区热线或到服务站登记；独居老人可请网格员代为登记。"
                .to_string(),
            Some(today.to_string()),
            today
                .checked_add(time::Duration::days(13))
                .map(|d| d.to_string()),
            false,
        ),
    ];
    for (id, title, body, starts_on, ends_on, pinned) in notices {
        sqlx::query(
            "INSERT INTO notices (community_id, id, title, body, starts_on, ends_on, pinned, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (community_id, id) DO NOTHING",
        )
        .bind(COMMUNITY_ID)
        .bind(id)
        .bind(title)
        .bind(body)
        .bind(starts_on)
        .bind(ends_on)
        .bind(pinned)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

pub async fn seed(pool: &SqlitePool) -> Result<(), StartError> {
    let now = clock::now();
    let mut tx = pool.begin().await.map_err(StartError::Database)?;
    sqlx::query(
        "INSERT INTO communities (id, name, district, hotline, announcement, updated_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
    )
    .bind(COMMUNITY_ID)
    .bind("育华里社区")
    .bind("和平区南营门街道")
    .bind("022-23456789")
    .bind(ANNOUNCEMENT)
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(StartError::Database)?;
    notices(&mut tx, clock::now_ms())
        .await
        .map_err(StartError::Database)?;
    for (position, grid) in places::GRIDS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO grids (id, community_id, name, area, position, updated_at)
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        )
        .bind(grid.id)
        .bind(COMMUNITY_ID)
        .bind(grid.name)
        .bind(grid.area)
        .bind(position as i64)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(StartError::Database)?;
        for (i, (name, role, title, phone, wechat, duty_hours, note)) in
            grid.contacts.iter().enumerate()
        {
            sqlx::query(
                "INSERT INTO contacts (id, grid_id, position, name, role, title, phone, wechat, duty_hours, note)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            )
            .bind(format!("{}-c{}", grid.id, i + 1))
            .bind(grid.id)
            .bind(i as i64)
            .bind(name)
            .bind(role.as_str())
            .bind(title)
            .bind(phone)
            .bind(wechat)
            .bind(duty_hours)
            .bind(note)
            .execute(&mut *tx)
            .await
            .map_err(StartError::Database)?;
        }
    }
    for (position, station) in places::STATIONS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO stations (id, community_id, position, name, address, lat, lng, phone, open_hours, amenities, exceptions, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        )
        .bind(station.id)
        .bind(COMMUNITY_ID)
        .bind(position as i64)
        .bind(station.name)
        .bind(station.address)
        .bind(station.lat)
        .bind(station.lng)
        .bind(station.phone)
        .bind(json(&(station.open_hours)()))
        .bind(json(&station.amenities))
        .bind(json(&(station.exceptions)(crate::clock::today())))
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(StartError::Database)?;
    }
    for (position, service) in catalogue::SERVICES.iter().enumerate() {
        sqlx::query(
            "INSERT INTO services (id, community_id, position, code, name, category, kind, description, sla_hours, fields, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        )
        .bind(format!("svc-{}", service.code.to_lowercase()))
        .bind(COMMUNITY_ID)
        .bind(position as i64)
        .bind(service.code)
        .bind(service.name)
        .bind(service.category)
        .bind(service.kind.as_str())
        .bind(service.description)
        .bind(service.sla_hours)
        .bind(json(&(service.fields)()))
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(StartError::Database)?;
    }
    for (phone, name, grid, roles) in ACCOUNTS {
        let id = format!("u-{phone}");
        sqlx::query(
            "INSERT INTO users (id, phone, name, community_id, grid_id, created_at)
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (phone) DO NOTHING",
        )
        .bind(&id)
        .bind(phone)
        .bind(name)
        .bind(COMMUNITY_ID)
        .bind(grid)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(StartError::Database)?;
        for role in roles {
            sqlx::query(
                "INSERT INTO user_roles (user_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING",
            )
            .bind(&id)
            .bind(role.as_str())
            .execute(&mut *tx)
            .await
            .map_err(StartError::Database)?;
        }
    }
    rota::seed(&mut tx).await.map_err(StartError::Database)?;
    activities::seed(&mut tx)
        .await
        .map_err(StartError::Database)?;
    bookables::seed(&mut tx)
        .await
        .map_err(StartError::Database)?;
    // Remembered, so that this database is never served as a real community later.
    sqlx::query("INSERT OR IGNORE INTO server_meta (key, value) VALUES ('demo_seeded', '1')")
        .execute(&mut *tx)
        .await
        .map_err(StartError::Database)?;
    tx.commit().await.map_err(StartError::Database)
}
