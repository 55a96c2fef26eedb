//! Orders in the database: idempotent creation by the client's UUID, who may see which
//! order, and the cursor over them.

pub mod create;
pub mod delete;
pub mod read;
pub mod transition;

pub use create::create;
pub use delete::delete;
pub use read::{list, visible};
pub use transition::transition;

use crate::users::User;

/// The caller as far as orders are concerned.
pub struct Viewer<'a> {
    pub user: &'a User,
}

impl Viewer<'_> {
    pub fn has_role(&self, role: &str) -> bool {
        self.user.roles.iter().any(|r| r == role)
    }
}
