//! Long lists, a page at a time: a dispatcher with years of orders gets the first rows at
//! once and more on a tap, instead of a page of tens of thousands of rows that a phone
//! takes seconds to draw and hundreds of megabytes to hold.

/// Rows a list shows at first, and adds on each "show more".
pub const ROWS_PER_PAGE: usize = 50;

/// How many of `total` rows to show after `more` taps of "show more".
pub fn rows_shown(more: usize, total: usize) -> usize {
    more.saturating_add(1)
        .saturating_mul(ROWS_PER_PAGE)
        .min(total)
}

/// How many rows the next tap adds (0: all are shown).
pub fn next_rows(shown: usize, total: usize) -> usize {
    total.saturating_sub(shown).min(ROWS_PER_PAGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_at_a_time_to_the_end_and_never_past_it() {
        assert_eq!(rows_shown(0, 10_000), 50);
        assert_eq!(next_rows(50, 10_000), 50);
        assert_eq!(rows_shown(1, 10_000), 100);
        assert_eq!(rows_shown(0, 12), 12);
        assert_eq!(next_rows(12, 12), 0);
        assert_eq!(rows_shown(199, 10_000), 10_000);
        assert_eq!(next_rows(9_980, 10_000), 20);
        assert_eq!(rows_shown(usize::MAX, 7), 7);
    }
}
