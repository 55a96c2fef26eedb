//! Why a step waits, in the words of the person who asked for it: told who was quicker
//! (the resident who cancelled, another dispatcher, another volunteer), not just that the
//! order moved. And why something asked for at once did not happen.

use crate::i18n::Texts;
use crate::lifecycle::Action;
use crate::sync::engine::{AccountError, SubmitError};
use crate::sync::error::{Doubt, StoreError, SyncError};
use crate::sync::outbox::{Actor, Operation, ParkReason};

fn doubt_explanation(texts: &Texts, doubt: Doubt) -> String {
    match doubt {
        Doubt::UnverifiableResend => texts.parked_unverifiable,
        Doubt::UnconfirmedResend => texts.parked_unconfirmed,
        Doubt::StepNotTaken => texts.parked_not_taken,
    }
    .to_string()
}

/// Why an exchange asked for at once (a code, the calendar file) did not happen.
pub fn failure(texts: &Texts, error: &SyncError) -> String {
    match error {
        SyncError::Network(_) => texts.error_offline.to_string(),
        SyncError::Retry {
            status: 429,
            retry_after,
        } => (texts.error_wait)(retry_after.unwrap_or(900)),
        SyncError::Unauthorized => texts.session_expired.to_string(),
        _ => texts.error_server.to_string(),
    }
}

/// What a sign-in step is: asking for the code, or signing in with a code or password.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInStep {
    AskingForCode,
    WithCode,
    WithPassword,
}

/// Why asking for a code or signing in failed, in the person's words.
pub fn sign_in_failure(texts: &Texts, error: &AccountError, step: SignInStep) -> String {
    let error = match error {
        AccountError::Store(error) => return store_failure(texts, error),
        AccountError::Backend(error) => error,
    };
    match (error, step) {
        // A 401 to "send me a code" means the number is not known (closed registration).
        (SyncError::Unauthorized, SignInStep::AskingForCode) => {
            texts.sign_in_unknown_phone.to_string()
        }
        (SyncError::Unauthorized, SignInStep::WithPassword) => {
            texts.sign_in_wrong_password.to_string()
        }
        (SyncError::Unauthorized, SignInStep::WithCode) => texts.sign_in_wrong_code.to_string(),
        // Backends without accounts look the number up as the user signs in.
        (SyncError::Rejected { kind, .. }, _) if kind == "unknown_phone" => {
            texts.sign_in_unknown_phone.to_string()
        }
        (SyncError::Rejected { fields, .. }, _) if fields.contains_key("phone") => {
            texts.field_not_mobile.to_string()
        }
        (error, _) => failure(texts, error),
    }
}

/// Why the device could not keep what was asked (out of space, storage unavailable).
pub fn store_failure(texts: &Texts, _error: &StoreError) -> String {
    texts.error_storage.to_string()
}

/// Why a write was not queued, where no field is to blame.
pub fn submit_failure(texts: &Texts, error: &SubmitError) -> String {
    match error {
        SubmitError::Store(error) => store_failure(texts, error),
        SubmitError::SignedOut => texts.session_expired.to_string(),
        _ => texts.error_server.to_string(),
    }
}

/// The sentence shown beside a parked step.
pub fn park_explanation(texts: &Texts, operation: &Operation, reason: &ParkReason) -> String {
    let action = match operation {
        Operation::Transition { request, .. } => Some(request.action),
        _ => None,
    };
    match (operation, reason) {
        // Closed or cancelled meanwhile: said in the app's words, not the server's.
        (Operation::ActivitySignup { signup, .. }, ParkReason::Refused { kind, .. })
            if kind == "invalid_transition" =>
        {
            return if signup.take {
                texts.activity_refused.to_string()
            } else {
                texts.activity_withdraw_refused.to_string()
            };
        }
        (Operation::CheckIn { code, .. }, ParkReason::Refused { status, .. })
            if matches!(*status, 404 | 422) =>
        {
            return (texts.check_in_refused)(code);
        }
        (Operation::Booking { booking, .. }, ParkReason::Refused { status, kind, .. }) => {
            // `MM-DD HH:MM`, as the card writes its slots.
            let local = crate::schedule::local_minute(&booking.starts_at);
            let when = local.get(5..).unwrap_or(&local);
            match (kind.as_str(), *status) {
                ("slot_full", _) => return (texts.booking_slot_taken)(when),
                ("not_eligible", _) => return texts.booking_not_eligible.to_string(),
                ("invalid_transition", _) => return texts.booking_cancel_refused.to_string(),
                (_, 404) => return texts.booking_gone.to_string(),
                (_, 422) => return texts.booking_slot_gone.to_string(),
                _ => {}
            }
        }
        _ => {}
    }
    match reason {
        ParkReason::Refused { message, .. } => match reason.doubt() {
            Some(doubt) => doubt_explanation(texts, doubt),
            None => (texts.parked_refused)(message),
        },
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

    /// A doubt is stored as the refusal every version of the app reads, is read back as
    /// the same doubt, and is explained in the app's words, not the profile's.
    #[test]
    fn a_doubt_is_stored_as_older_apps_store_it_and_explained_in_the_apps_words() {
        let texts = texts(Lang::ZhHans);
        let create = Operation::CreateOrder {
            order_id: "o-1".into(),
            order: crate::model::NewOrder {
                kind: crate::model::OrderKind::Wish,
                service_id: None,
                title: "灯".into(),
                description: String::new(),
                address: None,
                contact_phone: None,
                preferred_time: None,
                attributes: Default::default(),
                on_behalf_of: None,
                channel: None,
            },
        };
        for (doubt, legacy) in [
            (Doubt::UnconfirmedResend, "unconfirmed_resend"),
            (Doubt::UnverifiableResend, "unverifiable_resend"),
            (Doubt::StepNotTaken, "step_not_taken"),
        ] {
            let parked = ParkReason::unsure(doubt);
            assert_eq!(parked.doubt(), Some(doubt));
            let json = serde_json::to_string(&parked).expect("stored");
            assert!(json.contains(legacy), "{json}");
            let typed = park_explanation(texts, &create, &parked);
            let stored = ParkReason::Refused {
                status: 409,
                kind: legacy.into(),
                message: "the backend's own words".into(),
                fields: Default::default(),
            };
            assert_eq!(park_explanation(texts, &create, &stored), typed);
            assert!(!typed.contains("the backend's own words"));
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
