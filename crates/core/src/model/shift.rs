//! Volunteer duty shifts.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ShiftStatus {
    Open,
    Full,
    Closed,
    Cancelled,
}

impl ShiftStatus {
    /// A shift's status at `now`: cancelled by the community, closed once it has started,
    /// full when every place is taken, otherwise open.
    pub fn at(
        now: i64,
        starts_at: i64,
        cancelled: bool,
        signed_up: u32,
        capacity: u32,
    ) -> ShiftStatus {
        if cancelled {
            ShiftStatus::Cancelled
        } else if now >= starts_at {
            ShiftStatus::Closed
        } else if signed_up >= capacity {
            ShiftStatus::Full
        } else {
            ShiftStatus::Open
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shift {
    pub id: String,
    pub title: String,
    pub team: String,
    pub station_id: Option<String>,
    pub starts_at: String,
    pub ends_at: String,
    pub capacity: u32,
    pub signed_up: u32,
    pub me: bool,
    pub status: ShiftStatus,
    pub updated_at: String,
    /// The series it was made in (`POST /shifts/series`, extension), if any.
    #[serde(default)]
    pub series_id: Option<String>,
}

/// Someone signed up for a shift, as staff see them (`GET /shifts/{id}/signups`): the
/// phone whole, for calling, and whether they came (`null` until someone marks it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signup {
    pub user_id: String,
    pub name: String,
    pub phone: String,
    pub signed_up_at: String,
    #[serde(default)]
    pub attended: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancelled_beats_started_beats_full() {
        assert_eq!(ShiftStatus::at(100, 50, true, 3, 3), ShiftStatus::Cancelled);
        assert_eq!(ShiftStatus::at(100, 50, false, 3, 3), ShiftStatus::Closed);
        assert_eq!(ShiftStatus::at(10, 50, false, 3, 3), ShiftStatus::Full);
        assert_eq!(ShiftStatus::at(10, 50, false, 2, 3), ShiftStatus::Open);
    }
}
