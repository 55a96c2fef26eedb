use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yizhan_core::sync::{Snapshot, Store, StoreError, Write};

/// The device's storage: survives a crash of the app, commits all or nothing, and can be
/// told to crash on a given commit (that commit is not applied, and nothing after it is
/// until the app restarts).
#[derive(Clone, Default)]
pub struct SimDisk {
    data: Rc<RefCell<Snapshot>>,
    commits: Rc<Cell<u32>>,
    crash_on: Rc<Cell<Option<u32>>>,
    crashed: Rc<Cell<bool>>,
}

impl SimDisk {
    /// The app dies on the `after`-th commit from now.
    pub fn crash_after(&self, after: u32) {
        self.crash_on.set(Some(self.commits.get() + after.max(1)));
    }

    pub fn has_crashed(&self) -> bool {
        self.crashed.get()
    }

    /// The app starts again: the disk is as the last successful commit left it.
    pub fn restart(&self) {
        self.crashed.set(false);
        self.crash_on.set(None);
    }

    pub fn contents(&self) -> Snapshot {
        self.data.borrow().clone()
    }
}

impl Store for SimDisk {
    async fn load(&self) -> Result<Snapshot, StoreError> {
        if self.crashed.get() {
            return Err(StoreError::Unavailable("crashed".into()));
        }
        Ok(self.data.borrow().clone())
    }

    async fn commit(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        if self.crashed.get() {
            return Err(StoreError::Unavailable("crashed".into()));
        }
        let n = self.commits.get() + 1;
        self.commits.set(n);
        if self.crash_on.get() == Some(n) {
            self.crashed.set(true);
            return Err(StoreError::Unavailable("crashed".into()));
        }
        self.data.borrow_mut().apply(&writes);
        Ok(())
    }
}
