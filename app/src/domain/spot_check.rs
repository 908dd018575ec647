//! The week a spot check samples, and the sample itself (issue 18 item 4): pure, so the rules
//! are tested without a database.

use time::{Date, Duration, PrimitiveDateTime, Time, Weekday};

/// Lookups are dated in Danish local time, as registrations are.
use super::retention::danish_offset;

/// A whole ISO week (Monday to Sunday, Danish local time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Week {
    /// `2026-W48`: the claim's period and what the pages show.
    pub label: String,
    /// The Unix instants of its first moment and of the next week's.
    pub starts: i64,
    pub ends: i64,
}

/// The week before the one `today` is in: the last whole week, which a draw on any day of this
/// week samples (so a server down on Monday still draws it on Tuesday).
pub fn week_before(today: Date) -> Week {
    let this_monday = today - Duration::days(i64::from(today.weekday().number_days_from_monday()));
    let monday = this_monday - Duration::days(7);
    let (year, week, _) = monday.to_iso_week_date();
    let at = |day: Date| {
        PrimitiveDateTime::new(day, Time::MIDNIGHT)
            .assume_offset(danish_offset())
            .unix_timestamp()
    };
    debug_assert_eq!(monday.weekday(), Weekday::Monday);
    Week {
        label: format!("{year}-W{week:02}"),
        starts: at(monday),
        ends: at(this_monday),
    }
}

/// A uniform random sample of at most `size` items from a stream of unknown length, keeping
/// only `size` at a time (Vitter's algorithm R): a week's lookups are read once, in one pass,
/// however many there are. `pick(n)` answers a uniform number in `0..n`.
#[derive(Clone, Debug)]
pub struct Reservoir<T> {
    size: usize,
    seen: u64,
    kept: Vec<T>,
}

impl<T> Reservoir<T> {
    pub fn new(size: usize) -> Self {
        Reservoir {
            size,
            seen: 0,
            kept: Vec::with_capacity(size.min(64)),
        }
    }

    pub fn offer(&mut self, item: T, pick: impl FnOnce(u64) -> u64) {
        self.seen += 1;
        if self.kept.len() < self.size {
            self.kept.push(item);
            return;
        }
        let slot = pick(self.seen);
        if let Some(kept) = self.kept.get_mut(slot as usize) {
            *kept = item;
        }
    }

    /// How many were offered.
    pub fn seen(&self) -> u64 {
        self.seen
    }

    pub fn into_sample(self) -> Vec<T> {
        self.kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_draw_on_any_day_of_a_week_samples_the_whole_week_before() {
        // (today, label, Monday of the week before)
        let cases = [
            (date!(2026 - 11 - 30), "2026-W48", date!(2026 - 11 - 23)),
            (date!(2026 - 12 - 06), "2026-W48", date!(2026 - 11 - 23)),
            (date!(2026 - 12 - 07), "2026-W49", date!(2026 - 11 - 30)),
            // Across a year: the ISO year of the Monday.
            (date!(2027 - 01 - 06), "2026-W53", date!(2026 - 12 - 28)),
            (date!(2026 - 01 - 05), "2026-W01", date!(2025 - 12 - 29)),
        ];
        for (today, label, monday) in cases {
            let week = week_before(today);
            assert_eq!(week.label, label, "{today}");
            let start = PrimitiveDateTime::new(monday, Time::MIDNIGHT)
                .assume_offset(danish_offset())
                .unix_timestamp();
            assert_eq!(week.starts, start, "{today}");
            assert_eq!(week.ends - week.starts, 7 * 24 * 60 * 60, "{today}");
        }
    }

    #[test]
    fn the_sample_keeps_all_of_a_short_stream_and_at_most_its_size() {
        for (offered, size, kept) in [(0, 5, 0), (3, 5, 3), (5, 5, 5), (500, 5, 5), (7, 0, 0)] {
            let mut reservoir = Reservoir::new(size);
            for i in 0..offered {
                reservoir.offer(i, |n| n - 1);
            }
            assert_eq!(reservoir.seen(), offered as u64);
            assert_eq!(
                reservoir.into_sample().len(),
                kept,
                "{offered} offered, size {size}"
            );
        }
    }

    #[test]
    fn each_item_is_equally_likely_to_be_kept() {
        // Every draw the picker can make, taken once each: the sample is uniform when each
        // of 6 items ends up in exactly size/n of the outcomes.
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(48);
        let (items, size, runs) = (6u64, 2usize, 60_000);
        let mut kept = [0u32; 6];
        for _ in 0..runs {
            let mut reservoir = Reservoir::new(size);
            for i in 0..items {
                reservoir.offer(i, |n| rng.gen_range(0..n));
            }
            for i in reservoir.into_sample() {
                kept[i as usize] += 1;
            }
        }
        let expected = runs as f64 * size as f64 / items as f64;
        for (i, count) in kept.iter().enumerate() {
            let off = (f64::from(*count) - expected).abs() / expected;
            assert!(
                off < 0.03,
                "item {i} kept {count} times, expected about {expected}"
            );
        }
    }
}
