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
    /// back: that of the last word still on its way from this device, else the server's.
    /// (A sign-up the server already held under another id, from another device, is
    /// answered with that id; the engine then moves the words queued behind it there.)
    pub fn signup_id_for(&self, activity_id: &str, child: Option<&str>) -> Option<String> {
        let queued = self
            .signups_queued(activity_id, child)
            .rev()
            .filter(|entry| !entry.is_parked())
            .find_map(|entry| match &entry.operation {
                Operation::ActivitySignup { signup, .. } => Some(signup.signup_id.clone()),
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
    /// check-ins still on their way, at `now_ms`; `None` without the list.
    pub fn at_the_door(&self, activity_id: &str, typed: &str, now_ms: i64) -> Option<AtTheDoor> {
        let list = self.door_list(activity_id)?;
        Some(at_the_door(
            list,
            typed,
            &self.queued_check_ins(activity_id),
            now_ms,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activities::{Audience, MySignup, SignupState};
    use crate::sync::backend::SignupRequest;
    use crate::sync::outbox::{EntryState, ParkReason};
    use crate::sync::store::CachedReference;

    fn activity(mine: Vec<MySignup>) -> Activity {
        Activity {
            id: "a-1".into(),
            title: "书法班".into(),
            description: String::new(),
            organiser: "老年大学".into(),
            station_id: Some("st-1".into()),
            address: None,
            starts_at: "2026-12-08T09:30:00+08:00".into(),
            ends_at: "2026-12-08T11:00:00+08:00".into(),
            signup_closes_at: "2026-12-08T09:30:00+08:00".into(),
            capacity: 10,
            audience: Audience::Everyone,
            confirmed: 1,
            waitlisted: 0,
            cancelled: false,
            series_id: None,
            updated_at: "2026-12-01T09:00:00+08:00".into(),
            mine,
        }
    }

    fn holding(mine: Vec<MySignup>) -> Snapshot {
        let mut snapshot = Snapshot::default();
        snapshot.references.insert(
            Reference::Activities,
            CachedReference {
                data: ReferenceData::Activities(vec![activity(mine)]),
                etag: None,
                fetched_at: 0,
            },
        );
        snapshot
    }

    fn word(seq: u64, id: &str, child: Option<&str>, take: bool, parked: bool) -> OutboxEntry {
        let mut entry = OutboxEntry::new(
            Operation::ActivitySignup {
                activity_id: "a-1".into(),
                signup: SignupRequest {
                    signup_id: id.into(),
                    child_name: child.map(str::to_string),
                    take,
                },
            },
            0,
        );
        entry.seq = seq;
        if parked {
            entry.state = EntryState::Parked(ParkReason::Refused {
                status: 422,
                kind: "invalid_transition".into(),
                message: String::new(),
                fields: Default::default(),
            });
        }
        entry
    }

    fn placed(id: &str) -> MySignup {
        MySignup {
            id: id.into(),
            child_name: None,
            state: SignupState::Confirmed,
            position: None,
            code: "K7M2PQ".into(),
            checked_in: false,
        }
    }

    #[test]
    fn a_withdrawal_goes_under_the_last_word_on_its_way_else_the_servers_id() {
        let mut snapshot = holding(vec![placed("y")]);
        assert_eq!(snapshot.signup_id_for("a-1", None).as_deref(), Some("y"));
        // Withdrawn and signed up again offline: the new sign-up is the one given back.
        snapshot.outbox.insert(1, word(1, "y", None, false, false));
        snapshot.outbox.insert(2, word(2, "z", None, true, false));
        assert_eq!(snapshot.signup_id_for("a-1", None).as_deref(), Some("z"));
        assert_eq!(snapshot.queued_activity_signup("a-1", None), Some(true));
        // A refused word is not the last one.
        snapshot.outbox.insert(3, word(3, "q", None, true, true));
        assert_eq!(snapshot.signup_id_for("a-1", None).as_deref(), Some("z"));
        // A child's words are the child's.
        assert_eq!(snapshot.signup_id_for("a-1", Some("小明")), None);
    }

    #[test]
    fn children_on_their_way_count_and_their_refusals_show_on_their_activity() {
        let mut snapshot = holding(Vec::new());
        snapshot
            .outbox
            .insert(1, word(1, "c-1", Some("小明"), true, true));
        snapshot
            .outbox
            .insert(2, word(2, "c-2", Some("小红"), true, false));
        assert_eq!(snapshot.children_signed_up("a-1"), ["小明", "小红"]);
        assert_eq!(snapshot.parked_activity_signups("a-1").len(), 1);
        assert_eq!(
            snapshot.standing("a-1", Some("小红")),
            Some(Standing::Sending)
        );
        assert_eq!(snapshot.standing("a-1", Some("小明")), Some(Standing::Out));
    }
}
