//! A service station (服务站) as the workbench's editor holds it while someone types:
//! its address and phone, where it is on a map, its hours week by week, and what a
//! delivery rider or a passer-by finds there (charging, water, a toilet …).

use crate::model::{Amenity, DatedHours, OpenHours, Span, Station};
use crate::opening::check_times;
use crate::order_form::Problems;
use crate::validation::FieldProblem;
use crate::workbench::stations::{check, check_period, StationBody};

/// One period of opening hours as typed: the days it holds for (Monday first), and its
/// times `HH:MM`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodDraft {
    pub days: [bool; 7],
    pub open: String,
    pub close: String,
}

/// Hours that differ from the week's on some dates, as typed: one day or a run of days,
/// closed all day or open from `open` to `close`, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExceptionDraft {
    pub from: String,
    /// Empty: the one day `from`.
    pub until: String,
    pub closed: bool,
    pub open: String,
    pub close: String,
    pub note: String,
}

impl ExceptionDraft {
    /// A day closed, from `from`: where a holiday starts.
    pub fn closed_on(from: &str) -> ExceptionDraft {
        ExceptionDraft {
            from: from.to_string(),
            until: String::new(),
            closed: true,
            open: "08:30".to_string(),
            close: "21:00".to_string(),
            note: String::new(),
        }
    }

    fn of(exception: &DatedHours) -> ExceptionDraft {
        let first = exception.hours.first();
        ExceptionDraft {
            from: exception.from.clone(),
            until: exception.until.clone().unwrap_or_default(),
            closed: first.is_none(),
            open: first.map_or("08:30".to_string(), |span| span.open.clone()),
            close: first.map_or("21:00".to_string(), |span| span.close.clone()),
            note: exception.note.clone(),
        }
    }

    fn to_exception(&self) -> DatedHours {
        let until = self.until.trim();
        DatedHours {
            from: self.from.trim().to_string(),
            until: (!until.is_empty()).then(|| until.to_string()),
            hours: if self.closed {
                Vec::new()
            } else {
                vec![Span {
                    open: self.open.trim().to_string(),
                    close: self.close.trim().to_string(),
                }]
            },
            note: self.note.trim().to_string(),
        }
    }
}

/// A station as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StationDraft {
    pub id: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    /// Degrees as typed; both empty when the station is not on the map.
    pub lat: String,
    pub lng: String,
    pub hours: Vec<PeriodDraft>,
    pub amenities: Vec<Amenity>,
    /// Dates with other hours. One period each here; more come only through the API,
    /// and an exception with more is kept whole unless it is edited.
    pub exceptions: Vec<ExceptionDraft>,
}

impl PeriodDraft {
    /// Monday to Friday, 08:30 to 17:30: where most stations start.
    pub fn weekdays() -> PeriodDraft {
        PeriodDraft {
            days: [true, true, true, true, true, false, false],
            open: "08:30".to_string(),
            close: "17:30".to_string(),
        }
    }
}

impl StationDraft {
    pub fn of(station: &Station) -> StationDraft {
        let degrees = |value: Option<f64>| value.map(|v| v.to_string()).unwrap_or_default();
        StationDraft {
            id: station.id.clone(),
            name: station.name.clone(),
            address: station.address.clone(),
            phone: station.phone.clone(),
            lat: degrees(station.lat),
            lng: degrees(station.lng),
            hours: station
                .open_hours
                .iter()
                .map(|period| {
                    let mut days = [false; 7];
                    for day in &period.days {
                        if let Some(slot) = usize::from(*day)
                            .checked_sub(1)
                            .and_then(|i| days.get_mut(i))
                        {
                            *slot = true;
                        }
                    }
                    PeriodDraft {
                        days,
                        open: period.open.clone(),
                        close: period.close.clone(),
                    }
                })
                .collect(),
            amenities: station.amenities.clone(),
            exceptions: station.exceptions.iter().map(ExceptionDraft::of).collect(),
        }
    }

    /// A new station under `fresh`, an id the device just made (as
    /// [`GridDraft::blank`](super::grid::GridDraft::blank)), open on weekdays.
    pub fn blank(fresh: &str) -> StationDraft {
        StationDraft {
            id: format!("st-{fresh}"),
            name: String::new(),
            address: String::new(),
            phone: String::new(),
            lat: String::new(),
            lng: String::new(),
            hours: vec![PeriodDraft::weekdays()],
            amenities: Vec::new(),
            exceptions: Vec::new(),
        }
    }

    /// The station as the administration API takes it, checked by the rules the server
    /// applies ([`check`]); degrees that are not a number are said at `lat` or `lng`.
    pub fn to_station(&self, before: Option<&Station>) -> Result<Station, Problems> {
        // Degrees as typed: a number, or nothing; range and pairing are the rules'.
        let mut problems = Problems::new();
        let mut degrees = |field: &str, typed: &str| -> Option<f64> {
            let typed = typed.trim();
            if typed.is_empty() {
                return None;
            }
            match typed.parse::<f64>() {
                Ok(value) if value.is_finite() => Some(value),
                _ => {
                    problems.push((field.to_string(), FieldProblem::NotANumber));
                    None
                }
            }
        };
        let lat = degrees("lat", &self.lat);
        let lng = degrees("lng", &self.lng);
        if !problems.is_empty() {
            return Err(problems);
        }
        let body = StationBody {
            id: None,
            updated_at: None,
            name: self.name.trim().to_string(),
            address: self.address.trim().to_string(),
            phone: self.phone.trim().to_string(),
            lat,
            lng,
            open_hours: self
                .hours
                .iter()
                .map(|period| OpenHours {
                    days: (1u8..=7)
                        .zip(period.days)
                        .filter(|(_, open)| *open)
                        .map(|(day, _)| day)
                        .collect(),
                    open: period.open.trim().to_string(),
                    close: period.close.trim().to_string(),
                })
                .collect(),
            amenities: Amenity::ALL
                .into_iter()
                .filter(|amenity| self.amenities.contains(amenity))
                .collect(),
            exceptions: self
                .exceptions
                .iter()
                .map(|draft| {
                    // The editor shows one period a date: one with several, left as it
                    // was, stays whole, wherever it now stands in the list.
                    let kept = before.and_then(|s| {
                        s.exceptions
                            .iter()
                            .find(|e| ExceptionDraft::of(e) == *draft)
                    });
                    kept.cloned().unwrap_or_else(|| draft.to_exception())
                })
                .collect(),
        };
        // The rules name a period as a whole (`open_hours[1]`); the editor shows its
        // days and times apart, so each is said at its own control.
        let mut problems: Problems = check(&body)
            .into_iter()
            .filter(|(field, _)| !field.starts_with("open_hours["))
            .collect();
        for (index, period) in body.open_hours.iter().enumerate() {
            for (member, problem) in check_period(period) {
                problems.push((format!("open_hours[{index}].{member}"), problem));
            }
        }
        // A date's one period, too, is said at the time at fault.
        for (index, exception) in body.exceptions.iter().enumerate() {
            if let [span] = exception.hours.as_slice() {
                let whole = format!("exceptions[{index}].hours");
                problems.retain(|(field, _)| *field != whole);
                for (member, problem) in check_times(&span.open, &span.close) {
                    problems.push((format!("exceptions[{index}].{member}"), problem));
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Station {
            id: self.id.clone(),
            name: body.name,
            address: body.address,
            phone: body.phone,
            lat: body.lat,
            lng: body.lng,
            open_hours: body.open_hours,
            amenities: body.amenities,
            exceptions: body.exceptions,
            updated_at: before.map(|s| s.updated_at.clone()).unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn station() -> Station {
        Station {
            id: "st-1".into(),
            name: "育华里服务站".into(),
            address: "育华里 3 号楼底商".into(),
            lat: Some(30.6586),
            lng: Some(104.0647),
            phone: "028-87654321".into(),
            open_hours: vec![OpenHours {
                days: vec![1, 2, 3, 4, 5],
                open: "08:30".into(),
                close: "20:30".into(),
            }],
            amenities: vec![Amenity::Charging, Amenity::Water],
            updated_at: "2026-11-01T09:00:00+08:00".into(),
            exceptions: vec![
                DatedHours {
                    from: "2027-01-01".into(),
                    until: None,
                    hours: Vec::new(),
                    note: "元旦闭馆".into(),
                },
                // Two periods, as an office's own tool may keep them: the editor shows
                // the first, and the second must not be lost by saving.
                DatedHours {
                    from: "2027-01-23".into(),
                    until: Some("2027-01-24".into()),
                    hours: vec![
                        Span {
                            open: "09:00".into(),
                            close: "12:00".into(),
                        },
                        Span {
                            open: "14:00".into(),
                            close: "17:30".into(),
                        },
                    ],
                    note: "红色周末".into(),
                },
            ],
        }
    }

    #[test]
    fn an_unchanged_draft_is_the_station_it_opened() {
        let before = station();
        assert_eq!(
            StationDraft::of(&before).to_station(Some(&before)),
            Ok(before)
        );
    }

    #[test]
    fn a_place_on_the_map_is_two_numbers_of_degrees_in_range_or_none() {
        let mut draft = StationDraft::of(&station());
        draft.lat = "北纬30度".into();
        assert_eq!(
            draft.to_station(None),
            Err(vec![("lat".into(), FieldProblem::NotANumber)])
        );
        draft.lat = "91".into();
        assert!(draft.to_station(None).is_err());
        draft.lat = String::new();
        assert_eq!(
            draft.to_station(None),
            Err(vec![("lat".into(), FieldProblem::Required)])
        );
        draft.lng = " ".into();
        let off_the_map = draft.to_station(None).expect("valid");
        assert_eq!((off_the_map.lat, off_the_map.lng), (None, None));
    }

    #[test]
    fn days_and_amenities_come_out_in_the_week_s_and_the_list_s_order() {
        let mut draft = StationDraft::blank("0193a1b2-0000-7000-8000-000000000006");
        assert_eq!(draft.id, "st-0193a1b2-0000-7000-8000-000000000006");
        draft.name = "骑手驿站".into();
        draft.address = "育华里 9 号楼".into();
        draft.phone = "028-85550202".into();
        draft.hours[0].days = [false, false, false, false, false, true, true];
        draft.amenities = vec![Amenity::Rest, Amenity::Charging];
        let made = draft.to_station(None).expect("valid");
        assert_eq!(made.open_hours[0].days, [6, 7]);
        draft.hours[0].close = "06:00".into();
        draft.hours[0].days = [false; 7];
        let problems = draft
            .to_station(None)
            .expect_err("closes before it opens, on no day");
        let fields: Vec<&str> = problems.iter().map(|(field, _)| field.as_str()).collect();
        assert_eq!(fields, ["open_hours[0].days", "open_hours[0].close"]);
        assert_eq!(made.amenities, [Amenity::Charging, Amenity::Rest]);
    }

    #[test]
    fn a_holiday_and_a_longer_evening_come_out_as_dated_hours() {
        let before = station();
        let mut draft = StationDraft::of(&before);
        assert!(draft.exceptions[0].closed);
        draft.exceptions.push(ExceptionDraft {
            from: "2027-02-10".into(),
            until: "2027-02-16".into(),
            note: " 春节闭馆 ".into(),
            ..ExceptionDraft::closed_on("")
        });
        draft.exceptions.push(ExceptionDraft {
            closed: false,
            open: "08:30".into(),
            close: "21:30".into(),
            note: "红色周末".into(),
            ..ExceptionDraft::closed_on("2026-12-05")
        });
        let made = draft.to_station(Some(&before)).expect("valid");
        assert_eq!(made.exceptions[..2], before.exceptions[..]);
        assert_eq!(made.exceptions[2].until.as_deref(), Some("2027-02-16"));
        assert_eq!(made.exceptions[2].note, "春节闭馆");
        assert!(made.exceptions[2].hours.is_empty());
        assert_eq!(made.exceptions[3].hours[0].close, "21:30");
        draft.exceptions[2].until = "2027-02-01".into();
        draft.exceptions[3].from = "12-05".into();
        assert_eq!(
            draft.to_station(Some(&before)),
            Err(vec![
                ("exceptions[2].until".into(), FieldProblem::EndsTooEarly),
                ("exceptions[3].from".into(), FieldProblem::NotADate),
            ])
        );
    }

    #[test]
    fn a_date_s_period_that_closes_before_it_opens_is_said_at_its_closing_time() {
        let mut draft = StationDraft::blank("x");
        draft.name = "育华里服务站".into();
        draft.address = "育华里 3 号楼底商".into();
        draft.phone = "028-87654321".into();
        draft.exceptions.push(ExceptionDraft {
            closed: false,
            open: "18:00".into(),
            close: "09:00".into(),
            ..ExceptionDraft::closed_on("2027-01-23")
        });
        draft.exceptions.push(ExceptionDraft {
            closed: false,
            open: "9点".into(),
            ..ExceptionDraft::closed_on("2027-01-24")
        });
        assert_eq!(
            draft.to_station(None),
            Err(vec![
                ("exceptions[0].close".into(), FieldProblem::EndsTooEarly),
                ("exceptions[1].open".into(), FieldProblem::NotAClockTime),
            ])
        );
    }

    #[test]
    fn dated_hours_of_two_periods_left_as_they_were_stay_whole_when_one_before_them_goes() {
        let before = station();
        let mut draft = StationDraft::of(&before);
        draft.exceptions.remove(0);
        let made = draft.to_station(Some(&before)).expect("valid");
        assert_eq!(made.exceptions, before.exceptions[1..]);
        // Changed in the editor, which shows one period, it is what the editor shows.
        draft.exceptions[0].close = "11:30".into();
        let made = draft.to_station(Some(&before)).expect("valid");
        assert_eq!(
            made.exceptions[0].hours,
            [Span {
                open: "09:00".into(),
                close: "11:30".into()
            }]
        );
    }
}
