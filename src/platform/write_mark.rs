//! Whether another tab wrote the device's data since this one last read or wrote it.
//! Each tab sets a mark in `localStorage` after each commit to IndexedDB (an id of its
//! own and a count) and remembers the last mark it saw; "sync now" reads the whole
//! database again only when the mark is not the one it remembers (a dispatcher's
//! 10,000 orders take about a second to read on a slow phone). Where storage is denied
//! or the mark is missing, it always reads. A mark set a moment after another tab's
//! commit only delays that read to the next "sync now": a pass on a copy a little old
//! resends nothing twice (the server knows every write by its id), as the minute
//! timer's passes, which never reread, already show.

use std::cell::{Cell, RefCell};

use super::web_storage::local;

const KEY: &str = "yizhan.v1.written";

pub struct WriteMark {
    tab: String,
    commits: Cell<u64>,
    seen: RefCell<Option<String>>,
}

fn current() -> Option<String> {
    local()?.get_item(KEY).ok().flatten()
}

impl WriteMark {
    pub fn for_this_tab() -> WriteMark {
        // Tabs opened in the same millisecond still differ.
        let tab = format!("{:x}", (js_sys::Math::random() * 4_294_967_296.0) as u64);
        WriteMark {
            tab,
            commits: Cell::new(0),
            seen: RefCell::new(None),
        }
    }

    /// Before reading everything: the mark as it is now (a write that lands while the
    /// read runs then counts as another tab's).
    pub fn reading(&self) {
        *self.seen.borrow_mut() = current();
    }

    /// After this tab's commit.
    pub fn committed(&self) {
        let count = self.commits.get().saturating_add(1);
        self.commits.set(count);
        let mark = format!("{}:{count}", self.tab);
        let set = local().is_some_and(|storage| storage.set_item(KEY, &mark).is_ok());
        *self.seen.borrow_mut() = set.then_some(mark);
    }

    /// Whether another tab may have written since.
    pub fn changed_elsewhere(&self) -> bool {
        match (current(), self.seen.borrow().as_ref()) {
            (Some(now), Some(seen)) => &now != seen,
            _ => true,
        }
    }
}
