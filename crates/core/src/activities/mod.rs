//! Activities (issue 19): what the service posts run every week — lectures (健康大讲堂,
//! 法律大讲堂), free clinics (义诊), classes, after-school care (四点半课堂). The rules the
//! server, the engine and the pages share: what an activity must say, where a new
//! sign-up goes (a place, or the waitlist), who moves up when a place frees, whether
//! sign-up is still open, repeating one weekly or every two weeks, and the short code a
//! resident shows at the door.
//!
//! Times are the community's (+08:00 all year), as for shifts.

use serde::{Deserialize, Serialize};

mod door;
mod standing;
mod view;

pub use door::{check_in_opens, checked_in_at, CheckInClosed, CHECK_IN_EARLY, CHECK_IN_LATE};
pub use standing::{at_the_door, coming, standing, AtTheDoor, Standing};
pub use view::{
    check_repeat, check_signup, month_span, room_for_a_child, Activity, ActivitySignup,
    CheckInBody, DoorList, MonthFigures, MySignup, OrganiserFigures, RepeatBody, SignupBody,
    CHILDREN_MAX,
};

use crate::validation::{FieldProblem, ADDRESS_MAX, DESCRIPTION_MAX, TITLE_MAX};
use crate::workbench::shifts::{check_capacity, check_span, parse_time};
use crate::workbench::Found;

/// The most places one activity has.
pub const CAPACITY_MAX: i64 = 10_000;
/// The most activities one repetition makes.
pub const REPEATS_MAX: u32 = 26;
/// How many characters a check-in code has.
pub const CODE_LEN: usize = 6;
/// The characters of a check-in code: digits and capitals, without those read one for
/// another aloud or on a worn screen (0/O, 1/I/L).
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Who works an activity's door: staff, and the grid workers who know the residents.
pub const AT_THE_DOOR: [crate::model::Role; 3] = [
    crate::model::Role::Admin,
    crate::model::Role::Dispatcher,
    crate::model::Role::GridWorker,
];

/// Who an activity is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    #[default]
    Everyone,
    /// Residents 60 and over (老年人).
    Elders,
    /// Children, signed up by a guardian who names the child.
    ChildrenWithGuardian,
}

impl Audience {
    /// Whether a sign-up names the child it is for.
    pub fn names_a_child(self) -> bool {
        self == Audience::ChildrenWithGuardian
    }
}

// An activity as staff write it. `station_id` or `address` says where (one of them);
// `signup_closes_at`, when given, is at or before the start. (Not a doc comment: utoipa
// would make it the schema's description.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActivityBody {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Who runs it: a team, a unit (a hospital, a law firm), or the community.
    pub organiser: String,
    #[serde(default)]
    pub station_id: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    pub starts_at: String,
    pub ends_at: String,
    pub capacity: i64,
    #[serde(default)]
    pub audience: Audience,
    #[serde(default)]
    pub signup_closes_at: Option<String>,
}

/// When an activity that passed its checks starts, ends and stops taking sign-ups, in
/// Unix seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActivityTimes {
    pub starts_at: i64,
    pub ends_at: i64,
    /// The start, where no earlier closing was given.
    pub signup_closes_at: i64,
}

/// Every problem with `body`, by field; else its times. Whether its station exists is
/// the server's to say.
pub fn check_activity(body: &ActivityBody) -> Result<ActivityTimes, Vec<(String, FieldProblem)>> {
    let mut found = Found::default();
    found.text("title", &body.title, true, TITLE_MAX);
    found.text("description", &body.description, false, DESCRIPTION_MAX);
    found.text("organiser", &body.organiser, true, TITLE_MAX);
    match (&body.station_id, &body.address) {
        (None, None) => found.add("address", FieldProblem::Required),
        (Some(_), Some(_)) => found.add("address", FieldProblem::Duplicate),
        (None, Some(address)) => found.text("address", address, true, ADDRESS_MAX),
        (Some(_), None) => {}
    }
    check_capacity(&mut found, body.capacity, CAPACITY_MAX);
    let (starts_at, ends_at) = check_span(&mut found, &body.starts_at, &body.ends_at);
    let closes_at = match body.signup_closes_at.as_deref() {
        None => starts_at,
        Some(text) => {
            let closes = parse_time(text);
            match (closes, starts_at) {
                (None, _) => found.add("signup_closes_at", FieldProblem::NotATime),
                (Some(closes), Some(start)) if closes > start => {
                    found.add("signup_closes_at", FieldProblem::EndsTooEarly)
                }
                _ => {}
            }
            closes
        }
    };
    let problems = found.finish();
    match (starts_at, ends_at, closes_at) {
        (Some(starts_at), Some(ends_at), Some(signup_closes_at)) if problems.is_empty() => {
            Ok(ActivityTimes {
                starts_at,
                ends_at,
                signup_closes_at,
            })
        }
        _ => Err(problems),
    }
}

/// Where a sign-up stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignupState {
    /// A place is theirs.
    Confirmed,
    /// In line for a place that frees up; the first in line takes it by themselves.
    Waitlisted,
}

/// Where a new sign-up goes when `confirmed` of `capacity` places are taken: a place
/// while one is left, the waitlist after.
pub fn place_for(confirmed: u32, capacity: u32) -> SignupState {
    if confirmed < capacity {
        SignupState::Confirmed
    } else {
        SignupState::Waitlisted
    }
}

/// A sign-up in line: when it was made (Unix milliseconds) and its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InLine {
    pub signed_up_at_ms: i64,
    pub id: String,
}

/// How many of `waitlist` move up when `confirmed` of `capacity` places are taken (a
/// place freed, or the capacity raised), first come first served: the earliest sign-up,
/// then the smaller sign-up id where two came in the same millisecond. Answers them in order.
pub fn moving_up(waitlist: &[InLine], confirmed: u32, capacity: u32) -> Vec<&InLine> {
    let free = capacity.saturating_sub(confirmed) as usize;
    let mut line: Vec<&InLine> = waitlist.iter().collect();
    line.sort_by(|a, b| {
        a.signed_up_at_ms
            .cmp(&b.signed_up_at_ms)
            .then_with(|| a.id.cmp(&b.id))
    });
    line.truncate(free);
    line
}

/// Why a sign-up is not taken now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotOpen {
    Cancelled,
    /// Sign-up closed at its closing time (or the start).
    Closed,
}

/// Whether sign-ups are taken at `now` (Unix seconds).
pub fn signup_open(now: i64, closes_at: i64, cancelled: bool) -> Result<(), NotOpen> {
    if cancelled {
        Err(NotOpen::Cancelled)
    } else if now >= closes_at {
        Err(NotOpen::Closed)
    } else {
        Ok(())
    }
}

/// Whether a place (or a place in line) may be given back at `now` (Unix seconds): until
/// the activity starts, after sign-up has closed too.
pub fn may_give_back(now: i64, starts_at: i64) -> bool {
    now < starts_at
}

/// How often an activity comes back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Every {
    Week,
    TwoWeeks,
}

impl Every {
    fn seconds(self) -> i64 {
        match self {
            Every::Week => 7 * 24 * 3600,
            Every::TwoWeeks => 14 * 24 * 3600,
        }
    }
}

/// The times of an activity repeated `every` week or two, `times` in all (the first
/// included, at most [`REPEATS_MAX`]). China keeps one offset all year, so a week later
/// is the same wall time.
pub fn repeated(first: ActivityTimes, every: Every, times: u32) -> Vec<ActivityTimes> {
    let step = every.seconds();
    (0..i64::from(times.min(REPEATS_MAX)))
        .map(|n| {
            let shift = n.saturating_mul(step);
            ActivityTimes {
                starts_at: first.starts_at.saturating_add(shift),
                ends_at: first.ends_at.saturating_add(shift),
                signup_closes_at: first.signup_closes_at.saturating_add(shift),
            }
        })
        .collect()
}

/// A check-in code from `random` (values in `0.0..1.0`, as `Env::random_unit` gives):
/// [`CODE_LEN`] characters of [`CODE_ALPHABET`], about a billion codes, so a code read out
/// at the door names one sign-up of the activity.
pub fn check_in_code(mut random: impl FnMut() -> f64) -> String {
    (0..CODE_LEN)
        .map(|_| {
            let unit = random().clamp(0.0, 1.0);
            let index = ((unit * CODE_ALPHABET.len() as f64) as usize).min(CODE_ALPHABET.len() - 1);
            char::from(CODE_ALPHABET[index])
        })
        .collect()
}

/// A code as staff typed it: spaces and dashes dropped, lower case raised. A character
/// outside the alphabet (0, O, 1, I, L) is refused, never guessed at: `None` when it
/// cannot be a code.
pub fn typed_code(text: &str) -> Option<String> {
    let code: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let valid = code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b));
    valid.then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lecture() -> ActivityBody {
        ActivityBody {
            title: "健康大讲堂：高血压的日常管理".into(),
            description: "社区卫生服务中心王医生主讲。".into(),
            organiser: "社区卫生服务中心".into(),
            station_id: Some("st-1".into()),
            address: None,
            starts_at: "2026-12-08T09:30:00+08:00".into(),
            ends_at: "2026-12-08T11:00:00+08:00".into(),
            capacity: 40,
            audience: Audience::Elders,
            signup_closes_at: None,
        }
    }

    fn fields(body: &ActivityBody) -> Vec<String> {
        check_activity(body)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|(field, _)| field)
            .collect()
    }

    #[test]
    fn an_activity_says_what_who_where_when_and_how_many() {
        let times = check_activity(&lecture()).ok();
        assert_eq!(
            times.map(|t| t.signup_closes_at),
            times.map(|t| t.starts_at),
            "sign-up closes at the start unless said"
        );
        let nowhere = ActivityBody {
            station_id: None,
            ..lecture()
        };
        assert_eq!(fields(&nowhere), ["address"]);
        let both = ActivityBody {
            address: Some("3 号楼前广场".into()),
            ..lecture()
        };
        assert_eq!(fields(&both), ["address"]);
        let bad = ActivityBody {
            title: " ".into(),
            organiser: String::new(),
            capacity: 0,
            ends_at: "2026-12-08T09:00:00+08:00".into(),
            signup_closes_at: Some("2026-12-09T09:00:00+08:00".into()),
            ..lecture()
        };
        assert_eq!(
            fields(&bad),
            [
                "title",
                "organiser",
                "capacity",
                "ends_at",
                "signup_closes_at"
            ]
        );
    }

    #[test]
    fn places_first_then_the_line_and_the_first_in_line_moves_up() {
        assert_eq!(place_for(39, 40), SignupState::Confirmed);
        assert_eq!(place_for(40, 40), SignupState::Waitlisted);
        let line = [
            InLine {
                signed_up_at_ms: 300,
                id: "u-3".into(),
            },
            InLine {
                signed_up_at_ms: 100,
                id: "u-9".into(),
            },
            InLine {
                signed_up_at_ms: 100,
                id: "u-2".into(),
            },
        ];
        let up: Vec<&str> = moving_up(&line, 39, 40)
            .into_iter()
            .map(|l| l.id.as_str())
            .collect();
        assert_eq!(up, ["u-2"]);
        assert_eq!(moving_up(&line, 40, 40).len(), 0);
        assert_eq!(
            moving_up(&line, 0, 40).len(),
            3,
            "never more than are in line"
        );
    }

    #[test]
    fn sign_up_closes_at_its_time_and_never_on_a_cancelled_activity() {
        assert_eq!(signup_open(99, 100, false), Ok(()));
        assert_eq!(signup_open(100, 100, false), Err(NotOpen::Closed));
        assert_eq!(signup_open(0, 100, true), Err(NotOpen::Cancelled));
    }

    #[test]
    fn a_weekly_or_fortnightly_activity_keeps_its_wall_time() {
        let first = ActivityTimes {
            starts_at: 1_000,
            ends_at: 2_000,
            signup_closes_at: 900,
        };
        let fortnightly = repeated(first, Every::TwoWeeks, 3);
        assert_eq!(fortnightly.len(), 3);
        assert_eq!(fortnightly[2].starts_at - first.starts_at, 28 * 24 * 3600);
        assert_eq!(
            repeated(first, Every::Week, 1000).len(),
            REPEATS_MAX as usize
        );
    }

    #[test]
    fn a_check_in_code_is_six_unmistakable_characters_and_reads_back_as_typed() {
        let mut n = 0.0;
        let code = check_in_code(|| {
            n += 0.17;
            n % 1.0
        });
        assert_eq!(code.len(), CODE_LEN);
        assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)), "{code}");
        assert_eq!(
            check_in_code(|| 1.0).len(),
            CODE_LEN,
            "the top of the range"
        );
        assert_eq!(typed_code("k7m-2pq").as_deref(), Some("K7M2PQ"));
        assert_eq!(typed_code("K7M 2PQ").as_deref(), Some("K7M2PQ"));
        assert_eq!(typed_code("K7M2P0"), None, "0 is not in the alphabet");
        assert_eq!(typed_code("K7M2P"), None);
    }

    proptest::proptest! {
        #[test]
        fn moving_up_takes_the_earliest_and_never_more_than_the_free_places(
            line in proptest::collection::vec((0i64..50, 0u8..20), 0..30),
            confirmed in 0u32..40,
            capacity in 0u32..40,
        ) {
            let line: Vec<InLine> = line
                .into_iter()
                .map(|(at, who)| InLine { signed_up_at_ms: at, id: format!("u-{who:02}") })
                .collect();
            let up = moving_up(&line, confirmed, capacity);
            let free = capacity.saturating_sub(confirmed) as usize;
            proptest::prop_assert_eq!(up.len(), free.min(line.len()));
            let key = |l: &InLine| (l.signed_up_at_ms, l.id.clone());
            for pair in up.windows(2) {
                proptest::prop_assert!(key(pair[0]) <= key(pair[1]));
            }
            // Nobody left in line came before someone who moved up.
            if let Some(last) = up.last() {
                let moved = up.len();
                let earlier = line.iter().filter(|l| key(l) < key(last)).count();
                proptest::prop_assert!(earlier < moved);
            }
        }

        #[test]
        fn every_code_made_reads_back_as_itself(units in proptest::collection::vec(0.0f64..=1.0, CODE_LEN)) {
            let mut next = units.into_iter();
            let code = check_in_code(|| next.next().unwrap_or(0.0));
            proptest::prop_assert_eq!(typed_code(&code.to_lowercase()), Some(code));
        }
    }
}
