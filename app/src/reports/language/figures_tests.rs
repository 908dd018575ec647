use super::*;
use crate::domain::ShownCount::{self, Exact as E, FewerThan as F, Withheld as W};

struct World {
    schools: Vec<School>,
    pupils: Vec<Pupil>,
    north: AreaId,
    s1: UnitId,
}

fn pupils(year: i32, unit: UnitId, counts: [usize; 4]) -> Vec<Pupil> {
    // [needing with concern, needing without, others with concern, others without]
    let mut out = Vec::new();
    let kinds = [(true, true), (true, false), (false, true), (false, false)];
    for ((needs, earlier_concern), n) in kinds.into_iter().zip(counts) {
        out.extend((0..n).map(|_| Pupil {
            year: SchoolYear(year),
            unit,
            needs,
            earlier_concern,
        }));
    }
    out
}

/// North: S1 and S2; South: S3. In 2025/26: S1 20 pupils (6 needing, 2 of them with an earlier
/// concern; 1 other with one), S2 10 (5 needing), S3 10 (5 needing). In 2026/27: S1 20 (5
/// needing), S2 10 (5 needing), S3 3 (1 needing).
fn world() -> World {
    let (north, south) = (AreaId::random(), AreaId::random());
    let (s1, s2, s3) = (UnitId::random(), UnitId::random(), UnitId::random());
    let school = |unit, name: &str, area, area_name: &str| School {
        unit,
        name: name.into(),
        area,
        area_name: area_name.into(),
    };
    let schools = vec![
        school(s1, "S1", north, "Nord"),
        school(s2, "S2", north, "Nord"),
        school(s3, "S3", south, "Syd"),
    ];
    let mut all = Vec::new();
    all.extend(pupils(2025, s1, [2, 4, 1, 13]));
    all.extend(pupils(2025, s2, [0, 5, 0, 5]));
    all.extend(pupils(2025, s3, [0, 5, 0, 5]));
    all.extend(pupils(2026, s1, [0, 5, 0, 15]));
    all.extend(pupils(2026, s2, [0, 5, 0, 5]));
    all.extend(pupils(2026, s3, [0, 1, 0, 2]));
    World {
        schools,
        pupils: all,
        north,
        s1,
    }
}

type Expected = (i32, Place, ShownCount, ShownCount, Option<f64>, Option<f64>);

fn check(w: &World, view: View, expected: &[Expected]) {
    let got = lines(&w.pupils, &w.schools, &view);
    let round = |v: Option<f64>| v.map(|v| (v * 100.0).round() / 100.0);
    let got: Vec<Expected> = got
        .into_iter()
        .map(|l| {
            (
                l.year.0,
                l.place,
                l.shown.assessed,
                l.shown.needing,
                round(l.shown.share),
                round(l.change),
            )
        })
        .collect();
    assert_eq!(got, expected, "{view:?}");
}

fn area(name: &str) -> Place {
    Place::Area(name.into())
}

fn school(name: &str) -> Place {
    Place::School(name.into())
}

#[test]
fn the_administrator_sees_every_line_with_small_ones_hidden() {
    use Place::Municipality as M;
    check(
        &world(),
        View::Municipality,
        &[
            (2025, M, E(40), E(16), Some(40.0), None),
            (2025, area("Nord"), E(30), E(11), Some(36.67), None),
            (2025, school("S1"), E(20), E(6), Some(30.0), None),
            (2025, school("S2"), E(10), E(5), Some(50.0), None),
            (2025, area("Syd"), E(10), E(5), Some(50.0), None),
            (2025, school("S3"), E(10), E(5), Some(50.0), None),
            // S3's 3 pupils are hidden, and with them the municipality's total, which would
            // give them away (33 − 30); North's line does not need S3's.
            (2026, M, W, W, None, None),
            (2026, area("Nord"), E(30), E(10), Some(33.33), Some(-3.33)),
            (2026, school("S1"), E(20), E(5), Some(25.0), Some(-5.0)),
            (2026, school("S2"), E(10), E(5), Some(50.0), Some(0.0)),
            (2026, area("Syd"), F(5), F(5), None, None),
            (2026, school("S3"), F(5), F(5), None, None),
        ],
    );
}

#[test]
fn an_area_leader_sees_their_area_and_the_municipality_where_the_rest_is_not_small() {
    use Place::Municipality as M;
    let w = world();
    check(
        &w,
        View::Areas(vec![w.north]),
        &[
            (2025, M, E(40), E(16), Some(40.0), None),
            (2025, area("Nord"), E(30), E(11), Some(36.67), None),
            (2025, school("S1"), E(20), E(6), Some(30.0), None),
            (2025, school("S2"), E(10), E(5), Some(50.0), None),
            // The rest of the municipality (South) is 3 pupils: the total would tell.
            (2026, M, W, W, None, None),
            (2026, area("Nord"), E(30), E(10), Some(33.33), Some(-3.33)),
            (2026, school("S1"), E(20), E(5), Some(25.0), Some(-5.0)),
            (2026, school("S2"), E(10), E(5), Some(50.0), Some(0.0)),
        ],
    );
}

#[test]
fn a_schools_leader_sees_their_school_and_the_municipality() {
    use Place::Municipality as M;
    let w = world();
    check(
        &w,
        View::Schools(vec![w.s1]),
        &[
            (2025, M, E(40), E(16), Some(40.0), None),
            (2025, school("S1"), E(20), E(6), Some(30.0), None),
            // The rest (S2 and S3: 13 pupils, 6 needing) is no small count.
            (2026, M, E(33), E(11), Some(33.33), Some(-6.67)),
            (2026, school("S1"), E(20), E(5), Some(25.0), Some(-5.0)),
        ],
    );
}

#[test]
fn concerns_before_the_year_are_counted_on_each_side() {
    let w = world();
    let got = lines(&w.pupils, &w.schools, &View::Municipality);
    let m2025 = &got[0].shown;
    // 2 of the 16 needing effort had an earlier concern, 1 of the 24 others: both small.
    assert_eq!((m2025.needing_concern, m2025.others_concern), (F(5), F(5)));
}
