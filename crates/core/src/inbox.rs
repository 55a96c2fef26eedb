//! Telling people (issue 18): what is worth telling whom about an order, decided once
//! here from what happened to it, and the inbox items the server keeps for each person
//! (`GET /inbox`, an extension of the contract).
//!
//! Nobody is told about their own act, and nobody is told about an order they may not
//! see: the owner sees their order, the volunteer it is sent to sees it, dispatchers see
//! every order of their community.

use serde::{Deserialize, Serialize};

use crate::lifecycle::Action;
use crate::model::OrderKind;

/// What an inbox item is about, as the contract spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InboxKind {
    /// To the owner: their order was sent to a volunteer.
    Dispatched,
    /// To the owner: the volunteer took it (or a volunteer claimed their wish).
    Accepted,
    /// To the owner: it is done; please confirm.
    Done,
    /// To the owner: it was turned down, with the reason (`note`).
    Rejected,
    /// To a volunteer: an order was sent to them.
    SentToYou,
    /// To dispatchers: a new order came in.
    NewOrder,
    /// To dispatchers: a volunteer sent an order back, with the reason (`note`).
    Declined,
    /// To the owner: someone else (the community) cancelled it, with the reason.
    Cancelled,
    /// To the volunteer it was with: it was cancelled, no need to go.
    Withdrawn,
    /// To a volunteer signed up: their shift starts within a day (`note`: when, `MM-DD
    /// HH:MM`).
    ShiftTomorrow,
    /// To a volunteer signed up: their shift starts within two hours (`note`: when).
    ShiftSoon,
    /// To a volunteer signed up: their shift was changed (`note`: when it starts now).
    ShiftChanged,
    /// To a volunteer signed up: their shift was cancelled (`note`: when it was to start).
    ShiftCancelled,
    /// To everyone of the community: a notice went up on the board.
    NewNotice,
    /// To dispatchers: an order is past the time its service promised (`note`: that time).
    Overdue,
    /// To a resident in line for an activity: a place freed and is theirs now (`note`:
    /// when it starts).
    ActivityPlace,
    /// To those signed up: the activity moved (`note`: when it starts now).
    ActivityChanged,
    /// To those signed up: the activity was cancelled (`note`: when it was to start).
    ActivityCancelled,
    /// To a resident who booked: their slot is within a day (`note`: when, `MM-DD HH:MM`).
    BookingSoon,
}

impl InboxKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InboxKind::Dispatched => "dispatched",
            InboxKind::Accepted => "accepted",
            InboxKind::Done => "done",
            InboxKind::Rejected => "rejected",
            InboxKind::SentToYou => "sent_to_you",
            InboxKind::NewOrder => "new_order",
            InboxKind::Declined => "declined",
            InboxKind::Cancelled => "cancelled",
            InboxKind::Withdrawn => "withdrawn",
            InboxKind::ShiftTomorrow => "shift_tomorrow",
            InboxKind::ShiftSoon => "shift_soon",
            InboxKind::ShiftChanged => "shift_changed",
            InboxKind::ShiftCancelled => "shift_cancelled",
            InboxKind::NewNotice => "new_notice",
            InboxKind::Overdue => "overdue",
            InboxKind::ActivityPlace => "activity_place",
            InboxKind::ActivityChanged => "activity_changed",
            InboxKind::ActivityCancelled => "activity_cancelled",
            InboxKind::BookingSoon => "booking_soon",
        }
    }

    /// Every kind, in the order a settings screen lists them.
    pub const ALL: [InboxKind; 19] = [
        InboxKind::Dispatched,
        InboxKind::Accepted,
        InboxKind::Done,
        InboxKind::Rejected,
        InboxKind::Cancelled,
        InboxKind::NewNotice,
        InboxKind::ActivityPlace,
        InboxKind::ActivityChanged,
        InboxKind::ActivityCancelled,
        InboxKind::BookingSoon,
        InboxKind::SentToYou,
        InboxKind::Withdrawn,
        InboxKind::ShiftTomorrow,
        InboxKind::ShiftSoon,
        InboxKind::ShiftChanged,
        InboxKind::ShiftCancelled,
        InboxKind::NewOrder,
        InboxKind::Declined,
        InboxKind::Overdue,
    ];

    /// About a shift's or an activity's time (a reminder, a move, a cancellation): it
    /// goes out in quiet hours too, since it is about a time the person chose, and a
    /// cancellation at six for a shift at half past must not wait for seven.
    pub fn rings_in_quiet_hours(self) -> bool {
        matches!(
            self,
            InboxKind::ShiftTomorrow
                | InboxKind::ShiftSoon
                | InboxKind::ShiftChanged
                | InboxKind::ShiftCancelled
                | InboxKind::ActivityChanged
                | InboxKind::ActivityCancelled
                | InboxKind::BookingSoon
        )
    }

    /// Whether a phone should ring now rather than when convenient (Web Push `Urgency`).
    pub fn is_urgent(self) -> bool {
        matches!(self, InboxKind::SentToYou | InboxKind::ShiftSoon)
    }
}

/// Who, of the people around an order, is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recipient {
    /// Whose order it is.
    Owner,
    /// The volunteer it is with after the act.
    Assignee,
    /// Every active dispatcher of the community.
    Dispatchers,
    /// Who filed it on the owner's behalf (事务代办): they relay it, and may confirm.
    Filer,
}

/// What happened to an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Happening {
    /// It was made (by its owner, or filed for them).
    Created(OrderKind),
    /// A step was taken.
    Step(Action),
}

/// Whom `happening` is told to, and as what. The actor is left out by whoever sends
/// ([`is_told`]).
pub fn told_of(happening: Happening) -> &'static [(Recipient, InboxKind)] {
    match happening {
        // A wish is for volunteers to find on their list; a service order waits for a
        // dispatcher.
        Happening::Created(OrderKind::Service) => &[(Recipient::Dispatchers, InboxKind::NewOrder)],
        Happening::Created(OrderKind::Wish) => &[],
        Happening::Step(Action::Dispatch) => &[
            (Recipient::Owner, InboxKind::Dispatched),
            (Recipient::Assignee, InboxKind::SentToYou),
        ],
        Happening::Step(Action::Accept | Action::Claim) => {
            &[(Recipient::Owner, InboxKind::Accepted)]
        }
        Happening::Step(Action::Complete) => &[
            (Recipient::Owner, InboxKind::Done),
            (Recipient::Filer, InboxKind::Done),
        ],
        Happening::Step(Action::Reject) => &[
            (Recipient::Owner, InboxKind::Rejected),
            (Recipient::Filer, InboxKind::Rejected),
        ],
        Happening::Step(Action::Decline) => &[(Recipient::Dispatchers, InboxKind::Declined)],
        // A cancel by the resident tells the volunteer on the way; one by the community
        // tells the resident too (the actor is left out either way).
        Happening::Step(Action::Cancel) => &[
            (Recipient::Owner, InboxKind::Cancelled),
            (Recipient::Assignee, InboxKind::Withdrawn),
        ],
        // Starting, confirming and reopening are news to nobody who waits on them.
        Happening::Step(Action::Start | Action::Confirm | Action::Reopen) => &[],
    }
}

/// Whether `person` is told, `actor` having acted: nobody is told of their own act.
pub fn is_told(person: &str, actor: &str) -> bool {
    person != actor
}

/// One thing someone was told, as `GET /inbox` lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxItem {
    pub id: String,
    pub kind: InboxKind,
    /// The order it is about: tapping the item opens it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// The shift it is about (a reminder, a change): tapping the item opens the rota.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shift_id: Option<String>,
    /// The notice it is about: tapping the item opens the board, on the home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_id: Option<String>,
    /// The activity it is about: tapping the item opens the activities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_id: Option<String>,
    /// The booking it is about: tapping the item opens the appointments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<String>,
    /// The order's or the shift's title, as it was then.
    pub title: String,
    /// A reason given with the act (a rejection's, a decline's).
    #[serde(default)]
    pub note: Option<String>,
    /// When it happened, RFC 3339.
    pub at: String,
    pub read: bool,
}

impl InboxItem {
    /// Where tapping the item goes: its order, the rota for a shift, the home page's board
    /// for a notice, the activities for an activity.
    pub fn opens(&self) -> (crate::routes::Route, Option<&str>) {
        use crate::routes::{Route, Tab};
        if let Some(order) = &self.order_id {
            (Route::Order, Some(order.as_str()))
        } else if self.shift_id.is_some() {
            (Route::Tab(Tab::Volunteer), None)
        } else if self.activity_id.is_some() {
            (Route::Activities, None)
        } else if self.booking_id.is_some() {
            (Route::Appointments, None)
        } else if self.notice_id.is_some() {
            (Route::Tab(Tab::Home), None)
        } else {
            (Route::Inbox, None)
        }
    }
}

/// A page of `GET /inbox?since=…`: what changed after the cursor (new items, and items
/// read on another device), and how many are unread in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxPage {
    pub items: Vec<InboxItem>,
    /// Where the next pull starts; the same cursor when nothing changed.
    pub next_cursor: String,
    pub has_more: bool,
    pub unread: u32,
}

/// The most items one `POST /inbox/read` marks.
pub const READ_MAX: usize = 200;

// `POST /inbox/read`: the caller's items read on this device, marked read on all of
// theirs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReadBody {
    pub ids: Vec<String>,
}

/// What `POST /inbox/read` answers: how many are still unread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unread {
    pub unread: u32,
}

/// Every problem with `body`, at `ids`: one to 200 ids, none longer than 100 characters.
pub fn check_read(body: &ReadBody) -> Vec<(String, crate::validation::FieldProblem)> {
    use crate::validation::FieldProblem;
    let problem = if body.ids.is_empty() {
        Some(FieldProblem::Required)
    } else if body.ids.len() > READ_MAX {
        Some(FieldProblem::TooMany { max: READ_MAX })
    } else if body.ids.iter().any(|id| id.is_empty() || id.len() > 100) {
        Some(FieldProblem::NotAnId)
    } else {
        None
    };
    problem
        .map(|problem| vec![("ids".to_string(), problem)])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residents_hear_of_their_order_volunteers_of_what_is_sent_to_them_dispatchers_of_what_needs_them(
    ) {
        assert_eq!(
            told_of(Happening::Created(OrderKind::Service)),
            &[(Recipient::Dispatchers, InboxKind::NewOrder)]
        );
        assert!(told_of(Happening::Created(OrderKind::Wish)).is_empty());
        assert_eq!(
            told_of(Happening::Step(Action::Dispatch)),
            &[
                (Recipient::Owner, InboxKind::Dispatched),
                (Recipient::Assignee, InboxKind::SentToYou)
            ]
        );
        assert_eq!(
            told_of(Happening::Step(Action::Decline)),
            &[(Recipient::Dispatchers, InboxKind::Declined)]
        );
        assert_eq!(
            told_of(Happening::Step(Action::Cancel)),
            &[
                (Recipient::Owner, InboxKind::Cancelled),
                (Recipient::Assignee, InboxKind::Withdrawn)
            ]
        );
        assert!(told_of(Happening::Step(Action::Complete))
            .contains(&(Recipient::Filer, InboxKind::Done)));
        for quiet in [Action::Start, Action::Confirm, Action::Reopen] {
            assert!(told_of(Happening::Step(quiet)).is_empty(), "{quiet:?}");
        }
        assert!(!is_told("u-1", "u-1"), "not of one's own act");
    }

    #[test]
    fn a_read_names_one_to_two_hundred_ids() {
        assert_eq!(check_read(&ReadBody::default()).len(), 1);
        let many = ReadBody {
            ids: vec!["x".into(); READ_MAX + 1],
        };
        assert_eq!(check_read(&many).len(), 1);
        let fine = ReadBody {
            ids: vec!["0193a1b2:u-1".into()],
        };
        assert!(check_read(&fine).is_empty());
    }
}
