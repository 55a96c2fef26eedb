//! One shift of the rota as its editor holds it: a day, a start and an end in the
//! community's time, and places; written whole (`PUT /shifts/{id}`), those signed up
//! staying signed up.

use crate::model::Shift;
use crate::schedule::local_minute;
use crate::validation::FieldProblem;
use crate::workbench::shifts::{check, local_at, ShiftBody};
use crate::workbench::Problems;

use super::When;

/// A shift as typed; the times are `HH:MM` on `day`, in the community's time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShiftDraft {
    pub title: String,
    pub team: String,
    /// "" for a shift at no station.
    pub station_id: String,
    pub day: String,
    pub start: String,
    pub end: String,
    pub capacity: String,
    /// The shift ends on the day after `day` (an evening until midnight, a night): kept
    /// from the shift opened, as the editor asks only for times.
    pub ends_next_day: bool,
}

impl ShiftDraft {
    /// The shift as the rota shows it, to change.
    pub fn of(shift: &Shift) -> ShiftDraft {
        let starts = local_minute(&shift.starts_at);
        let ends = local_minute(&shift.ends_at);
        let part = |text: &str, range: std::ops::Range<usize>| {
            text.get(range).unwrap_or_default().to_string()
        };
        ShiftDraft {
            title: shift.title.clone(),
            team: shift.team.clone(),
            station_id: shift.station_id.clone().unwrap_or_default(),
            day: part(&starts, 0..10),
            start: part(&starts, 11..16),
            end: part(&ends, 11..16),
            capacity: shift.capacity.to_string(),
            ends_next_day: part(&ends, 0..10) > part(&starts, 0..10),
        }
    }

    /// The body to send, or every problem by the field it is typed in (`day`, `starts_at`
    /// and `ends_at` for the two times, `capacity`, `title`, `team`), checked by the rules
    /// the server applies.
    pub fn to_body(&self) -> Result<ShiftBody, Problems> {
        let (
            When {
                day,
                start,
                end,
                capacity,
            },
            mut problems,
        ) = When::read(&self.day, &self.start, &self.end, &self.capacity);
        let station = self.station_id.trim();
        let body = |starts_at: String, ends_at: String, capacity: i64| ShiftBody {
            title: self.title.trim().to_string(),
            team: self.team.trim().to_string(),
            station_id: (!station.is_empty()).then(|| station.to_string()),
            starts_at,
            ends_at,
            capacity,
        };
        let (Some(day), Some(start), Some(end), Some(capacity)) = (day, start, end, capacity)
        else {
            // The rest checked too, on a stand-in for what could not be read: every
            // problem is said at once.
            let stand_in = body(
                "2026-01-01T09:00:00+08:00".into(),
                "2026-01-01T10:00:00+08:00".into(),
                capacity.unwrap_or(1),
            );
            if let Err(more) = check(&stand_in) {
                let said: Vec<String> = problems.iter().map(|(field, _)| field.clone()).collect();
                problems.extend(more.into_iter().filter(|(field, _)| {
                    !matches!(field.as_str(), "starts_at" | "ends_at") && !said.contains(field)
                }));
            }
            return Err(problems);
        };
        let end_day = if self.ends_next_day {
            day.next_day()
        } else {
            Some(day)
        };
        let (Some(starts_at), Some(ends_at)) = (
            local_at(day, start),
            end_day.and_then(|end_day| local_at(end_day, end)),
        ) else {
            return Err(vec![("day".to_string(), FieldProblem::NotADate)]);
        };
        let made = body(starts_at, ends_at, capacity);
        check(&made).map(|_| made)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ShiftStatus;

    fn shift() -> Shift {
        Shift {
            id: "sh-1".into(),
            title: "扮靓周四".into(),
            team: "环境卫生队".into(),
            station_id: Some("st-1".into()),
            starts_at: "2026-12-03T01:00:00Z".into(),
            ends_at: "2026-12-03T03:00:00Z".into(),
            capacity: 6,
            signed_up: 2,
            me: false,
            status: ShiftStatus::Open,
            updated_at: "2026-11-30T02:00:00Z".into(),
            series_id: None,
        }
    }

    #[test]
    fn a_shift_opens_in_the_communitys_time_and_goes_back_unchanged() {
        let draft = ShiftDraft::of(&shift());
        assert_eq!(
            (draft.day.as_str(), draft.start.as_str(), draft.end.as_str()),
            ("2026-12-03", "09:00", "11:00")
        );
        let body = draft.to_body().expect("valid");
        assert_eq!(body.starts_at, "2026-12-03T09:00:00+08:00");
        assert_eq!(body.ends_at, "2026-12-03T11:00:00+08:00");
        assert_eq!(body.station_id.as_deref(), Some("st-1"));
    }

    #[test]
    fn a_shift_until_midnight_or_through_the_night_keeps_its_end_on_the_next_day() {
        let mut evening = shift();
        evening.starts_at = "2026-12-03T12:00:00Z".into(); // 20:00 in the community
        evening.ends_at = "2026-12-03T16:00:00Z".into(); // midnight
        let mut draft = ShiftDraft::of(&evening);
        assert_eq!((draft.end.as_str(), draft.ends_next_day), ("00:00", true));
        draft.capacity = "8".into();
        let body = draft
            .to_body()
            .expect("saved as it was, but for the places");
        assert_eq!(body.ends_at, "2026-12-04T00:00:00+08:00");
        assert_eq!(body.capacity, 8);
    }

    #[test]
    fn what_was_typed_wrong_is_said_at_its_field() {
        let mut draft = ShiftDraft::of(&shift());
        draft.capacity = "六".into();
        draft.start = "9点".into();
        draft.title = " ".into();
        let problems = draft.to_body().expect_err("refused");
        assert_eq!(
            problems,
            vec![
                ("starts_at".to_string(), FieldProblem::NotAClockTime),
                ("capacity".to_string(), FieldProblem::NotANumber),
                ("title".to_string(), FieldProblem::Required),
            ]
        );
        let mut early = ShiftDraft::of(&shift());
        early.end = "08:00".into();
        let problems = early.to_body().expect_err("refused");
        assert!(problems
            .iter()
            .any(|(f, p)| f == "ends_at" && *p == FieldProblem::EndsTooEarly));
    }
}
