//! A month of the service posts' activities around today (two weeks back, three ahead):
//! the Tuesday health lecture, the Wednesday legal lecture, after-school care on
//! weekdays, a free clinic every other Thursday in the square, calligraphy on Saturdays
//! and baking on Sundays. Those already held have their sign-ups and check-ins, so the
//! month's figures say something.

use time::Weekday;

use super::COMMUNITY_ID;
use crate::clock;

struct Pattern {
    key: &'static str,
    title: &'static str,
    description: &'static str,
    organiser: &'static str,
    /// A station, or else an address.
    station: Option<&'static str>,
    address: Option<&'static str>,
    on: fn(Weekday, i64) -> bool,
    start: (u8, u8),
    end: (u8, u8),
    capacity: i64,
    audience: &'static str,
}

const PATTERNS: [Pattern; 6] = [
    Pattern {
        key: "health",
        title: "健康大讲堂：冬季心脑血管保健",
        description: "社区卫生服务中心医生主讲，讲后免费量血压。请带上医保卡。",
        organiser: "社区卫生服务中心",
        station: Some("st-1"),
        address: None,
        on: |day, _| day == Weekday::Tuesday,
        start: (9, 30),
        end: (11, 0),
        capacity: 40,
        audience: "elders",
    },
    Pattern {
        key: "law",
        title: "法律大讲堂：遗嘱、赡养与继承",
        description: "社区法律顾问讲解常见家事纠纷，讲后可单独咨询。",
        organiser: "社区法律顾问",
        station: Some("st-1"),
        address: None,
        on: |day, _| day == Weekday::Wednesday,
        start: (14, 30),
        end: (16, 0),
        capacity: 30,
        audience: "everyone",
    },
    Pattern {
        key: "after-school",
        title: "四点半课堂：作业辅导",
        description: "大学生志愿者陪孩子写作业，家长 18:00 前来接。",
        organiser: "团委·大学生志愿者",
        station: Some("st-2"),
        address: None,
        on: |day, _| !matches!(day, Weekday::Saturday | Weekday::Sunday),
        start: (16, 30),
        end: (18, 0),
        capacity: 20,
        audience: "children_with_guardian",
    },
    Pattern {
        key: "clinic",
        title: "义诊：量血压、测血糖、中医问诊",
        description: "区中医医院来社区义诊，免费测血压、血糖，中医问诊。",
        organiser: "区中医医院",
        station: None,
        address: Some("育华里 3 号楼前广场"),
        on: |day, week| day == Weekday::Thursday && week % 2 == 0,
        start: (9, 0),
        end: (11, 30),
        capacity: 80,
        audience: "everyone",
    },
    Pattern {
        key: "calligraphy",
        title: "书法班",
        description: "老年大学老师教楷书，笔墨纸砚驿站备好。",
        organiser: "老年大学社区分校",
        station: Some("st-1"),
        address: None,
        on: |day, _| day == Weekday::Saturday,
        start: (9, 30),
        end: (11, 0),
        capacity: 16,
        audience: "elders",
    },
    Pattern {
        key: "baking",
        title: "烘焙课：做饼干",
        description: "巾帼志愿服务队带大家做饼干，做好的带回家。",
        organiser: "巾帼志愿服务队",
        station: Some("st-2"),
        address: None,
        on: |day, _| day == Weekday::Sunday,
        start: (14, 0),
        end: (16, 0),
        capacity: 12,
        audience: "everyone",
    },
];

/// Residents signed up for what was held (the children's care aside).
const REGULARS: [&str; 3] = ["u-13800000001", "u-13800000002", "u-13800000004"];

pub async fn seed(tx: &mut sqlx::SqliteConnection) -> Result<(), sqlx::Error> {
    let today = clock::today();
    let now = clock::now();
    let now_ms = clock::now_ms();
    for offset in -14i64..21 {
        let date = today + time::Duration::days(offset);
        let week = date.to_julian_day().div_euclid(7);
        for pattern in PATTERNS
            .iter()
            .filter(|p| (p.on)(date.weekday(), i64::from(week)))
        {
            let id = format!("ac-{date}-{}", pattern.key);
            let starts_at = clock::local_unix(date, pattern.start.0, pattern.start.1);
            sqlx::query(
                "INSERT INTO activities (id, community_id, title, description, organiser, station_id,
                    address, starts_at, ends_at, signup_closes_at, capacity, audience, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            )
            .bind(&id)
            .bind(COMMUNITY_ID)
            .bind(pattern.title)
            .bind(pattern.description)
            .bind(pattern.organiser)
            .bind(pattern.station)
            .bind(pattern.address)
            .bind(starts_at)
            .bind(clock::local_unix(date, pattern.end.0, pattern.end.1))
            .bind(starts_at)
            .bind(pattern.capacity)
            .bind(pattern.audience)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if offset < 0 && pattern.audience != "children_with_guardian" {
                held(tx, &id, starts_at, now_ms).await?;
            }
        }
    }
    Ok(())
}

/// A check-in code; `ThreadRng` is made and dropped here, never held across an await.
fn demo_code() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    yizhan_core::activities::check_in_code(|| rng.random::<f64>())
}

/// The regulars signed up for activity `id`, held at `starts_at`; the first two came.
async fn held(
    tx: &mut sqlx::SqliteConnection,
    id: &str,
    starts_at: i64,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    for (n, user) in REGULARS.iter().enumerate() {
        let came = (n < 2).then_some(starts_at + 300);
        sqlx::query(
            "INSERT INTO activity_signups (id, activity_id, user_id, state, created_ms, code,
                checked_in_at)
             VALUES (?, ?, ?, 'confirmed', ?, ?, ?) ON CONFLICT DO NOTHING",
        )
        .bind(format!("{id}-{user}"))
        .bind(id)
        .bind(user)
        .bind(now_ms.min((starts_at - 86_400) * 1000))
        .bind(demo_code())
        .bind(came)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}
