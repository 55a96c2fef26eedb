//! Why a step waits, in the words of the person who asked for it: told who was quicker
//! (the resident who cancelled, another dispatcher, another volunteer), not just that the
//! order moved.

use crate::i18n::Texts;
use crate::lifecycle::Action;
use crate::sync::outbox::{Actor, Operation, ParkReason};
use crate::sync::profiles::mapped::NOT_TAKEN;
use crate::sync::profiles::open311::UNVERIFIABLE;
use crate::sync::profiles::UNCONFIRMED;

/// The sentence shown beside a parked step.
pub fn park_explanation(texts: &Texts, operation: &Operation, reason: &ParkReason) -> String {
    let action = match operation {
        Operation::Transition { request, .. } => Some(request.action),
        _ => None,
    };
    match reason {
        ParkReason::Refused { kind, .. } if kind == UNVERIFIABLE => {
            texts.parked_unverifiable.to_string()
        }
        ParkReason::Refused { kind, .. } if kind == UNCONFIRMED => {
            texts.parked_unconfirmed.to_string()
        }
        ParkReason::Refused { kind, .. } if kind == NOT_TAKEN => texts.parked_not_taken.to_string(),
        ParkReason::Refused { message, .. } => (texts.parked_refused)(message),
        // The resident changed their own order (cancelled it, most often): that is who
        // the dispatcher or volunteer should hear of, not "another dispatcher".
        ParkReason::Overtaken {
            status,
            by: Some(Actor::Resident),
        } => (texts.parked_by_resident)(texts.status(*status)),
        ParkReason::Overtaken { .. } if action == Some(Action::Claim) => {
            texts.parked_claimed_elsewhere.to_string()
        }
        ParkReason::Overtaken { status, by }
            if action == Some(Action::Dispatch) && *by != Some(Actor::Volunteer) =>
        {
            (texts.parked_dispatched_elsewhere)(texts.status(*status))
        }
        ParkReason::Overtaken { status, .. } => (texts.parked_overtaken)(texts.status(*status)),
        ParkReason::Deleted => texts.parked_deleted.to_string(),
        ParkReason::Blocked { .. } => texts.parked_blocked.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{texts, Lang};
    use crate::model::{OrderStatus, TransitionRequest};

    fn step(action: Action) -> Operation {
        Operation::Transition {
            order_id: "o-1".into(),
            request: TransitionRequest {
                id: "t-1".into(),
                action,
                note: None,
                assignee_id: None,
                rating: None,
            },
        }
    }

    /// Issue 13, 22: a dispatch parked because the resident cancelled names the resident.
    #[test]
    fn a_dispatch_the_resident_overtook_by_cancelling_names_the_resident() {
        let texts = texts(Lang::ZhHans);
        let cancelled = ParkReason::Overtaken {
            status: OrderStatus::Cancelled,
            by: Some(Actor::Resident),
        };
        let said = park_explanation(texts, &step(Action::Dispatch), &cancelled);
        assert!(said.contains("居民"), "{said}");
        assert!(!said.contains("派单员"), "{said}");
        let by_colleague = ParkReason::Overtaken {
            status: OrderStatus::Dispatched,
            by: Some(Actor::Dispatcher),
        };
        let said = park_explanation(texts, &step(Action::Dispatch), &by_colleague);
        assert!(said.contains("其他派单员"), "{said}");
        let claimed = ParkReason::Overtaken {
            status: OrderStatus::Accepted,
            by: Some(Actor::Volunteer),
        };
        let said = park_explanation(texts, &step(Action::Claim), &claimed);
        assert!(said.contains("其他志愿者"), "{said}");
    }
}
