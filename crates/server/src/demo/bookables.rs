//! What the demo community's residents book: legal advice on Tuesday afternoons in half
//! hours, after-hours (错时) evening slots on weekdays, the barber's home visits on
//! Thursday mornings for residents 80 and over (once a fortnight), a blood-pressure
//! monitor lent for a week (three units), and the activity room by the hour on weekdays. The
//! residents' years of birth, where the community holds them, and a few bookings.

use yizhan_core::bookings::{BookableKind, Eligibility, SlotRule};

use super::COMMUNITY_ID;
use crate::clock;

struct Thing {
    id: &'static str,
    kind: BookableKind,
    name: &'static str,
    description: &'static str,
    provider: &'static str,
    station: Option<&'static str>,
    rules: fn() -> Vec<SlotRule>,
    capacity: i64,
    loan_days: Option<i64>,
    eligibility: fn() -> Eligibility,
}

fn rule(days: &[u8], from: &str, until: &str, minutes: u16) -> Vec<SlotRule> {
    vec![SlotRule {
        days: days.to_vec(),
        from: from.into(),
        until: until.into(),
        minutes,
    }]
}

const THINGS: [Thing; 5] = [
    Thing {
        id: "bk-legal",
        kind: BookableKind::Consultation,
        name: "法律咨询",
        description:
            "社区法律顾问坐班，一对一免费咨询：赡养、继承、邻里纠纷、劳动争议。请带上相关材料。",
        provider: "社区法律顾问",
        station: Some("st-1"),
        rules: || rule(&[2], "14:00", "17:00", 30),
        capacity: 1,
        loan_days: None,
        eligibility: Eligibility::default,
    },
    Thing {
        id: "bk-evening",
        kind: BookableKind::Consultation,
        name: "错时服务：证明开具与社保代办",
        description: "上班族下班后办事：居住证明、社保卡补办材料、老年优待证代办。",
        provider: "社区党群服务中心",
        station: Some("st-1"),
        rules: || rule(&[1, 2, 3, 4, 5], "18:00", "20:00", 30),
        capacity: 2,
        loan_days: None,
        eligibility: Eligibility::default,
    },
    Thing {
        id: "bk-barber",
        kind: BookableKind::HomeVisit,
        name: "上门理发",
        description: "巾帼志愿服务队的理发师上门，免费。限 80 岁及以上居民，每两周一次。",
        provider: "巾帼志愿服务队",
        station: None,
        rules: || rule(&[4], "09:00", "11:30", 30),
        capacity: 1,
        loan_days: None,
        eligibility: || Eligibility {
            min_age: Some(80),
            once_every_days: Some(14),
        },
    },
    Thing {
        id: "bk-bp-monitor",
        kind: BookableKind::Equipment,
        name: "血压计借用",
        description: "电子血压计，免费借用一周，到服务站领取，用后请归还。",
        provider: "社区卫生服务站",
        station: Some("st-1"),
        rules: || rule(&[1, 2, 3, 4, 5], "09:00", "11:00", 30),
        capacity: 3,
        loan_days: Some(7),
        eligibility: Eligibility::default,
    },
    Thing {
        id: "bk-room",
        kind: BookableKind::Room,
        name: "活动室（可容纳 20 人）",
        description: "楼栋议事、兴趣小组、志愿者培训都可预约，用后请恢复桌椅。",
        provider: "育华里社区",
        station: Some("st-1"),
        rules: || rule(&[1, 2, 3, 4, 5], "09:00", "17:00", 60),
        capacity: 1,
        loan_days: None,
        eligibility: Eligibility::default,
    },
];

/// Years of birth the community holds: 李万章 is past 80, 曹菊兰 not yet.
const BORN: [(&str, i64); 3] = [
    ("u-13800000001", 1944),
    ("u-13800000002", 1950),
    ("u-13800000004", 1962),
];

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

pub async fn seed(tx: &mut sqlx::SqliteConnection) -> Result<(), sqlx::Error> {
    let now = clock::now();
    for (position, thing) in THINGS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO bookables (id, community_id, position, kind, name, description, provider,
                station_id, rules, capacity, loan_days, ahead_days, eligibility, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 14, ?, ?) ON CONFLICT (id) DO NOTHING",
        )
        .bind(thing.id)
        .bind(COMMUNITY_ID)
        .bind(i64::try_from(position).unwrap_or(0))
        .bind(crate::bookings::kind_str(thing.kind))
        .bind(thing.name)
        .bind(thing.description)
        .bind(thing.provider)
        .bind(thing.station)
        .bind(json(&(thing.rules)()))
        .bind(thing.capacity)
        .bind(thing.loan_days)
        .bind(json(&(thing.eligibility)()))
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    for (user, year) in BORN {
        sqlx::query("UPDATE users SET birth_year = ? WHERE id = ? AND birth_year IS NULL")
            .bind(year)
            .bind(user)
            .execute(&mut *tx)
            .await?;
    }
    // 许礼文 has the room booked for a building meeting, the first weekday two days on.
    let day = clock::today() + time::Duration::days(2);
    let day = day
        + time::Duration::days(match day.weekday().number_from_monday() {
            6 => 2,
            7 => 1,
            _ => 0,
        });
    let start = clock::local_unix(day, 14, 0);
    sqlx::query(
        "INSERT INTO bookings (id, bookable_id, user_id, starts_at, ends_at, holds_until, created_ms)
         VALUES ('bkg-demo-room', 'bk-room', 'u-13800000004', ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(start)
    .bind(start + 3600)
    .bind(start + 3600)
    .bind(clock::now_ms())
    .execute(&mut *tx)
    .await?;
    Ok(())
}
