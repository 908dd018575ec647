//! Counts in overviews and statistics, shown so that no child can be singled out (SECURITY P6):
//! a count below 5 is shown as "fewer than 5", and whatever else is shown beside it — the other
//! colours, their total, the number of children — must not let anyone work it out.

use serde::{Deserialize, Serialize};

/// Counts below this are shown as "fewer than 5".
pub const SUPPRESS_BELOW: i64 = 5;

/// A count as an area or municipal view may show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum ShownCount {
    Exact(i64),
    /// Below the limit: shown as "fewer than n".
    FewerThan(i64),
    /// Not shown at all, because beside what is shown it would give a small count away.
    Withheld,
}

impl ShownCount {
    pub fn suppressed(count: i64) -> Self {
        if count < SUPPRESS_BELOW {
            ShownCount::FewerThan(SUPPRESS_BELOW)
        } else {
            ShownCount::Exact(count)
        }
    }

    /// The values a reader who sees this could think it stands for, up to `most`.
    fn could_be(self, value: i64) -> bool {
        match self {
            ShownCount::Exact(n) => value == n,
            ShownCount::FewerThan(n) => value < n,
            ShownCount::Withheld => true,
        }
    }
}

/// Joint positions (green, yellow, red) of one unit as an overview shows them, with their
/// total; the number of children is shown beside them exactly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownPositions {
    pub counts: Vec<ShownCount>,
    pub total: ShownCount,
}

/// Suppresses the small counts, then withholds the total and, if that is not enough, the
/// smallest shown counts, until no hidden count can be worked out from what is shown and from
/// `children` (every count and their total are at most the number of children).
pub fn suppress_positions(counts: &[i64], children: i64) -> ShownPositions {
    let total: i64 = counts.iter().sum();
    let mut shown = ShownPositions {
        counts: counts.iter().map(|&c| ShownCount::suppressed(c)).collect(),
        // The total is a count too: fewer than five joint positions in all is "fewer than 5".
        total: ShownCount::suppressed(total),
    };
    if !shown
        .counts
        .iter()
        .any(|c| !matches!(c, ShownCount::Exact(_)))
    {
        return shown;
    }
    loop {
        if !gives_away_a_hidden_count(&shown, children) {
            return shown;
        }
        if matches!(shown.total, ShownCount::Exact(_)) {
            shown.total = ShownCount::Withheld;
            continue;
        }
        let smallest_shown = counts
            .iter()
            .enumerate()
            .filter(|(i, _)| matches!(shown.counts[*i], ShownCount::Exact(_)))
            .min_by_key(|(_, c)| **c)
            .map(|(i, _)| i);
        match smallest_shown {
            Some(i) => shown.counts[i] = ShownCount::Withheld,
            // Everything is hidden already: only a unit without children is left, and it has
            // no child to single out.
            None => return shown,
        }
    }
}

/// Whether some hidden count takes one value only among all the counts a reader could think
/// lie behind `shown` (with `children` known).
fn gives_away_a_hidden_count(shown: &ShownPositions, children: i64) -> bool {
    let cells = shown.counts.len();
    let mut seen: Vec<std::collections::BTreeSet<i64>> = vec![Default::default(); cells];
    let mut candidate = vec![0_i64; cells];
    consistent(shown, children, 0, &mut candidate, &mut seen);
    shown
        .counts
        .iter()
        .zip(&seen)
        .any(|(c, values)| !matches!(c, ShownCount::Exact(_)) && values.len() < 2)
}

/// Walks every combination of counts that agrees with what is shown, noting each cell's values.
fn consistent(
    shown: &ShownPositions,
    children: i64,
    cell: usize,
    candidate: &mut Vec<i64>,
    seen: &mut [std::collections::BTreeSet<i64>],
) {
    let used: i64 = candidate[..cell].iter().sum();
    if cell == candidate.len() {
        if shown.total.could_be(used) {
            for (values, value) in seen.iter_mut().zip(candidate.iter()) {
                values.insert(*value);
            }
        }
        return;
    }
    for value in 0..=(children - used) {
        if shown.counts[cell].could_be(value) {
            candidate[cell] = value;
            consistent(shown, children, cell + 1, candidate, seen);
        }
    }
    candidate[cell] = 0;
}

#[cfg(test)]
mod tests {
    use super::*;
    use ShownCount::{Exact as E, FewerThan as F, Withheld as W};

    #[test]
    fn small_counts_are_hidden_with_what_would_give_them_away() {
        // (green, yellow, red), children, expected counts, expected total
        let cases: [(&[i64], i64, &[ShownCount], ShownCount); 7] = [
            (&[30, 9, 6], 50, &[E(30), E(9), E(6)], E(45)),
            // 24 green of 24 children would say yellow and red are 0: green is withheld too.
            (&[24, 0, 0], 24, &[W, F(5), F(5)], W),
            // The total 21 and green 20 would say one of yellow/red is 1 and the other 0.
            // Yellow and red add up to 1: which of them is not given away.
            (&[20, 1, 0], 30, &[E(20), F(5), F(5)], E(21)),
            (&[18, 5, 1], 30, &[E(18), E(5), F(5)], W),
            (&[10, 6, 3], 25, &[E(10), E(6), F(5)], W),
            (&[0, 0, 0], 0, &[F(5), F(5), F(5)], F(5)),
            // Two joint positions in a childminder's four children: the total is small too.
            (&[2, 0, 0], 4, &[F(5), F(5), F(5)], F(5)),
        ];
        for (counts, children, expected, total) in cases {
            let shown = suppress_positions(counts, children);
            assert_eq!(shown.counts, expected, "{counts:?} of {children}");
            assert_eq!(shown.total, total, "{counts:?} of {children}");
        }
    }

    /// Every distribution of up to 30 children: no count below 5 is shown, and none that is
    /// hidden can be worked out from the rest, the total and the number of children.
    #[test]
    fn no_hidden_count_can_be_worked_out_for_any_group_of_up_to_thirty() {
        for children in 1..=30 {
            for green in 0..=children {
                for yellow in 0..=children - green {
                    for red in 0..=children - green - yellow {
                        let counts = [green, yellow, red];
                        let shown = suppress_positions(&counts, children);
                        for (count, s) in counts.iter().zip(&shown.counts) {
                            assert!(
                                !(matches!(s, ShownCount::Exact(_)) && *count < SUPPRESS_BELOW),
                                "{counts:?} of {children} shows a small count"
                            );
                            assert!(s.could_be(*count), "{counts:?}: {s:?} is not true");
                        }
                        // Every (green, yellow, red) a reader could think lies behind what is
                        // shown, counted here on its own rather than with the code under test.
                        let mut values: [Vec<i64>; 3] = Default::default();
                        let range = |s: ShownCount| (0..=children).filter(move |v| s.could_be(*v));
                        for g in range(shown.counts[0]) {
                            for y in range(shown.counts[1]) {
                                for r in range(shown.counts[2]) {
                                    let fits =
                                        g + y + r <= children && shown.total.could_be(g + y + r);
                                    if fits {
                                        for (seen, v) in values.iter_mut().zip([g, y, r]) {
                                            if !seen.contains(&v) {
                                                seen.push(v);
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        for (i, s) in shown.counts.iter().enumerate() {
                            assert!(
                                matches!(s, ShownCount::Exact(_)) || values[i].len() > 1,
                                "{counts:?} of {children}: {shown:?} gives cell {i} away"
                            );
                        }
                    }
                }
            }
        }
    }
}
