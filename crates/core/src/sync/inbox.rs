//! The inbox as the device holds it (issue 18): the newest items the person was told,
//! pulled with the sync after a cursor and kept for offline; items read here wait, read
//! at once on this device, until the server has heard of them and the person's other
//! devices pull them read.

use std::collections::BTreeSet;

use crate::inbox::{InboxItem, InboxPage, READ_MAX};
use crate::sync::store::{MetaKey, Snapshot, Write};

/// How many items a device keeps: the newest.
pub const KEPT: usize = 200;

fn stored_items(snapshot: &Snapshot) -> Vec<InboxItem> {
    snapshot
        .meta
        .get(&MetaKey::InboxItems)
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}

fn stored_reads(snapshot: &Snapshot) -> BTreeSet<String> {
    snapshot
        .meta
        .get(&MetaKey::InboxReads)
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}

fn put<T: serde::Serialize>(key: MetaKey, value: &T) -> Option<Write> {
    serde_json::to_string(value)
        .ok()
        .map(|json| Write::PutMeta(key, json))
}

/// When an item happened, in nanoseconds since the epoch; `None` where `at` is not RFC
/// 3339 (such items sort last).
fn moment(at: &str) -> Option<i128> {
    time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
        .ok()
        .map(time::OffsetDateTime::unix_timestamp_nanos)
}

/// Newest first: by when it happened (the moment, not the text: RFC 3339 writes as few
/// digits of a second as it needs, and any offset), then by id.
fn newest_first(items: &mut [InboxItem]) {
    items.sort_by_cached_key(|item| {
        (
            std::cmp::Reverse(moment(&item.at)),
            std::cmp::Reverse(item.id.clone()),
        )
    });
}

impl Snapshot {
    /// What the person was told, newest first, items read on this device shown read.
    pub fn inbox(&self) -> Vec<InboxItem> {
        let reads = stored_reads(self);
        let mut items = stored_items(self);
        for item in &mut items {
            item.read |= reads.contains(&item.id);
        }
        newest_first(&mut items);
        items
    }

    /// Where the next inbox pull starts: what an app waiting for news waits after.
    pub fn inbox_cursor(&self) -> Option<&str> {
        self.meta.get(&MetaKey::InboxCursor).map(String::as_str)
    }

    /// How many of the items held are unread.
    pub fn unread(&self) -> usize {
        self.inbox().iter().filter(|item| !item.read).count()
    }
}

/// What to let go of what the device holds of the inbox when it cannot be read: the
/// items and the cursor (pulled again from the start), or the reads not yet sent.
pub fn unreadable(snapshot: &Snapshot) -> Vec<Write> {
    let broken = |key: MetaKey, reads: bool| {
        snapshot.meta.get(&key).is_some_and(|json| {
            if reads {
                serde_json::from_str::<BTreeSet<String>>(json).is_err()
            } else {
                serde_json::from_str::<Vec<InboxItem>>(json).is_err()
            }
        })
    };
    let mut writes = Vec::new();
    if broken(MetaKey::InboxItems, false) {
        writes.push(Write::DeleteMeta(MetaKey::InboxItems));
        writes.push(Write::DeleteMeta(MetaKey::InboxCursor));
    }
    if broken(MetaKey::InboxReads, true) {
        writes.push(Write::DeleteMeta(MetaKey::InboxReads));
    }
    writes
}

/// `page` taken in: new items added, items the server now says are read marked so, the
/// newest [`KEPT`] kept, and the cursor moved on.
pub fn merged(snapshot: &Snapshot, page: &InboxPage) -> Vec<Write> {
    let mut items = stored_items(snapshot);
    for came in &page.items {
        match items.iter_mut().find(|held| held.id == came.id) {
            Some(held) => *held = came.clone(),
            None => items.push(came.clone()),
        }
    }
    newest_first(&mut items);
    items.truncate(KEPT);
    [
        put(MetaKey::InboxItems, &items),
        Some(Write::PutMeta(
            MetaKey::InboxCursor,
            page.next_cursor.clone(),
        )),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Items `ids` read on this device: shown read at once, and sent with the next sync.
pub fn read_here(snapshot: &Snapshot, ids: &[String]) -> Vec<Write> {
    let unread: BTreeSet<String> = snapshot
        .inbox()
        .into_iter()
        .filter(|item| !item.read)
        .map(|item| item.id)
        .collect();
    let mut reads = stored_reads(snapshot);
    let before = reads.len();
    reads.extend(ids.iter().filter(|id| unread.contains(*id)).cloned());
    if reads.len() == before {
        return Vec::new();
    }
    put(MetaKey::InboxReads, &reads).into_iter().collect()
}

/// The reads the server has not heard of, at most as many as one request takes.
pub fn reads_to_send(snapshot: &Snapshot) -> Vec<String> {
    stored_reads(snapshot).into_iter().take(READ_MAX).collect()
}

/// `sent` reads heard by the server: no longer waiting, and read in the items held.
pub fn reads_sent(snapshot: &Snapshot, sent: &[String]) -> Vec<Write> {
    let mut reads = stored_reads(snapshot);
    let mut items = stored_items(snapshot);
    for id in sent {
        reads.remove(id);
        if let Some(item) = items.iter_mut().find(|item| item.id == *id) {
            item.read = true;
        }
    }
    [
        put(MetaKey::InboxItems, &items),
        put(MetaKey::InboxReads, &reads),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inbox::InboxKind;

    fn told(id: &str, at: &str, read: bool) -> InboxItem {
        InboxItem {
            id: id.into(),
            kind: InboxKind::Dispatched,
            order_id: Some(format!("o-{id}")),
            shift_id: None,
            notice_id: None,
            activity_id: None,
            booking_id: None,
            title: "楼道灯不亮".into(),
            note: None,
            at: at.into(),
            read,
        }
    }

    fn page(items: Vec<InboxItem>, cursor: &str) -> InboxPage {
        InboxPage {
            items,
            next_cursor: cursor.into(),
            has_more: false,
            unread: 0,
        }
    }

    /// RFC 3339 writes as few digits of the second as it needs: `11.3` (300 ms) sorts after
    /// `11.31` (310 ms) as text, and a whole second after any part of it. Seen failing
    /// in the e2e: "taken" listed above "done" when they came 10 ms apart.
    #[test]
    fn newest_first_is_by_the_moment_not_by_the_text() {
        let mut items = vec![
            told("dispatched", "2026-12-01T16:04:11Z", false),
            told("taken", "2026-12-01T16:04:11.3Z", false),
            told("done", "2026-12-01T16:04:11.31Z", false),
            told("then", "2026-12-02T00:04:12+08:00", false),
        ];
        newest_first(&mut items);
        let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["then", "done", "taken", "dispatched"]);
    }

    #[test]
    fn items_come_in_newest_first_read_here_at_once_and_read_elsewhere_on_the_next_pull() {
        let mut device = Snapshot::default();
        device.apply(&merged(
            &device,
            &page(
                vec![
                    told("a", "2026-12-01T01:00:00Z", false),
                    told("b", "2026-12-01T02:00:00Z", false),
                ],
                "2",
            ),
        ));
        let ids: Vec<String> = device.inbox().into_iter().map(|i| i.id).collect();
        assert_eq!(ids, ["b", "a"]);
        assert_eq!(device.unread(), 2);
        assert_eq!(
            device.meta.get(&MetaKey::InboxCursor).map(String::as_str),
            Some("2")
        );

        // Read here: at once, and waiting to be sent.
        device.apply(&read_here(
            &device,
            &["a".to_string(), "nobody's".to_string()],
        ));
        assert_eq!(device.unread(), 1);
        assert_eq!(reads_to_send(&device), ["a"]);
        device.apply(&reads_sent(&device, &["a".to_string()]));
        assert!(reads_to_send(&device).is_empty());
        assert_eq!(device.unread(), 1, "still read");

        // Read on another device: the next pull brings it read.
        device.apply(&merged(
            &device,
            &page(vec![told("b", "2026-12-01T02:00:00Z", true)], "3"),
        ));
        assert_eq!(device.unread(), 0);
    }

    #[test]
    fn a_read_waiting_to_go_survives_a_pull_that_brings_the_item_unread_and_an_unreadable_store_starts_over(
    ) {
        let mut device = Snapshot::default();
        device.apply(&merged(
            &device,
            &page(vec![told("a", "2026-12-01T01:00:00Z", false)], "1"),
        ));
        device.apply(&read_here(&device, &["a".to_string()]));
        device.apply(&merged(
            &device,
            &page(vec![told("a", "2026-12-01T01:00:00Z", false)], "1"),
        ));
        assert_eq!(device.unread(), 0, "read here, not yet heard by the server");
        assert_eq!(reads_to_send(&device), ["a"]);

        device.apply(&[Write::PutMeta(MetaKey::InboxItems, "{not json".into())]);
        let reset = unreadable(&device);
        assert_eq!(
            reset,
            [
                Write::DeleteMeta(MetaKey::InboxItems),
                Write::DeleteMeta(MetaKey::InboxCursor)
            ]
        );
        device.apply(&reset);
        assert!(device.inbox().is_empty());
        assert_eq!(reads_to_send(&device), ["a"], "the waiting read kept");
    }

    #[test]
    fn a_device_keeps_the_newest_two_hundred() {
        let mut device = Snapshot::default();
        let many: Vec<InboxItem> = (0..KEPT + 5)
            .map(|i| {
                told(
                    &format!("{i:04}"),
                    &format!("2026-12-01T00:{:02}:{:02}Z", i / 60, i % 60),
                    false,
                )
            })
            .collect();
        device.apply(&merged(&device, &page(many, "205")));
        let held = device.inbox();
        assert_eq!(held.len(), KEPT);
        assert_eq!(
            held.last().map(|i| i.id.as_str()),
            Some("0005"),
            "the oldest go"
        );
    }
}
