use super::*;
use time::macros::date;

const TODAY: Date = date!(2026 - 12 - 08);

/// A problem as (line, column, code).
type Found<'a> = (u32, &'a str, ProblemCode);

fn row(line: u32, child: &str, year: i32, effort: Effort) -> LanguageRow {
    LanguageRow {
        line,
        external_id: child.to_owned(),
        school_year: SchoolYear(year),
        effort,
    }
}

/// Children: `A` born 2020 at school `s1` since August 2025 (open), at `s2` from 2026;
/// `B` born 2021 at `s1`; `C` born 2020 in no school; `D` born September 2026.
fn world() -> (HashMap<String, ChildFacts>, UnitId, UnitId) {
    let (s1, s2) = (UnitId::random(), UnitId::random());
    let span = |unit, starts_on, ends_on| SchoolSpan {
        unit,
        starts_on,
        ends_on,
    };
    let child = |birth_date, schools| ChildFacts {
        id: ChildId::random(),
        birth_date,
        schools,
    };
    let children = HashMap::from([
        (
            "A".to_owned(),
            child(
                date!(2020 - 03 - 01),
                vec![
                    span(s1, date!(2025 - 08 - 11), Some(date!(2026 - 06 - 30))),
                    span(s2, date!(2026 - 08 - 10), None),
                ],
            ),
        ),
        (
            "B".to_owned(),
            child(
                date!(2021 - 01 - 20),
                vec![span(s1, date!(2026 - 08 - 10), None)],
            ),
        ),
        ("C".to_owned(), child(date!(2020 - 05 - 05), vec![])),
        (
            "D".to_owned(),
            child(
                date!(2026 - 09 - 01),
                vec![span(s1, date!(2026 - 09 - 01), None)],
            ),
        ),
    ]);
    (children, s1, s2)
}

#[test]
fn good_rows_are_counted_under_the_school_of_their_year() {
    let (children, s1, s2) = world();
    let rows = [
        row(2, "A", 2025, Effort::Focused),
        row(3, "A", 2026, Effort::General),
        row(4, "B", 2026, Effort::Special),
    ];
    let checked = check_rows(&rows, &children, TODAY).expect("all good");
    let got: Vec<(u32, UnitId, i32, Effort)> = checked
        .iter()
        .map(|c| (c.line, c.unit, c.school_year.0, c.effort))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, s1, 2025, Effort::Focused),
            (3, s2, 2026, Effort::General),
            (4, s1, 2026, Effort::Special),
        ]
    );
    assert_eq!(checked[0].child, children["A"].id);
}

#[test]
fn every_bad_row_is_named_with_its_line_column_and_reason() {
    let (children, ..) = world();
    // (rows, expected problems as (line, column, code))
    let cases: Vec<(Vec<LanguageRow>, Vec<Found>)> = vec![
        (
            vec![row(2, "Z", 2026, Effort::General)],
            vec![(2, "eksternt_id", ProblemCode::UnknownChild)],
        ),
        (
            vec![row(2, "B", 2027, Effort::General)],
            vec![(2, "skoleår", ProblemCode::FutureSchoolYear)],
        ),
        (
            // School year 2026/27 began on 1 August 2026; D was born in September.
            vec![row(2, "D", 2026, Effort::General)],
            vec![(2, "skoleår", ProblemCode::BeforeBirth)],
        ),
        (
            // B was born in January 2021: school year 2020/21 began before that.
            vec![row(2, "B", 2020, Effort::General)],
            vec![(2, "skoleår", ProblemCode::BeforeBirth)],
        ),
        (
            vec![
                row(2, "B", 2026, Effort::General),
                row(3, "B", 2026, Effort::Focused),
            ],
            vec![(3, "eksternt_id", ProblemCode::Duplicate)],
        ),
        (
            vec![row(2, "C", 2026, Effort::General)],
            vec![(2, "eksternt_id", ProblemCode::NotAtSchool)],
        ),
        (
            // A school year without a school placement that year.
            vec![row(2, "B", 2024, Effort::General)],
            vec![(2, "eksternt_id", ProblemCode::NotAtSchool)],
        ),
        (
            // Every problem, not just the first; good rows between them do not hide any.
            vec![
                row(2, "Z", 2026, Effort::General),
                row(3, "A", 2026, Effort::General),
                row(4, "B", 2030, Effort::Special),
                row(5, "A", 2026, Effort::Special),
            ],
            vec![
                (2, "eksternt_id", ProblemCode::UnknownChild),
                (4, "skoleår", ProblemCode::FutureSchoolYear),
                (5, "eksternt_id", ProblemCode::Duplicate),
            ],
        ),
    ];
    for (rows, expected) in cases {
        let problems = check_rows(&rows, &children, TODAY).expect_err("refused");
        let got: Vec<Found> = problems
            .iter()
            .map(|p| (p.line, p.field.as_str(), p.code))
            .collect();
        assert_eq!(got, expected, "{rows:?}");
    }
}

#[test]
fn todays_school_year_is_the_latest_a_file_may_name() {
    let (children, ..) = world();
    // In July 2027 the school year is still 2026/27; from August it is 2027/28.
    let rows = [row(2, "B", 2027, Effort::General)];
    assert!(check_rows(&rows, &children, date!(2027 - 07 - 31)).is_err());
    assert!(check_rows(&rows, &children, date!(2027 - 08 - 01)).is_ok());
}
