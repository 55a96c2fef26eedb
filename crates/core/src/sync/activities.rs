//! What the activity screens ask of the device (issue 19), answered by the snapshot: the
//! activities and the door's lists it holds, the sign-ups and check-ins still on their
//! way, and those that could not go. Pages display the answers.

use crate::activities::{at_the_door, standing, Activity, AtTheDoor, DoorList, Standing};
use crate::sync::backend::{Reference, ReferenceData};
use crate::sync::outbox::{Operation, OutboxEntry};
use crate::sync::store::Snapshot;
use crate::sync::waiting::Waiting;

impl Snapshot {
    /// The activities this device holds, in the order they start (empty before they
    /// first arrive, or where the backend has none).
    pub fn activities(&self) -> &[Activity] {
        match self
            .references
            .get(&Reference::Activities)
            .map(|cached| &cached.data)
        {
            Some(ReferenceData::Activities(list)) => list,
            _ => &[],
        }
    }

    /// Activity `id`, as this device holds it.
    pub fn activity(&self, id: &str) -> Option<&Activity> {
        self.activities().iter().find(|a| a.id == id)
    }

    /// The door's lists this device holds: today's and tomorrow's activities with
    /// everyone signed up.
    pub fn door_lists(&self) -> &[DoorList] {
        match self
            .references
            .get(&Reference::Door)
            .map(|cached| &cached.data)
        {
            Some(ReferenceData::Door(lists)) => lists,
            _ => &[],
        }
    }

    /// The door's list of activity `id`.
    pub fn door_list(&self, id: &str) -> Option<&DoorList> {
        self.door_lists().iter().find(|list| list.activity.id == id)
    }

    fn signups_queued<'a>(
        &'a self,
        activity_id: &'a str,
        child: Option<&'a str>,
    ) -> impl DoubleEndedIterator<Item = &'a OutboxEntry> + 'a {
        self.outbox.values().filter(move |entry| {
            matches!(&entry.operation, Operation::ActivitySignup { activity_id: id, signup }
                if id == activity_id && signup.child_name.as_deref() == child)
        })
    }

    /// The last word this device has queued on the sign-up of `child` (the person with
    /// `None`) and not yet had acknowledged: `Some(true)` to sign up, `Some(false)` to
    /// withdraw. One the server refused is not the last word.
    pub fn queued_activity_signup(&self, activity_id: &str, child: Option<&str>) -> Option<bool> {
        self.signups_queued(activity_id, child)
            .rev()
            .filter(|entry| !entry.is_parked())
            .find_map(|entry| match &entry.operation {
                Operation::ActivitySignup { signup, .. } => Some(signup.take),
                _ => None,
            })
    }

    /// Where `child` (the person with `None`) stands on activity `id`, as the device
    /// knows: `None` when it holds no such activity.
    pub fn standing(&self, activity_id: &str, child: Option<&str>) -> Option<Standing> {
        let activity = self.activity(activity_id)?;
        Some(standing(
            activity,
            child,
            self.queued_activity_signup(activity_id, child),
        ))
    }

    /// The id of the sign-up a withdrawal of `child`'s (the person's with `None`) gives
    /// back: one still on its way from this device, else the server's.
    pub fn signup_id_for(&self, activity_id: &str, child: Option<&str>) -> Option<String> {
        let queued = self
            .signups_queued(activity_id, child)
            .rev()
            .filter(|entry| !entry.is_parked())
            .find_map(|entry| match &entry.operation {
                Operation::ActivitySignup { signup, .. } if signup.take => {
                    Some(signup.signup_id.clone())
                }
                _ => None,
            });
        queued.or_else(|| {
            self.activity(activity_id)?
                .mine_for(child)
                .map(|signup| signup.id.clone())
        })
    }

    /// The children this device has signed up for activity `id` (on their way, or the
    /// server's), each once, in the order they were signed up.
    pub fn children_signed_up(&self, activity_id: &str) -> Vec<String> {
        let mut names: Vec<String> = self
            .activity(activity_id)
            .into_iter()
            .flat_map(|a| a.mine.iter().filter_map(|s| s.child_name.clone()))
            .collect();
        for entry in self.outbox.values() {
            if let Operation::ActivitySignup {
                activity_id: id,
                signup,
            } = &entry.operation
            {
                if let Some(child) = &signup.child_name {
                    if id == activity_id && !names.contains(child) {
                        names.push(child.clone());
                    }
                }
            }
        }
        names
    }

    /// Sign-ups and withdrawals on activity `id` that could not go, until their reason
    /// was read.
    pub fn parked_activity_signups(&self, activity_id: &str) -> Vec<Waiting> {
        self.outbox
            .values()
            .filter(|entry| entry.is_parked())
            .filter(|entry| {
                matches!(&entry.operation, Operation::ActivitySignup { activity_id: id, .. } if id == activity_id)
            })
            .map(|entry| Waiting::of(entry.clone()))
            .collect()
    }

    /// The codes checked in at activity `id`'s door on this device and not yet taken by
    /// the server (nor refused by it).
    pub fn queued_check_ins(&self, activity_id: &str) -> Vec<String> {
        self.outbox
            .values()
            .filter(|entry| !entry.is_parked())
            .filter_map(|entry| match &entry.operation {
                Operation::CheckIn {
                    activity_id: id,
                    code,
                    ..
                } if id == activity_id => Some(code.clone()),
                _ => None,
            })
            .collect()
    }

    /// Check-ins at activity `id`'s door the server refused (the sign-up was given back
    /// meanwhile), until their reason was read.
    pub fn parked_check_ins(&self, activity_id: &str) -> Vec<Waiting> {
        self.outbox
            .values()
            .filter(|entry| entry.is_parked())
            .filter(|entry| {
                matches!(&entry.operation, Operation::CheckIn { activity_id: id, .. } if id == activity_id)
            })
            .map(|entry| Waiting::of(entry.clone()))
            .collect()
    }

    /// What `typed` means at activity `id`'s door, by the list this device holds and the
    /// check-ins still on their way; `None` without the list.
    pub fn at_the_door(&self, activity_id: &str, typed: &str) -> Option<AtTheDoor> {
        let list = self.door_list(activity_id)?;
        Some(at_the_door(
            list,
            typed,
            &self.queued_check_ins(activity_id),
        ))
    }
}
