//! The language report's counts as they may be shown (SECURITY P6): no count below 5, a share
//! only when its numerator, its denominator and their difference are each 5 or more, and no
//! total from which a hidden count could be worked out by subtracting what is shown beside it.

use crate::domain::{ShownCount, SUPPRESS_BELOW};

/// One line's counts: the pupils assessed, those needing focused or special effort, and of
/// each side those who had a yellow or red joint position in an earlier round.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub assessed: i64,
    pub needing: i64,
    pub needing_concern: i64,
    pub others_concern: i64,
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        self.assessed += other.assessed;
        self.needing += other.needing;
        self.needing_concern += other.needing_concern;
        self.others_concern += other.others_concern;
    }

    pub fn minus(&self, other: &Tally) -> Tally {
        Tally {
            assessed: self.assessed - other.assessed,
            needing: self.needing - other.needing,
            needing_concern: self.needing_concern - other.needing_concern,
            others_concern: self.others_concern - other.others_concern,
        }
    }

    fn others(&self) -> i64 {
        self.assessed - self.needing
    }
}

/// A line as shown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShownTally {
    pub assessed: ShownCount,
    pub needing: ShownCount,
    /// The share needing effort, in per cent.
    pub share: Option<f64>,
    pub needing_concern: ShownCount,
    pub others_concern: ShownCount,
}

/// `part` of `whole`: below 5 as "fewer than 5"; withheld when the rest of `whole` is below 5,
/// since `whole` minus `part` would give it.
pub fn shown_part(part: i64, whole: i64) -> ShownCount {
    if part < SUPPRESS_BELOW {
        ShownCount::FewerThan(SUPPRESS_BELOW)
    } else if whole - part < SUPPRESS_BELOW {
        ShownCount::Withheld
    } else {
        ShownCount::Exact(part)
    }
}

/// The share of `part` in `whole`, in per cent, when neither is below 5 and nor is their
/// difference (a share of 100 % would say the rest is 0).
pub fn shown_share(part: i64, whole: i64) -> Option<f64> {
    let small = |n: i64| n < SUPPRESS_BELOW;
    if small(part) || small(whole) || small(whole - part) {
        return None;
    }
    Some(part as f64 * 100.0 / whole as f64)
}

/// One school's line, by the rules alone.
pub fn shown_line(t: &Tally) -> ShownTally {
    ShownTally {
        assessed: ShownCount::suppressed(t.assessed),
        needing: shown_part(t.needing, t.assessed),
        share: shown_share(t.needing, t.assessed),
        needing_concern: shown_part(t.needing_concern, t.needing),
        others_concern: shown_part(t.others_concern, t.others()),
    }
}

/// A total line (an area over its schools, the municipality over its areas) by the rules, and
/// then each count withheld where the parts hidden beside it would be given away: one hidden
/// part alone (total minus the shown parts is its value), or hidden parts that add up to less
/// than 5. `parts` are every line the total is the sum of, with how each is shown; a part the
/// reader does not see at all (the rest of the municipality for an area leader) is given as
/// the rules would show it, since only a small value is a secret.
pub fn shown_total(total: &Tally, parts: &[(Tally, ShownTally)]) -> ShownTally {
    let own = shown_line(total);
    let guard =
        |own: ShownCount, field: fn(&Tally) -> i64, shown: fn(&ShownTally) -> ShownCount| {
            let hidden: Vec<i64> = parts
                .iter()
                .filter(|(_, s)| !matches!(shown(s), ShownCount::Exact(_)))
                .map(|(t, _)| field(t))
                .collect();
            let gives_away = match hidden.len() {
                0 => false,
                1 => true,
                _ => hidden.iter().sum::<i64>() < SUPPRESS_BELOW,
            };
            match own {
                ShownCount::Exact(_) if gives_away => ShownCount::Withheld,
                other => other,
            }
        };
    let assessed = guard(own.assessed, |t| t.assessed, |s| s.assessed);
    let needing = guard(own.needing, |t| t.needing, |s| s.needing);
    let both_shown = matches!(
        (assessed, needing),
        (ShownCount::Exact(_), ShownCount::Exact(_))
    );
    ShownTally {
        assessed,
        needing,
        share: own.share.filter(|_| both_shown),
        needing_concern: guard(
            own.needing_concern,
            |t| t.needing_concern,
            |s| s.needing_concern,
        ),
        others_concern: guard(
            own.others_concern,
            |t| t.others_concern,
            |s| s.others_concern,
        ),
    }
}

#[cfg(test)]
#[path = "suppress_tests.rs"]
mod tests;
