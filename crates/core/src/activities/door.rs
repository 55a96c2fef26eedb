//! At the door: when staff may check people in, and which time a check-in is recorded
//! at. A device at the door may be offline: it keeps the check-ins and sends them later,
//! each with the time it was taken.

/// How long before the start the door opens, in seconds.
pub const CHECK_IN_EARLY: i64 = 2 * 3600;
/// How long after the end a check-in taken offline is still received, in seconds.
pub const CHECK_IN_LATE: i64 = 7 * 24 * 3600;

/// Why a check-in is not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckInClosed {
    Cancelled,
    /// More than [`CHECK_IN_EARLY`] before the start.
    TooEarly,
    /// More than [`CHECK_IN_LATE`] after the end.
    TooLate,
}

/// Whether a check-in is taken at `now` for an activity from `starts_at` to `ends_at`
/// (Unix seconds).
pub fn check_in_opens(
    now: i64,
    starts_at: i64,
    ends_at: i64,
    cancelled: bool,
) -> Result<(), CheckInClosed> {
    if cancelled {
        Err(CheckInClosed::Cancelled)
    } else if now < starts_at.saturating_sub(CHECK_IN_EARLY) {
        Err(CheckInClosed::TooEarly)
    } else if now > ends_at.saturating_add(CHECK_IN_LATE) {
        Err(CheckInClosed::TooLate)
    } else {
        Ok(())
    }
}

/// The time a check-in is recorded at: the device's `taken_at` where it is a time the
/// door was open and not after `now`, else `now` (a device clock that is wrong does not
/// write the future or last year into the register).
pub fn checked_in_at(now: i64, taken_at: Option<i64>, starts_at: i64) -> i64 {
    match taken_at {
        Some(at) if at <= now && at >= starts_at.saturating_sub(CHECK_IN_EARLY) => at,
        _ => now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_door_opens_two_hours_early_and_takes_late_check_ins_for_a_week() {
        let (start, end) = (100_000, 105_400);
        assert_eq!(
            check_in_opens(start - CHECK_IN_EARLY - 1, start, end, false),
            Err(CheckInClosed::TooEarly)
        );
        assert_eq!(
            check_in_opens(start - CHECK_IN_EARLY, start, end, false),
            Ok(())
        );
        assert_eq!(
            check_in_opens(end + CHECK_IN_LATE, start, end, false),
            Ok(())
        );
        assert_eq!(
            check_in_opens(end + CHECK_IN_LATE + 1, start, end, false),
            Err(CheckInClosed::TooLate)
        );
        assert_eq!(
            check_in_opens(start, start, end, true),
            Err(CheckInClosed::Cancelled)
        );
    }

    #[test]
    fn a_check_in_keeps_the_devices_time_when_it_is_believable() {
        let start = 100_000;
        assert_eq!(checked_in_at(200_000, Some(100_500), start), 100_500);
        assert_eq!(
            checked_in_at(200_000, Some(300_000), start),
            200_000,
            "the future"
        );
        assert_eq!(
            checked_in_at(200_000, Some(0), start),
            200_000,
            "before the door"
        );
        assert_eq!(checked_in_at(200_000, None, start), 200_000);
    }
}
