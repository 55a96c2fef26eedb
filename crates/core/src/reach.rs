//! Reaching people beyond the inbox (issue 18): what each person chose (which kinds ring
//! their phone, quiet hours, text messages), and the rules the server applies to every
//! inbox item before it pushes or texts it (`GET`/`PUT /me/reach`, an extension of the
//! contract).
//!
//! The inbox always has everything; these settings only decide what also rings.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::inbox::InboxKind;
use crate::validation::FieldProblem;

/// Quiet hours, in the community's time, as `HH:MM`. `from` after `until` spans
/// midnight (22:00–07:00).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuietHours {
    pub from: String,
    pub until: String,
}

/// How a person is reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReachSettings {
    /// The language pushes and texts are written in.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "zh-Hans"))]
    pub lang: Lang,
    /// Kinds that do not ring (they are still in the inbox).
    #[serde(default)]
    pub muted: Vec<InboxKind>,
    /// When nothing rings but news of a shift's time; `null`: never quiet.
    #[serde(default)]
    pub quiet: Option<QuietHours>,
    /// Text messages too: for someone who rarely opens the app.
    #[serde(default)]
    pub sms: bool,
}

impl Default for ReachSettings {
    /// Everything rings, in Simplified Chinese, quiet 22:00–07:00, no texts.
    fn default() -> Self {
        ReachSettings {
            lang: Lang::ZhHans,
            muted: Vec::new(),
            quiet: Some(QuietHours {
                from: "22:00".into(),
                until: "07:00".into(),
            }),
            sms: false,
        }
    }
}

/// The kinds someone with `roles` can be told of, in the order a settings screen lists
/// them: news of one's own orders for everyone, what volunteers and dispatchers hear for
/// them.
pub fn kinds_for(roles: &[crate::model::Role]) -> Vec<InboxKind> {
    use crate::model::Role;
    InboxKind::ALL
        .into_iter()
        .filter(|kind| match kind {
            InboxKind::SentToYou
            | InboxKind::Withdrawn
            | InboxKind::ShiftTomorrow
            | InboxKind::ShiftSoon
            | InboxKind::ShiftChanged
            | InboxKind::ShiftCancelled => roles.contains(&Role::Volunteer),
            InboxKind::NewOrder | InboxKind::Declined | InboxKind::Overdue => {
                roles.contains(&Role::Dispatcher)
            }
            _ => true,
        })
        .collect()
}

/// Minutes after midnight of `HH:MM` (00:00 to 23:59).
pub fn minute_of_day(text: &str) -> Option<u16> {
    let (hours, minutes) = text.split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let hours: u16 = hours.parse().ok().filter(|h| *h < 24)?;
    let minutes: u16 = minutes.parse().ok().filter(|m| *m < 60)?;
    Some(hours * 60 + minutes)
}

/// Every problem with `settings`, by field: quiet hours must be two times of day that
/// differ, and no kind is muted twice.
pub fn check_settings(settings: &ReachSettings) -> Vec<(String, FieldProblem)> {
    let mut problems = Vec::new();
    if let Some(quiet) = &settings.quiet {
        let from = minute_of_day(&quiet.from);
        let until = minute_of_day(&quiet.until);
        if from.is_none() {
            problems.push(("quiet.from".to_string(), FieldProblem::NotAClockTime));
        }
        if until.is_none() {
            problems.push(("quiet.until".to_string(), FieldProblem::NotAClockTime));
        }
        if from.is_some() && from == until {
            problems.push(("quiet.until".to_string(), FieldProblem::Duplicate));
        }
    }
    let mut seen = Vec::new();
    for kind in &settings.muted {
        if seen.contains(kind) {
            problems.push(("muted".to_string(), FieldProblem::Duplicate));
            break;
        }
        seen.push(*kind);
    }
    problems
}

/// Whether `kind` rings for someone with `settings` (it is in their inbox either way).
pub fn rings(settings: &ReachSettings, kind: InboxKind) -> bool {
    !settings.muted.contains(&kind)
}

/// How many minutes an item of `kind` waits before it rings, at `now` minutes after the
/// community's midnight: until the quiet hours end, or 0. News of a shift's time never
/// waits ([`InboxKind::rings_in_quiet_hours`]).
pub fn minutes_held(settings: &ReachSettings, kind: InboxKind, now: u16) -> u16 {
    if kind.rings_in_quiet_hours() {
        return 0;
    }
    let Some(quiet) = &settings.quiet else {
        return 0;
    };
    let (Some(from), Some(until)) = (minute_of_day(&quiet.from), minute_of_day(&quiet.until))
    else {
        return 0;
    };
    const DAY: u16 = 24 * 60;
    let now = now % DAY;
    let quiet_now = if from < until {
        (from..until).contains(&now)
    } else {
        now >= from || now < until
    };
    if !quiet_now {
        return 0;
    }
    // Minutes from now to `until`, across midnight if need be.
    (until + DAY - now) % DAY
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> u16 {
        minute_of_day(text).unwrap_or(u16::MAX)
    }

    #[test]
    fn at_night_an_order_waits_for_the_morning_but_a_reminder_rings() {
        let settings = ReachSettings::default();
        assert_eq!(minutes_held(&settings, InboxKind::Done, at("23:30")), 450);
        assert_eq!(minutes_held(&settings, InboxKind::Done, at("06:59")), 1);
        assert_eq!(minutes_held(&settings, InboxKind::Done, at("07:00")), 0);
        assert_eq!(minutes_held(&settings, InboxKind::Done, at("21:59")), 0);
        assert_eq!(
            minutes_held(&settings, InboxKind::ShiftSoon, at("23:30")),
            0
        );
        let never = ReachSettings {
            quiet: None,
            ..ReachSettings::default()
        };
        assert_eq!(minutes_held(&never, InboxKind::Done, at("03:00")), 0);
        let lunch = ReachSettings {
            quiet: Some(QuietHours {
                from: "12:00".into(),
                until: "14:00".into(),
            }),
            ..ReachSettings::default()
        };
        assert_eq!(minutes_held(&lunch, InboxKind::Done, at("13:00")), 60);
        assert_eq!(minutes_held(&lunch, InboxKind::Done, at("23:00")), 0);
    }

    #[test]
    fn each_person_chooses_among_what_they_can_be_told() {
        use crate::model::Role;
        let resident = kinds_for(&[Role::Resident]);
        assert_eq!(
            resident.len(),
            10,
            "their orders, notices, activities, bookings"
        );
        assert!(resident.contains(&InboxKind::ActivityPlace));
        assert!(resident.contains(&InboxKind::BookingSoon));
        let volunteer = kinds_for(&[Role::Resident, Role::Volunteer]);
        assert!(volunteer.contains(&InboxKind::ShiftSoon));
        assert!(!volunteer.contains(&InboxKind::NewOrder));
        assert!(kinds_for(&[Role::Dispatcher]).contains(&InboxKind::Declined));
    }

    #[test]
    fn a_muted_kind_stays_in_the_inbox_without_ringing() {
        let settings = ReachSettings {
            muted: vec![InboxKind::NewOrder],
            ..ReachSettings::default()
        };
        assert!(!rings(&settings, InboxKind::NewOrder));
        assert!(rings(&settings, InboxKind::Done));
    }

    #[test]
    fn quiet_hours_are_two_different_times_of_day() {
        assert!(check_settings(&ReachSettings::default()).is_empty());
        let bad = ReachSettings {
            quiet: Some(QuietHours {
                from: "25:00".into(),
                until: "7:00".into(),
            }),
            muted: vec![InboxKind::Done, InboxKind::Done],
            ..ReachSettings::default()
        };
        let fields: Vec<String> = check_settings(&bad).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["quiet.from", "quiet.until", "muted"]);
        let same = ReachSettings {
            quiet: Some(QuietHours {
                from: "22:00".into(),
                until: "22:00".into(),
            }),
            ..ReachSettings::default()
        };
        assert_eq!(check_settings(&same).len(), 1);
    }

    #[test]
    fn settings_read_as_the_contract_writes_them() {
        let json = r#"{"lang":"en","muted":["new_order"],"quiet":null,"sms":true}"#;
        let settings: Result<ReachSettings, _> = serde_json::from_str(json);
        assert_eq!(
            settings.ok(),
            Some(ReachSettings {
                lang: Lang::En,
                muted: vec![InboxKind::NewOrder],
                quiet: None,
                sms: true,
            })
        );
    }
}
