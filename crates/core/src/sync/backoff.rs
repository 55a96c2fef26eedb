//! When to try again (design.md): exponential backoff with full jitter from 1 s to 5 min,
//! never sooner than the server's `Retry-After`, and no expiry.

pub const MIN_DELAY_MS: i64 = 1_000;
pub const MAX_DELAY_MS: i64 = 5 * 60 * 1_000;

/// The wait before the next try after `attempts` failed sends (1 for the first failure).
/// `unit` is a uniform random number in [0, 1): full jitter spreads many phones that lost
/// signal together, so they do not all come back in the same second.
pub fn delay_ms(attempts: u32, retry_after_secs: Option<u64>, unit: f64) -> i64 {
    let exponent = attempts.saturating_sub(1).min(20);
    let ceiling = (MIN_DELAY_MS << exponent).min(MAX_DELAY_MS);
    let jittered = MIN_DELAY_MS + ((ceiling - MIN_DELAY_MS) as f64 * unit.clamp(0.0, 1.0)) as i64;
    let server_says = retry_after_secs
        .map(|secs| i64::try_from(secs.saturating_mul(1_000)).unwrap_or(i64::MAX))
        .unwrap_or(0);
    // Retry-After may exceed the 5-minute cap: the server knows best when it is back.
    jittered.max(server_says)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn starts_at_a_second_and_doubles_its_ceiling_up_to_five_minutes() {
        assert_eq!(delay_ms(1, None, 0.999_999), 1_000);
        assert_eq!(delay_ms(2, None, 1.0), 2_000);
        assert_eq!(delay_ms(3, None, 1.0), 4_000);
        assert_eq!(delay_ms(30, None, 1.0), MAX_DELAY_MS);
        assert_eq!(delay_ms(30, None, 0.0), MIN_DELAY_MS);
    }

    #[test]
    fn never_sooner_than_retry_after() {
        assert_eq!(delay_ms(1, Some(120), 0.5), 120_000);
        assert_eq!(delay_ms(1, Some(900), 0.5), 900_000);
    }

    proptest! {
        #[test]
        fn always_between_one_second_and_the_cap_or_retry_after(
            attempts in 0u32..100, unit in 0.0f64..1.0, retry in proptest::option::of(0u64..1000)
        ) {
            let delay = delay_ms(attempts, retry, unit);
            prop_assert!(delay >= MIN_DELAY_MS);
            let limit = MAX_DELAY_MS.max(retry.unwrap_or(0) as i64 * 1000);
            prop_assert!(delay <= limit);
        }
    }
}
