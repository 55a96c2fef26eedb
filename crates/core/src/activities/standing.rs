//! What the screens ask about activities, answered from what the server said and what
//! this device still has to send: where the caller stands on one (a place, the line, a
//! sign-up on its way), and at the door, what a typed code means, offline too. Pages
//! display the answers.

use super::{
    check_in_opens, typed_code, Activity, ActivitySignup, CheckInClosed, DoorList, SignupState,
    CHECK_IN_EARLY,
};
use crate::workbench::shifts::parse_time;

/// Where the caller (or a child of theirs) stands on an activity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Not signed up, or given back.
    Out,
    /// A sign-up waits on this device to go: a place or the line is the server's to say.
    Sending,
    /// Giving the place (or the place in line) back waits on this device to go.
    Withdrawing,
    /// A place is theirs: the code to show at the door, and whether they were checked in.
    Placed { code: String, checked_in: bool },
    /// In line, `position` from 1; a place that frees comes by itself.
    InLine { position: u32 },
}

/// Where `child` (the caller with `None`) stands on `activity`, `queued` being the last
/// word this device has not yet had acknowledged (`Some(true)`: sign up, `Some(false)`:
/// withdraw).
pub fn standing(activity: &Activity, child: Option<&str>, queued: Option<bool>) -> Standing {
    match (queued, activity.mine_for(child)) {
        (Some(true), None) => Standing::Sending,
        (Some(false), Some(_)) => Standing::Withdrawing,
        (Some(false), None) | (None, None) => Standing::Out,
        (_, Some(signup)) => match signup.state {
            SignupState::Confirmed => Standing::Placed {
                code: signup.code.clone(),
                checked_in: signup.checked_in,
            },
            SignupState::Waitlisted => Standing::InLine {
                position: signup.position.unwrap_or(1),
            },
        },
    }
}

/// What a code typed (or scanned) at the door means for the activity's list as this
/// device holds it, `queued` being the codes checked in here and not yet sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AtTheDoor {
    /// Not a code at all (a look-alike, a wrong length): said at the field.
    NotACode,
    /// Nobody on the list holds it (given back, another activity's, mistyped).
    Unknown,
    /// Welcome: check them in.
    Welcome { code: String, name: String },
    /// Checked in already (here or by another device).
    Already { name: String },
    /// In line without a place.
    InLine { name: String, position: u32 },
    /// The activity was cancelled.
    Cancelled,
    /// The door opens at `opens` (`HH:MM`, two hours before the start).
    TooEarly { opens: String },
    /// Check-in closed a week after the end.
    TooLate,
}

/// Who is coming under `signup`: the child's name with the guardian's, else the person.
pub fn coming(signup: &ActivitySignup) -> String {
    match &signup.child_name {
        Some(child) => format!("{child}（{}）", signup.name),
        None => signup.name.clone(),
    }
}

/// What `typed` means at the door of `list` at `now_ms`, the codes in `queued` checked
/// in here already; by core's rules for the door ([`check_in_opens`]), as the server
/// will judge it.
pub fn at_the_door(list: &DoorList, typed: &str, queued: &[String], now_ms: i64) -> AtTheDoor {
    let Some(code) = typed_code(typed) else {
        return AtTheDoor::NotACode;
    };
    let Some(signup) = list.signups.iter().find(|s| s.code == code) else {
        return AtTheDoor::Unknown;
    };
    let name = coming(signup);
    if signup.checked_in_at.is_some() || queued.contains(&code) {
        return AtTheDoor::Already { name };
    }
    if signup.state == SignupState::Waitlisted {
        return AtTheDoor::InLine {
            name,
            position: signup.position.unwrap_or(1),
        };
    }
    let activity = &list.activity;
    let (starts, ends) = (
        parse_time(&activity.starts_at).unwrap_or(i64::MAX),
        parse_time(&activity.ends_at).unwrap_or(i64::MIN),
    );
    match check_in_opens(now_ms.div_euclid(1000), starts, ends, activity.cancelled) {
        Ok(()) => AtTheDoor::Welcome { code, name },
        Err(CheckInClosed::Cancelled) => AtTheDoor::Cancelled,
        Err(CheckInClosed::TooEarly) => AtTheDoor::TooEarly {
            opens: crate::workbench::shifts::local_rfc3339(starts.saturating_sub(CHECK_IN_EARLY))
                .and_then(|text| text.get(11..16).map(str::to_string))
                .unwrap_or_default(),
        },
        Err(CheckInClosed::TooLate) => AtTheDoor::TooLate,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Audience, MySignup};
    use super::*;

    fn activity(mine: Vec<MySignup>) -> Activity {
        Activity {
            id: "a-1".into(),
            title: "健康大讲堂".into(),
            description: String::new(),
            organiser: "社区卫生服务中心".into(),
            station_id: Some("st-1".into()),
            address: None,
            starts_at: "2026-12-08T09:30:00+08:00".into(),
            ends_at: "2026-12-08T11:00:00+08:00".into(),
            signup_closes_at: "2026-12-08T09:30:00+08:00".into(),
            capacity: 1,
            audience: Audience::Everyone,
            confirmed: 1,
            waitlisted: 1,
            cancelled: false,
            series_id: None,
            updated_at: "2026-12-01T09:00:00+08:00".into(),
            mine,
        }
    }

    fn mine(state: SignupState, child: Option<&str>) -> MySignup {
        MySignup {
            id: "s-1".into(),
            child_name: child.map(str::to_string),
            state,
            position: (state == SignupState::Waitlisted).then_some(2),
            code: "K7M2PQ".into(),
            checked_in: false,
        }
    }

    #[test]
    fn a_sign_up_on_its_way_then_the_servers_word() {
        let none = activity(vec![]);
        assert_eq!(standing(&none, None, None), Standing::Out);
        assert_eq!(standing(&none, None, Some(true)), Standing::Sending);
        let lined = activity(vec![mine(SignupState::Waitlisted, None)]);
        assert_eq!(
            standing(&lined, None, None),
            Standing::InLine { position: 2 }
        );
        assert_eq!(
            standing(&lined, None, Some(true)),
            Standing::InLine { position: 2 },
            "the answer came: the server's word"
        );
        assert_eq!(standing(&lined, None, Some(false)), Standing::Withdrawing);
        assert_eq!(standing(&lined, Some("小明"), None), Standing::Out);
        let placed = activity(vec![mine(SignupState::Confirmed, Some("小明"))]);
        assert_eq!(
            standing(&placed, Some("小明"), None),
            Standing::Placed {
                code: "K7M2PQ".into(),
                checked_in: false
            }
        );
    }

    /// 09:00 on the lecture's day, half an hour before it starts.
    const AT_NINE: i64 = 1_796_691_600_000;

    fn door() -> DoorList {
        let signup = |code: &str, state, child: Option<&str>, at: Option<&str>| ActivitySignup {
            id: format!("s-{code}"),
            user_id: "u-1".into(),
            name: "曹菊兰".into(),
            phone: "13800000002".into(),
            child_name: child.map(str::to_string),
            state,
            position: (state == SignupState::Waitlisted).then_some(1),
            code: code.into(),
            signed_up_at: "2026-12-01T09:00:00+08:00".into(),
            checked_in_at: at.map(str::to_string),
        };
        DoorList {
            activity: activity(vec![]),
            signups: vec![
                signup("K7M2PQ", SignupState::Confirmed, Some("小明"), None),
                signup(
                    "ABCDEF",
                    SignupState::Confirmed,
                    None,
                    Some("2026-12-08T09:20:00+08:00"),
                ),
                signup("HJKMNP", SignupState::Waitlisted, None, None),
            ],
        }
    }

    #[test]
    fn at_the_door_a_code_is_welcome_once_and_the_line_is_told_so() {
        let list = door();
        assert_eq!(
            at_the_door(&list, "k7m-2pq", &[], AT_NINE),
            AtTheDoor::Welcome {
                code: "K7M2PQ".into(),
                name: "小明（曹菊兰）".into()
            }
        );
        assert_eq!(
            at_the_door(&list, "K7M2PQ", &["K7M2PQ".into()], AT_NINE),
            AtTheDoor::Already {
                name: "小明（曹菊兰）".into()
            },
            "checked in here, not yet sent"
        );
        assert!(matches!(
            at_the_door(&list, "ABCDEF", &[], AT_NINE),
            AtTheDoor::Already { .. }
        ));
        assert!(matches!(
            at_the_door(&list, "HJKMNP", &[], AT_NINE),
            AtTheDoor::InLine { position: 1, .. }
        ));
        assert_eq!(
            at_the_door(&list, "QRSTUV", &[], AT_NINE),
            AtTheDoor::Unknown
        );
        assert_eq!(
            at_the_door(&list, "K7M2P0", &[], AT_NINE),
            AtTheDoor::NotACode
        );
    }

    #[test]
    fn at_the_door_the_hours_and_a_cancellation_are_the_servers() {
        let mut list = door();
        let early = AT_NINE - 2 * 3600 * 1000;
        assert_eq!(
            at_the_door(&list, "K7M2PQ", &[], early),
            AtTheDoor::TooEarly {
                opens: "07:30".into()
            }
        );
        let weeks_later = AT_NINE + 14 * 24 * 3600 * 1000;
        assert_eq!(
            at_the_door(&list, "K7M2PQ", &[], weeks_later),
            AtTheDoor::TooLate
        );
        list.activity.cancelled = true;
        assert_eq!(
            at_the_door(&list, "K7M2PQ", &[], AT_NINE),
            AtTheDoor::Cancelled
        );
    }
}
