// The cases' tables read best as tuples spelled out where they are written.
#![allow(clippy::type_complexity)]

use super::*;
use time::macros::date;

const TODAY: Date = date!(2027 - 05 - 10);
const MOVES_ON: Date = date!(2027 - 08 - 01);

fn some_items() -> ConsentItems {
    ConsentItems {
        assessments: true,
        ..Default::default()
    }
}

fn codes(result: Result<ConsentForm, Vec<Problem>>) -> Vec<(String, ProblemCode)> {
    match result {
        Ok(_) => Vec::new(),
        Err(problems) => problems.into_iter().map(|p| (p.field, p.code)).collect(),
    }
}

#[test]
fn a_consent_form_is_parsed_once() {
    let until = Some(date!(2028 - 07 - 31));
    // (case, items, valid until, paper (signed on, reference), expected problems)
    let cases: Vec<(
        &str,
        ConsentItems,
        Option<Date>,
        Option<(Option<Date>, &str)>,
        Vec<(&str, ProblemCode)>,
    )> = vec![
        ("digital, one item", some_items(), until, None, vec![]),
        (
            "no item",
            ConsentItems::default(),
            until,
            None,
            vec![("items", ProblemCode::Missing)],
        ),
        (
            "no date",
            some_items(),
            None,
            None,
            vec![("valid_until", ProblemCode::BadDate)],
        ),
        (
            "ends before the move",
            some_items(),
            Some(date!(2027 - 07 - 31)),
            None,
            vec![("valid_until", ProblemCode::TooEarly)],
        ),
        (
            "the move day itself is fine",
            some_items(),
            Some(MOVES_ON),
            None,
            vec![],
        ),
        (
            "more than two years after the move",
            some_items(),
            Some(date!(2029 - 08 - 02)),
            None,
            vec![("valid_until", ProblemCode::TooLate)],
        ),
        (
            "paper with date and reference",
            some_items(),
            until,
            Some((Some(TODAY), "Sag 2027-114")),
            vec![],
        ),
        (
            "paper without reference",
            some_items(),
            until,
            Some((Some(TODAY), "  ")),
            vec![("paper_reference", ProblemCode::Missing)],
        ),
        (
            "paper signed tomorrow",
            some_items(),
            until,
            Some((TODAY.next_day(), "Sag 1")),
            vec![("signed_on", ProblemCode::TooLate)],
        ),
        (
            "paper without a date",
            some_items(),
            until,
            Some((None, "Sag 1")),
            vec![("signed_on", ProblemCode::BadDate)],
        ),
    ];
    for (case, items, valid_until, paper, expected) in cases {
        let got = codes(ConsentForm::parse(
            items,
            valid_until,
            paper,
            MOVES_ON,
            TODAY,
        ));
        let expected: Vec<(String, ProblemCode)> = expected
            .into_iter()
            .map(|(f, c)| (f.to_owned(), c))
            .collect();
        assert_eq!(got, expected, "{case}");
    }
}

#[test]
fn paper_evidence_keeps_the_trimmed_reference() {
    let form = ConsentForm::parse(
        some_items(),
        Some(MOVES_ON),
        Some((Some(TODAY), "  Sag 7 ")),
        MOVES_ON,
        TODAY,
    )
    .expect("valid");
    assert_eq!(
        form.evidence,
        ConsentEvidence::Paper {
            signed_on: TODAY,
            reference: "Sag 7".into()
        }
    );
}

#[test]
fn a_description_needs_one_field_and_bounded_text() {
    let long = "x".repeat(CARE_TEXT_MAX + 1);
    let cases = [
        (
            "all empty",
            TransitionDescription::default(),
            vec![("strengths", ProblemCode::Missing)],
        ),
        (
            "one field",
            TransitionDescription {
                what_helps: " Ro ved overgange ".into(),
                ..Default::default()
            },
            vec![],
        ),
        (
            "too long",
            TransitionDescription {
                watch_for: long,
                ..Default::default()
            },
            vec![("watch_for", ProblemCode::TooLong)],
        ),
    ];
    for (case, raw, expected) in cases {
        let got: Vec<(String, ProblemCode)> = match TransitionDescription::parse(&raw) {
            Ok(parsed) => {
                assert_eq!(
                    parsed.what_helps.trim(),
                    parsed.what_helps,
                    "{case}: trimmed"
                );
                Vec::new()
            }
            Err(problems) => problems.into_iter().map(|p| (p.field, p.code)).collect(),
        };
        let expected: Vec<(String, ProblemCode)> = expected
            .into_iter()
            .map(|(f, c)| (f.to_owned(), c))
            .collect();
        assert_eq!(got, expected, "{case}");
    }
}

#[test]
fn items_combine() {
    let a = ConsentItems {
        assessments: true,
        plans: true,
        ..Default::default()
    };
    let b = ConsentItems {
        plans: true,
        meetings: true,
        ..Default::default()
    };
    assert_eq!(
        a.and(b),
        ConsentItems {
            plans: true,
            ..Default::default()
        }
    );
    assert!(a.or(b).meetings && a.or(b).assessments && !a.or(b).description);
    assert!(!ConsentItems::default().any());
}

#[test]
fn moves_between_units_not_rooms() {
    let kindergarten = crate::domain::UnitId::random();
    let school = crate::domain::UnitId::random();
    let span = |unit, starts_on, ends_on| PlacementSpan {
        unit,
        starts_on,
        ends_on,
    };
    let red_room = span(
        kindergarten,
        date!(2024 - 08 - 01),
        Some(date!(2025 - 12 - 31)),
    );
    let green_room = span(
        kindergarten,
        date!(2026 - 01 - 01),
        Some(date!(2027 - 07 - 31)),
    );
    let open_room = span(kindergarten, date!(2026 - 01 - 01), None);
    let grade_0 = span(school, date!(2027 - 08 - 01), None);
    let cases = [
        ("no placement", vec![], vec![]),
        ("one room", vec![red_room], vec![]),
        (
            "rooms of one unit: no move",
            vec![red_room, green_room],
            vec![],
        ),
        (
            "to school, given in any order",
            vec![grade_0, green_room, red_room],
            vec![Move {
                from_unit: kindergarten,
                to_unit: school,
                leaves_on: Some(date!(2027 - 07 - 31)),
                moves_on: date!(2027 - 08 - 01),
            }],
        ),
        (
            "the old placement not ended: the move shows it",
            vec![open_room, grade_0],
            vec![Move {
                from_unit: kindergarten,
                to_unit: school,
                leaves_on: None,
                moves_on: date!(2027 - 08 - 01),
            }],
        ),
    ];
    for (case, placements, expected) in cases {
        assert_eq!(moves(&placements), expected, "{case}");
    }
}
