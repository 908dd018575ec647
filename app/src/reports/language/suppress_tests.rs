use super::*;
use ShownCount::{Exact as E, FewerThan as F, Withheld as W};

/// The parts of a total, how its assessed and needing show, and whether its share does.
type TotalCase = (Vec<(Tally, ShownTally)>, ShownCount, ShownCount, bool);

fn tally(assessed: i64, needing: i64, needing_concern: i64, others_concern: i64) -> Tally {
    Tally {
        assessed,
        needing,
        needing_concern,
        others_concern,
    }
}

#[test]
fn a_share_needs_five_on_each_side() {
    // (needing, assessed, expected share)
    let cases = [
        (5, 10, Some(50.0)),
        (6, 24, Some(25.0)),
        (4, 20, None),
        (16, 20, None),
        (15, 20, Some(75.0)),
        (0, 0, None),
        (5, 9, None),
        (20, 20, None),
    ];
    for (part, whole, expected) in cases {
        assert_eq!(shown_share(part, whole), expected, "{part} of {whole}");
    }
}

#[test]
fn a_school_line_hides_small_counts_and_what_gives_them_away() {
    // (tally, expected assessed, needing, share, needing with concern, others with concern)
    let cases = [
        (tally(24, 6, 0, 5), E(24), E(6), Some(25.0), F(5), E(5)),
        // 7 of the 10 had a concern: the 3 who had not would be 10 − 7.
        (
            tally(30, 10, 7, 5),
            E(30),
            E(10),
            Some(100.0 / 3.0),
            W,
            E(5),
        ),
        (tally(30, 12, 6, 8), E(30), E(12), Some(40.0), E(6), E(8)),
        (tally(4, 1, 0, 0), F(5), F(5), None, F(5), F(5)),
        // 9 of 11 need effort: the 2 who do not would be 11 − 9.
        (tally(11, 9, 2, 0), E(11), W, None, F(5), F(5)),
        (tally(0, 0, 0, 0), F(5), F(5), None, F(5), F(5)),
    ];
    for (t, assessed, needing, share, needing_concern, others_concern) in cases {
        let shown = shown_line(&t);
        assert_eq!(
            (
                shown.assessed,
                shown.needing,
                shown.needing_concern,
                shown.others_concern
            ),
            (assessed, needing, needing_concern, others_concern),
            "{t:?}"
        );
        assert_eq!(shown.share, share, "{t:?}");
    }
}

#[test]
fn a_total_withholds_what_would_give_a_hidden_part_away() {
    let big = tally(30, 10, 5, 5);
    let small = tally(8, 3, 0, 1);
    let other_small = tally(7, 2, 1, 0);
    let line = |t: Tally| (t, shown_line(&t));
    // (parts, expected assessed, needing, share)
    let cases: Vec<TotalCase> = vec![
        // Every part shown: the total is the sum and may be shown.
        (vec![line(big), line(big)], E(60), E(20), true),
        // One part's needing is hidden: the total's needing would give it (total − 10).
        (vec![line(big), line(small)], E(38), W, false),
        // Two hidden parts adding up to 5: neither is given away.
        (
            vec![line(big), line(small), line(other_small)],
            E(45),
            E(15),
            true,
        ),
        // Two hidden parts adding up to less than 5 would give away that both are small.
        (
            vec![line(big), line(tally(8, 1, 0, 0)), line(tally(8, 2, 0, 0))],
            E(46),
            W,
            false,
        ),
        // A part unseen by the reader but large: its value is no secret.
        (
            vec![line(big), line(tally(40, 20, 5, 5))],
            E(70),
            E(30),
            true,
        ),
    ];
    for (parts, assessed, needing, share) in cases {
        let mut total = Tally::default();
        for (t, _) in &parts {
            total.add(t);
        }
        let shown = shown_total(&total, &parts);
        assert_eq!(
            (shown.assessed, shown.needing),
            (assessed, needing),
            "{parts:?}"
        );
        assert_eq!(shown.share.is_some(), share, "{parts:?}");
    }
}

/// Every school of up to 12 pupils beside one of 20 (needing 8): whatever the small school's
/// counts, the area's total never lets a hidden count of it be worked out, and never shows a
/// count below 5.
#[test]
fn no_hidden_school_count_can_be_worked_out_from_its_area() {
    let big = tally(20, 8, 5, 5);
    for assessed in 0..=12 {
        for needing in 0..=assessed {
            let small = tally(assessed, needing, 0, 0);
            let parts = [(big, shown_line(&big)), (small, shown_line(&small))];
            let mut total = big;
            total.add(&small);
            let shown = shown_total(&total, &parts);
            let pairs = [
                (parts[1].1.assessed, shown.assessed),
                (parts[1].1.needing, shown.needing),
            ];
            for (school, area) in pairs {
                if !matches!(school, ShownCount::Exact(_)) {
                    assert!(
                        !matches!(area, ShownCount::Exact(_)),
                        "{small:?}: the area's {area:?} gives the school's {school:?} away"
                    );
                }
            }
            for count in [shown.assessed, shown.needing] {
                assert!(!matches!(count, ShownCount::Exact(n) if n < SUPPRESS_BELOW));
            }
        }
    }
}
