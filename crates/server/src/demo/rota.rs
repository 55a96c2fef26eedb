//! Two weeks of volunteer shifts from today: the evening hour at the red station on
//! weekdays, weekend duty, and Thursday's clean-up day.

use time::Weekday;

use super::COMMUNITY_ID;
use crate::clock;

struct Pattern {
    key: &'static str,
    title: &'static str,
    team: &'static str,
    station: &'static str,
    on: fn(Weekday) -> bool,
    start: (u8, u8),
    end: (u8, u8),
    capacity: i64,
}

const PATTERNS: [Pattern; 3] = [
    Pattern {
        key: "evening",
        title: "驿站晚间值守",
        team: "党员先锋队",
        station: "st-1",
        on: |day| !matches!(day, Weekday::Saturday | Weekday::Sunday),
        start: (18, 30),
        end: (20, 30),
        capacity: 2,
    },
    Pattern {
        key: "weekend",
        title: "周末服务站值班",
        team: "志愿服务队",
        station: "st-1",
        on: |day| matches!(day, Weekday::Saturday | Weekday::Sunday),
        start: (9, 0),
        end: (12, 0),
        capacity: 3,
    },
    Pattern {
        key: "cleanup",
        title: "周四环境清洁日",
        team: "志愿服务队",
        station: "st-2",
        on: |day| day == Weekday::Thursday,
        start: (9, 0),
        end: (11, 0),
        capacity: 12,
    },
];

pub async fn seed(tx: &mut sqlx::SqliteConnection) -> Result<(), sqlx::Error> {
    let today = clock::today();
    let now = clock::now();
    for offset in 0..14 {
        let date = today + time::Duration::days(offset);
        for pattern in PATTERNS.iter().filter(|p| (p.on)(date.weekday())) {
            let id = format!("sh-{}-{}", date, pattern.key);
            sqlx::query(
                "INSERT INTO shifts (id, community_id, title, team, station_id, starts_at, ends_at, capacity, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            )
            .bind(&id)
            .bind(COMMUNITY_ID)
            .bind(pattern.title)
            .bind(pattern.team)
            .bind(pattern.station)
            .bind(clock::local_unix(date, pattern.start.0, pattern.start.1))
            .bind(clock::local_unix(date, pattern.end.0, pattern.end.1))
            .bind(pattern.capacity)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
    }
    Ok(())
}
