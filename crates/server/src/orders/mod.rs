//! Orders in the database: idempotent creation by the client's UUID (several committed
//! at once, [`group_commit`]), who may see which order, and the cursor over them.

pub mod create;
pub mod delete;
pub mod group_commit;
pub mod insert;
pub mod overdue;
pub mod read;
pub mod stamp;
pub mod transition;

pub use delete::delete;
pub use group_commit::Creates;
pub use read::{list, one, visible};
pub use transition::transition;

use yizhan_core::model::Role;

use crate::error::ApiError;
use crate::users::User;

/// An id the client made (an order's, a step's): a UUID written one way only, 8-4-4-4-12
/// lower-case hex digits, so that the id a device holds is the id the server answers to
/// (a server that accepted `{…}` or upper case and stored it otherwise would then answer
/// 404 to the very id it was given).
pub fn client_uuid(field: &str, text: &str) -> Result<String, ApiError> {
    match uuid::Uuid::parse_str(text) {
        Ok(id) if id.hyphenated().to_string() == text => Ok(text.to_string()),
        _ => Err(ApiError::field(
            field,
            "a UUID made by the client, written as 8-4-4-4-12 lower-case hex digits",
        )),
    }
}

/// The caller as far as orders are concerned.
pub struct Viewer<'a> {
    pub user: &'a User,
}

impl Viewer<'_> {
    pub fn has_role(&self, role: Role) -> bool {
        role.held_in(&self.user.roles)
    }
}
