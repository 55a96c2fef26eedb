//! The order lifecycle of api-contract.md as a pure state machine: resident orders
//! (群众点单), the community dispatches (社区派单), a volunteer accepts (志愿者接单).

use serde::{Deserialize, Serialize};

use crate::model::{OrderKind, OrderStatus, Role, TransitionRequest};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Dispatch,
    Claim,
    Accept,
    Decline,
    Start,
    Complete,
    Confirm,
    Reopen,
    Cancel,
    Reject,
}

impl Action {
    pub const ALL: [Action; 10] = [
        Action::Dispatch,
        Action::Claim,
        Action::Accept,
        Action::Decline,
        Action::Start,
        Action::Complete,
        Action::Confirm,
        Action::Reopen,
        Action::Cancel,
        Action::Reject,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Dispatch => "dispatch",
            Action::Claim => "claim",
            Action::Accept => "accept",
            Action::Decline => "decline",
            Action::Start => "start",
            Action::Complete => "complete",
            Action::Confirm => "confirm",
            Action::Reopen => "reopen",
            Action::Cancel => "cancel",
            Action::Reject => "reject",
        }
    }

    /// The action the contract spells `text`, if any.
    pub fn parse(text: &str) -> Option<Action> {
        Action::ALL
            .into_iter()
            .find(|action| action.as_str() == text)
    }

    /// Actions that must say why.
    pub fn needs_note(self) -> bool {
        matches!(self, Action::Decline | Action::Reopen | Action::Reject)
    }
}

/// One lifecycle step as a person asks for it: the action and what goes with it. Built
/// from what was typed (`Step::new(Action::Decline).noting(" 在外地 ")`), checked by
/// [`crate::validation::check_transition`] on the device and on the server, and sent as
/// a [`TransitionRequest`] under an id of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub action: Action,
    /// A reason or a reply; `None` when nothing but white space was typed.
    pub note: Option<String>,
    /// Stars, with a confirmation.
    pub rating: Option<i64>,
    /// The volunteer a dispatch goes to.
    pub assignee_id: Option<String>,
}

impl Step {
    pub fn new(action: Action) -> Step {
        Step {
            action,
            note: None,
            rating: None,
            assignee_id: None,
        }
    }

    /// With the note as typed: trimmed, and none if blank.
    pub fn noting(mut self, typed: &str) -> Step {
        let trimmed = typed.trim();
        self.note = (!trimmed.is_empty()).then(|| trimmed.to_string());
        self
    }

    /// With `stars`, for a confirmation.
    pub fn rated(mut self, stars: i64) -> Step {
        self.rating = Some(stars);
        self
    }

    /// Dispatched to `assignee_id`.
    pub fn to(mut self, assignee_id: impl Into<String>) -> Step {
        self.assignee_id = Some(assignee_id.into());
        self
    }

    /// The contract's request for this step, under the step's own `id`.
    pub fn request(self, id: String) -> TransitionRequest {
        TransitionRequest {
            id,
            action: self.action,
            note: self.note,
            assignee_id: self.assignee_id,
            rating: self.rating,
        }
    }
}

impl TransitionRequest {
    /// The step this request asks for.
    pub fn step(&self) -> Step {
        Step {
            action: self.action,
            note: self.note.clone(),
            rating: self.rating,
            assignee_id: self.assignee_id.clone(),
        }
    }
}

/// How the person acting stands to the order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Actor {
    pub is_owner: bool,
    pub is_assignee: bool,
    pub is_volunteer: bool,
    pub is_dispatcher: bool,
    /// They filed the order on its owner's behalf (its `filed_by`), and still hold a role
    /// that files for others: the one [`Role::filing_for_others`] names. They may confirm
    /// it for the owner, saying how they know it is done.
    pub filed_as: Option<Role>,
}

impl Actor {
    /// Filed the order for someone else, and is not its owner.
    pub fn is_filer_for_owner(self) -> bool {
        self.filed_as.is_some() && !self.is_owner
    }

    /// The role the timeline records for `action` done by this actor.
    pub fn role_for(self, action: Action) -> Role {
        match action {
            Action::Dispatch | Action::Reject => Role::Dispatcher,
            Action::Cancel if !self.is_owner => Role::Dispatcher,
            Action::Confirm if self.is_filer_for_owner() => self.filed_as.unwrap_or(Role::Resident),
            Action::Cancel | Action::Confirm | Action::Reopen => Role::Resident,
            Action::Claim | Action::Accept | Action::Decline | Action::Start | Action::Complete => {
                Role::Volunteer
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("this action is not yours to take on this order")]
    Forbidden,
    #[error("this action is not possible in the order's current status")]
    InvalidTransition,
}

fn may(actor: Actor, action: Action) -> bool {
    match action {
        Action::Dispatch | Action::Reject => actor.is_dispatcher,
        Action::Claim => actor.is_volunteer,
        Action::Accept | Action::Decline | Action::Start | Action::Complete => actor.is_assignee,
        // The filer confirms for a resident who cannot (with a note saying how they know:
        // `crate::validation::check_transition_as`); reopening stays the owner's.
        Action::Confirm => actor.is_owner || actor.filed_as.is_some(),
        Action::Reopen => actor.is_owner,
        Action::Cancel => actor.is_owner || actor.is_dispatcher,
    }
}

/// The status after `action`, or why it cannot happen: the wrong person (`Forbidden`)
/// before the wrong moment (`InvalidTransition`).
pub fn next_status(
    kind: OrderKind,
    status: OrderStatus,
    action: Action,
    actor: Actor,
) -> Result<OrderStatus, TransitionError> {
    use OrderStatus::*;
    if !may(actor, action) {
        return Err(TransitionError::Forbidden);
    }
    let next = match (action, status) {
        (Action::Dispatch, Submitted) => Dispatched,
        (Action::Claim, Submitted) if kind == OrderKind::Wish => Accepted,
        (Action::Accept, Dispatched) => Accepted,
        (Action::Decline, Dispatched) => Submitted,
        (Action::Start, Accepted) => InProgress,
        (Action::Complete, Accepted | InProgress) => Completed,
        (Action::Confirm, Completed) => Closed,
        (Action::Reopen, Completed) => Submitted,
        (Action::Cancel, Submitted | Dispatched) => Cancelled,
        (Action::Reject, Submitted) => Rejected,
        _ => return Err(TransitionError::InvalidTransition),
    };
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use OrderStatus::*;

    const OWNER: Actor = Actor {
        is_owner: true,
        is_assignee: false,
        is_volunteer: false,
        is_dispatcher: false,
        filed_as: None,
    };
    const ASSIGNEE: Actor = Actor {
        is_owner: false,
        is_assignee: true,
        is_volunteer: true,
        is_dispatcher: false,
        filed_as: None,
    };
    const VOLUNTEER: Actor = Actor {
        is_owner: false,
        is_assignee: false,
        is_volunteer: true,
        is_dispatcher: false,
        filed_as: None,
    };
    const DISPATCHER: Actor = Actor {
        is_owner: false,
        is_assignee: false,
        is_volunteer: false,
        is_dispatcher: true,
        filed_as: None,
    };

    #[test]
    fn the_whole_loop_of_a_service_order() {
        let kind = OrderKind::Service;
        let mut status = Submitted;
        for (action, actor, expected) in [
            (Action::Dispatch, DISPATCHER, Dispatched),
            (Action::Decline, ASSIGNEE, Submitted),
            (Action::Dispatch, DISPATCHER, Dispatched),
            (Action::Accept, ASSIGNEE, Accepted),
            (Action::Start, ASSIGNEE, InProgress),
            (Action::Complete, ASSIGNEE, Completed),
            (Action::Reopen, OWNER, Submitted),
            (Action::Dispatch, DISPATCHER, Dispatched),
            (Action::Accept, ASSIGNEE, Accepted),
            (Action::Complete, ASSIGNEE, Completed),
            (Action::Confirm, OWNER, Closed),
        ] {
            status = next_status(kind, status, action, actor).expect("allowed");
            assert_eq!(status, expected, "{action:?}");
        }
    }

    #[test]
    fn only_wishes_are_claimed() {
        assert_eq!(
            next_status(OrderKind::Wish, Submitted, Action::Claim, VOLUNTEER),
            Ok(Accepted)
        );
        assert_eq!(
            next_status(OrderKind::Service, Submitted, Action::Claim, VOLUNTEER),
            Err(TransitionError::InvalidTransition)
        );
    }

    #[test]
    fn the_wrong_person_is_refused_before_the_wrong_moment() {
        assert_eq!(
            next_status(OrderKind::Wish, Closed, Action::Dispatch, OWNER),
            Err(TransitionError::Forbidden)
        );
        assert_eq!(
            next_status(OrderKind::Wish, Submitted, Action::Accept, VOLUNTEER),
            Err(TransitionError::Forbidden)
        );
        assert_eq!(
            next_status(OrderKind::Wish, Submitted, Action::Confirm, DISPATCHER),
            Err(TransitionError::Forbidden)
        );
        assert_eq!(
            next_status(OrderKind::Wish, Accepted, Action::Cancel, OWNER),
            Err(TransitionError::InvalidTransition)
        );
        assert_eq!(
            next_status(OrderKind::Wish, Dispatched, Action::Cancel, DISPATCHER),
            Ok(Cancelled)
        );
    }

    #[test]
    fn the_filer_confirms_for_the_owner_and_the_timeline_says_in_which_role() {
        let filer = Actor {
            filed_as: Some(Role::GridWorker),
            ..Actor::default()
        };
        assert_eq!(
            next_status(OrderKind::Service, Completed, Action::Confirm, filer),
            Ok(Closed)
        );
        assert_eq!(filer.role_for(Action::Confirm), Role::GridWorker);
        assert_eq!(OWNER.role_for(Action::Confirm), Role::Resident);
        // Only confirm: reopening and cancelling stay the owner's.
        assert_eq!(
            next_status(OrderKind::Service, Completed, Action::Reopen, filer),
            Err(TransitionError::Forbidden)
        );
        assert_eq!(
            next_status(OrderKind::Service, Submitted, Action::Cancel, filer),
            Err(TransitionError::Forbidden)
        );
        // A filer who is also the owner confirms as the owner.
        let both = Actor {
            is_owner: true,
            ..filer
        };
        assert!(!both.is_filer_for_owner());
        assert_eq!(both.role_for(Action::Confirm), Role::Resident);
    }

    fn status() -> impl Strategy<Value = OrderStatus> {
        prop_oneof![
            Just(Submitted),
            Just(Dispatched),
            Just(Accepted),
            Just(InProgress),
            Just(Completed),
            Just(Closed),
            Just(Cancelled),
            Just(Rejected)
        ]
    }

    proptest! {
        #[test]
        fn closed_cancelled_and_rejected_are_final(
            end in prop_oneof![Just(Closed), Just(Cancelled), Just(Rejected)],
            action in proptest::sample::select(Action::ALL.to_vec()),
            actor in any::<(bool, bool, bool, bool)>(),
        ) {
            let actor = Actor { is_owner: actor.0, is_assignee: actor.1, is_volunteer: actor.2, is_dispatcher: actor.3, filed_as: None };
            prop_assert!(next_status(OrderKind::Wish, end, action, actor).is_err());
        }

        #[test]
        fn nobody_without_a_role_or_a_relation_changes_anything(
            from in status(),
            action in proptest::sample::select(Action::ALL.to_vec()),
        ) {
            prop_assert_eq!(next_status(OrderKind::Wish, from, action, Actor::default()), Err(TransitionError::Forbidden));
        }
    }
}
