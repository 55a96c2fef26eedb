//! One activity as its editor holds it (issue 19): what, who runs it, where (a station
//! or an address), a day with a start and an end in the community's time, places, who
//! it is for, and when sign-up closes; written whole by id (`PUT /activities/{id}`),
//! those signed up staying signed up.

use crate::activities::{check_activity, Activity, ActivityBody, Audience};
use crate::schedule::{local_datetime, local_minute};
use crate::workbench::shifts::local_at;
use crate::workbench::Problems;

use super::When;

/// An activity as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityDraft {
    pub id: String,
    pub title: String,
    pub description: String,
    pub organiser: String,
    /// "" when it is held at `address` instead.
    pub station_id: String,
    pub address: String,
    pub day: String,
    pub start: String,
    pub end: String,
    pub capacity: String,
    pub audience: Audience,
    /// When sign-up closes, as a `datetime-local` value; "" for the start.
    pub closes: String,
}

impl ActivityDraft {
    /// A new activity under `fresh`, an id the device just made, on `day`.
    pub fn blank(fresh: &str, day: &str) -> ActivityDraft {
        ActivityDraft {
            id: format!("ac-{fresh}"),
            title: String::new(),
            description: String::new(),
            organiser: String::new(),
            station_id: String::new(),
            address: String::new(),
            day: day.to_string(),
            start: "09:30".to_string(),
            end: "11:00".to_string(),
            capacity: "30".to_string(),
            audience: Audience::Everyone,
            closes: String::new(),
        }
    }

    /// The activity as the list shows it, to change.
    pub fn of(activity: &Activity) -> ActivityDraft {
        let starts = local_minute(&activity.starts_at);
        let ends = local_minute(&activity.ends_at);
        let closes = local_minute(&activity.signup_closes_at);
        let part = |text: &str, range: std::ops::Range<usize>| {
            text.get(range).unwrap_or_default().to_string()
        };
        ActivityDraft {
            id: activity.id.clone(),
            title: activity.title.clone(),
            description: activity.description.clone(),
            organiser: activity.organiser.clone(),
            station_id: activity.station_id.clone().unwrap_or_default(),
            address: activity.address.clone().unwrap_or_default(),
            day: part(&starts, 0..10),
            start: part(&starts, 11..16),
            end: part(&ends, 11..16),
            capacity: activity.capacity.to_string(),
            audience: activity.audience,
            // Closing at the start is the default: left empty, it follows a moved start.
            closes: if activity.signup_closes_at == activity.starts_at {
                String::new()
            } else {
                format!("{}T{}", part(&closes, 0..10), part(&closes, 11..16))
            },
        }
    }

    /// The body to send, or every problem by the field it is typed in (`day`,
    /// `starts_at`, `ends_at`, `capacity`, `signup_closes_at`, …), checked by the rules
    /// the server applies.
    pub fn to_body(&self) -> Result<ActivityBody, Problems> {
        let (
            When {
                day,
                start,
                end,
                capacity,
            },
            mut problems,
        ) = When::read(&self.day, &self.start, &self.end, &self.capacity);
        let times = match (day, start, end) {
            (Some(day), Some(start), Some(end)) => local_at(day, start).zip(local_at(day, end)),
            _ => None,
        };
        let station = self.station_id.trim();
        let closes = self.closes.trim();
        let body = ActivityBody {
            title: self.title.trim().to_string(),
            description: self.description.trim().to_string(),
            organiser: self.organiser.trim().to_string(),
            station_id: (!station.is_empty()).then(|| station.to_string()),
            address: station.is_empty().then(|| self.address.trim().to_string()),
            // A stand-in where the times could not be read: the rest is still checked.
            starts_at: times
                .as_ref()
                .map_or("2026-01-01T09:00:00+08:00".into(), |t| t.0.clone()),
            ends_at: times
                .as_ref()
                .map_or("2026-01-01T10:00:00+08:00".into(), |t| t.1.clone()),
            capacity: capacity.unwrap_or(1),
            audience: self.audience,
            signup_closes_at: (!closes.is_empty()).then(|| local_datetime(closes)),
        };
        match check_activity(&body) {
            Ok(_) if problems.is_empty() => Ok(body),
            Ok(_) => Err(problems),
            Err(more) => {
                let said: Vec<String> = problems.iter().map(|(field, _)| field.clone()).collect();
                // Where the times could not be read, what the rules found of the stand-in's
                // times is not the person's to hear.
                let timed =
                    |field: &str| matches!(field, "starts_at" | "ends_at" | "signup_closes_at");
                let read = times.is_some();
                problems.extend(
                    more.into_iter()
                        .filter(|(field, _)| !said.contains(field) && (read || !timed(field))),
                );
                Err(problems)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::FieldProblem;

    #[test]
    fn an_activity_opens_in_the_communitys_time_and_goes_back_unchanged() {
        let mut draft = ActivityDraft::blank("0193", "2026-12-08");
        draft.title = "健康大讲堂".into();
        draft.organiser = "社区卫生服务中心".into();
        draft.station_id = "st-1".into();
        let body = draft.to_body().expect("valid");
        assert_eq!(body.starts_at, "2026-12-08T09:30:00+08:00");
        assert_eq!(body.ends_at, "2026-12-08T11:00:00+08:00");
        assert_eq!(body.address, None);
        assert_eq!(body.signup_closes_at, None, "closes at the start");
        draft.closes = "2026-12-07T18:00".into();
        assert_eq!(
            draft.to_body().expect("valid").signup_closes_at.as_deref(),
            Some("2026-12-07T18:00:00+08:00")
        );
    }

    #[test]
    fn what_was_typed_wrong_is_said_at_its_field() {
        let mut draft = ActivityDraft::blank("0193", "2026-12-08");
        draft.capacity = "三十".into();
        draft.start = "9点半".into();
        draft.closes = "2026-12-09T08:00".into();
        let problems = draft.to_body().expect_err("refused");
        let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            ["starts_at", "capacity", "title", "organiser", "address"]
        );
        let mut late = ActivityDraft::blank("0193", "2026-12-08");
        late.title = "书法班".into();
        late.organiser = "老年大学".into();
        late.address = "3 号楼前广场".into();
        late.closes = "2026-12-09T08:00".into();
        assert_eq!(
            late.to_body(),
            Err(vec![(
                "signup_closes_at".to_string(),
                FieldProblem::EndsTooEarly
            )])
        );
    }
}
