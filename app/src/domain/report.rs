//! The statistics of the reports over time (issue 19): medians and shares, shown only where
//! they cannot single out a child (SECURITY P6: no count below 5, none worked out from the rest).

use super::suppression::{suppress_positions, ShownCount, ShownPositions, SUPPRESS_BELOW};
use serde::{Deserialize, Serialize};

/// What is counted of one round in one unit, or summed over several units or rounds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoundCounts {
    /// Children enrolled at some time during the round's window.
    pub children: i64,
    pub individually_assessed: i64,
    /// Joint positions: green, yellow, red.
    pub joint: [i64; 3],
    /// Follow-ups of yellow and red joint positions, and those done by their deadline.
    pub follow_ups: i64,
    pub informed_in_time: i64,
    /// Days from the joint position to the parents informed, one per follow-up done.
    pub informed_days: Vec<i64>,
    /// Days from the joint position to the focus meeting held, one per meeting.
    pub meeting_days: Vec<i64>,
    pub still_open: i64,
    pub overdue: i64,
    pub action_plans: i64,
}

impl RoundCounts {
    pub fn add(&mut self, other: &RoundCounts) {
        self.children += other.children;
        self.individually_assessed += other.individually_assessed;
        for (sum, n) in self.joint.iter_mut().zip(other.joint) {
            *sum += n;
        }
        self.follow_ups += other.follow_ups;
        self.informed_in_time += other.informed_in_time;
        self.informed_days.extend(&other.informed_days);
        self.meeting_days.extend(&other.meeting_days);
        self.still_open += other.still_open;
        self.overdue += other.overdue;
        self.action_plans += other.action_plans;
    }

    /// The line a report shows for these counts: small counts hidden with whatever would give
    /// them away, shares and medians only where they tell no small count.
    pub fn shown(&self, label: String) -> ReportLine {
        let joint = suppress_positions(&self.joint, self.children);
        let exact = |c: ShownCount| match c {
            ShownCount::Exact(n) => Some(n),
            _ => None,
        };
        let total = exact(joint.total);
        ReportLine {
            label,
            children: self.children,
            completion: share_of_shown(total, Some(self.children)),
            position_shares: [0, 1, 2].map(|i| share_of_shown(exact(joint.counts[i]), total)),
            joint,
            informed_in_time: shown_share(self.informed_in_time, self.follow_ups),
            median_days_to_informed: shown_median(&self.informed_days),
            meetings_held: ShownCount::suppressed(self.meeting_days.len() as i64),
            median_days_to_meeting: shown_median(&self.meeting_days),
            still_open: ShownCount::suppressed(self.still_open),
            overdue: ShownCount::suppressed(self.overdue),
            action_plans: ShownCount::suppressed(self.action_plans),
        }
    }
}

/// One round (or one year) of a report over time, as it may be shown (SECURITY P6).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportLine {
    /// The round's name, or the year.
    pub label: String,
    /// Shown exactly, as on the overview: how many children there were is no one's secret.
    pub children: i64,
    /// Joint positions out of children, in per cent.
    pub completion: Option<f64>,
    pub joint: ShownPositions,
    /// Each colour's share of the joint positions, in per cent.
    pub position_shares: [Option<f64>; 3],
    /// The share of follow-ups where the parents were informed by the deadline.
    pub informed_in_time: Option<f64>,
    pub median_days_to_informed: Option<f64>,
    pub meetings_held: ShownCount,
    pub median_days_to_meeting: Option<f64>,
    pub still_open: ShownCount,
    pub overdue: ShownCount,
    pub action_plans: ShownCount,
}

/// The median of `values` (sorted or not), or `None` for fewer than five: the median of four
/// numbers is two of them, and of one it is that one.
pub fn shown_median(values: &[i64]) -> Option<f64> {
    if (values.len() as i64) < SUPPRESS_BELOW {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let mid = sorted.len() / 2;
    Some(if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) as f64 / 2.0
    } else {
        sorted[mid] as f64
    })
}

/// `part` of `whole` in per cent, or `None` when the share would let a reader who knows either
/// count work out a small one: the part, the whole, or what the part leaves out of the whole
/// below five.
pub fn shown_share(part: i64, whole: i64) -> Option<f64> {
    if part < SUPPRESS_BELOW || whole < SUPPRESS_BELOW || whole - part < SUPPRESS_BELOW {
        return None;
    }
    Some(100.0 * part as f64 / whole as f64)
}

/// The share of `part` in `whole` where the count behind it is itself shown: both already
/// passed the count suppression, so the share tells nothing the counts do not.
pub fn share_of_shown(part: Option<i64>, whole: Option<i64>) -> Option<f64> {
    match (part, whole) {
        (Some(part), Some(whole)) if whole > 0 => Some(100.0 * part as f64 / whole as f64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_need_five_values() {
        let cases: [(&[i64], Option<f64>); 6] = [
            (&[], None),
            (&[3], None),
            (&[1, 2, 3, 4], None),
            (&[5, 1, 4, 2, 3], Some(3.0)),
            (&[1, 2, 3, 4, 5, 10], Some(3.5)),
            (&[14, 14, 0, 30, 2, 7, 9], Some(9.0)),
        ];
        for (values, expected) in cases {
            assert_eq!(shown_median(values), expected, "{values:?}");
        }
    }

    #[test]
    fn shares_are_withheld_when_a_side_is_small() {
        let cases = [
            (5, 10, Some(50.0)),
            (4, 10, None),
            (6, 10, None),
            (10, 10, None),
            (0, 0, None),
            (9, 12, None),
            (20, 80, Some(25.0)),
        ];
        for (part, whole, expected) in cases {
            assert_eq!(shown_share(part, whole), expected, "{part} of {whole}");
        }
    }

    /// Every part and whole up to 60: a shown share, with either count known, never gives away
    /// a count below five, whichever of the two the reader knows.
    #[test]
    fn no_shown_share_gives_a_small_count_away() {
        for whole in 0..=60_i64 {
            for part in 0..=whole {
                let Some(share) = shown_share(part, whole) else {
                    continue;
                };
                assert!((share - 100.0 * part as f64 / whole as f64).abs() < 1e-9);
                for small in [part, whole, whole - part] {
                    assert!(small >= SUPPRESS_BELOW, "{part} of {whole} shows {share}");
                }
            }
        }
    }

    #[test]
    fn a_line_shows_no_small_count_and_no_share_that_tells_one() {
        let mut unit = RoundCounts {
            children: 24,
            individually_assessed: 24,
            joint: [20, 3, 1],
            follow_ups: 4,
            informed_in_time: 4,
            informed_days: vec![2, 3, 5, 9],
            meeting_days: vec![10],
            still_open: 0,
            overdue: 0,
            action_plans: 1,
        };
        let line = unit.shown("Efterår 2026".into());
        assert_eq!(line.joint.counts[1], ShownCount::FewerThan(5));
        // Yellow and red hidden (together 4, split any way): the total and green still show.
        assert_eq!(line.joint.total, ShownCount::Exact(24));
        assert_eq!(line.completion, Some(100.0));
        assert_eq!(
            line.position_shares,
            [Some(100.0 * 20.0 / 24.0), None, None],
            "{line:?}"
        );
        assert_eq!(line.informed_in_time, None);
        assert_eq!(line.median_days_to_informed, None);
        assert_eq!(line.meetings_held, ShownCount::FewerThan(5));

        // Three such units together show what one could not.
        let one = unit.clone();
        unit.add(&one);
        unit.add(&one);
        unit.informed_in_time = 7;
        let line = unit.shown("Efterår 2026".into());
        assert_eq!(line.children, 72);
        assert_eq!(
            line.joint.counts,
            [
                ShownCount::Exact(60),
                ShownCount::Exact(9),
                ShownCount::FewerThan(5)
            ]
        );
        assert_eq!(line.median_days_to_informed, Some(4.0));
        assert_eq!(line.informed_in_time, Some(7.0 / 12.0 * 100.0));
        // Red would be the total less green and yellow: the total goes, and every share with it.
        assert_eq!(line.joint.total, ShownCount::Withheld);
        assert_eq!(line.completion, None);
        assert_eq!(line.position_shares, [None, None, None]);
        assert_eq!(line.action_plans, ShownCount::FewerThan(5));
    }

    #[test]
    fn a_share_of_shown_counts_needs_both() {
        assert_eq!(share_of_shown(Some(6), Some(24)), Some(25.0));
        assert_eq!(share_of_shown(None, Some(24)), None);
        assert_eq!(share_of_shown(Some(6), None), None);
        assert_eq!(share_of_shown(Some(0), Some(0)), None);
    }
}
