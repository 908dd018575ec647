use super::*;
use time::macros::{date, datetime};

const NOW: PrimitiveDateTime = datetime!(2026-12-07 10:00);
const TODAY: Date = date!(2026 - 12 - 07);

/// The problems a parse is expected to find, by field.
type Found<'a> = Vec<(&'a str, ProblemCode)>;

fn codes(problems: &[Problem]) -> Found<'_> {
    problems
        .iter()
        .map(|p| (p.field.as_str(), p.code))
        .collect()
}

#[test]
fn a_proposal_offers_future_times_that_do_not_overlap() {
    let t = |s: &str| s.to_string();
    let cases: Vec<(Vec<String>, Found)> = vec![
        (vec![t("2026-12-10T08:30")], vec![]),
        (
            vec![t("2026-12-10T08:30"), t("2026-12-11T14:00"), t("")],
            vec![],
        ),
        (vec![], vec![("times", ProblemCode::Missing)]),
        (vec![t("  ")], vec![("times", ProblemCode::Missing)]),
        (
            vec![t("2026-12-07T09:59")],
            vec![("times[0]", ProblemCode::TooEarly)],
        ),
        (
            vec![t("2026-12-07T10:00")],
            vec![("times[0]", ProblemCode::TooEarly)],
        ),
        (
            vec![t("10/12 kl 8")],
            vec![("times[0]", ProblemCode::BadDate)],
        ),
        (
            vec![t("2026-12-10T08:30"), t("2026-12-10T09:00")],
            vec![("times[1]", ProblemCode::Overlapping)],
        ),
        (vec![t("2026-12-10T08:30"), t("2026-12-10T09:30")], vec![]),
        (
            (0..6).map(|d| format!("2026-12-1{d}T08:00")).collect(),
            vec![("times", ProblemCode::TooLong)],
        ),
    ];
    for (times, expected) in cases {
        let got = MeetingProposal::parse("Svært ved afsked om morgenen", "Stuen", &times, NOW);
        match got {
            Ok(p) => {
                assert!(expected.is_empty(), "{times:?} was accepted");
                assert!(p.times.windows(2).all(|w| w[0] < w[1]), "sorted");
            }
            Err(problems) => assert_eq!(codes(&problems), expected, "{times:?}"),
        }
    }
}

#[test]
fn a_proposal_needs_a_concern_and_a_place() {
    let times = vec!["2026-12-10T08:30".to_string()];
    let problems = MeetingProposal::parse(" ", "", &times, NOW).unwrap_err();
    assert_eq!(
        codes(&problems),
        vec![
            ("concern", ProblemCode::Missing),
            ("place", ProblemCode::Missing)
        ]
    );
    let long_place = "x".repeat(PLACE_MAX + 1);
    let problems = MeetingProposal::parse("Bekymring", &long_place, &times, NOW).unwrap_err();
    assert_eq!(codes(&problems), vec![("place", ProblemCode::TooLong)]);
}

fn plan(goals: &str, evaluate_on: &str, actions: &[(&str, &str, &str)]) -> PlanForm {
    PlanForm {
        context: "Svær start om morgenen".into(),
        goals: goals.into(),
        actions: actions
            .iter()
            .map(|(what, who, by)| PlanActionForm {
                what: (*what).into(),
                who: (*who).into(),
                by: (*by).into(),
            })
            .collect(),
        signs: "Siger farvel uden gråd".into(),
        evaluate_on: evaluate_on.into(),
        evaluation: String::new(),
    }
}

#[test]
fn a_plan_needs_a_goal_an_evaluation_date_and_who_for_every_action() {
    let ok_action = [("Fast voksen tager imod", "Pædagog", "2027-01-15")];
    let cases: Vec<(PlanForm, PlanStatus, Found)> = vec![
        (
            plan("Glad afsked", "2027-02-01", &ok_action),
            PlanStatus::Active,
            vec![],
        ),
        (
            plan("Glad afsked", "2027-02-01", &[]),
            PlanStatus::Active,
            vec![],
        ),
        (
            plan("", "2027-02-01", &ok_action),
            PlanStatus::Active,
            vec![("goals", ProblemCode::Missing)],
        ),
        (
            plan("Glad afsked", "", &ok_action),
            PlanStatus::Active,
            vec![("evaluate_on", ProblemCode::Missing)],
        ),
        (
            plan("Glad afsked", "2026-12-07", &ok_action),
            PlanStatus::Active,
            vec![("evaluate_on", ProblemCode::TooEarly)],
        ),
        (
            plan("Glad afsked", "1. februar", &ok_action),
            PlanStatus::Active,
            vec![("evaluate_on", ProblemCode::BadDate)],
        ),
        (
            plan("Glad afsked", "2027-02-01", &[("Fast voksen", " ", "")]),
            PlanStatus::Active,
            vec![("actions[0].who", ProblemCode::Missing)],
        ),
        (
            plan(
                "Glad afsked",
                "2027-02-01",
                &[("", "", ""), ("Læse sammen", "Forældre", "snart")],
            ),
            PlanStatus::Active,
            vec![("actions[0].by", ProblemCode::BadDate)],
        ),
        // Evaluating needs what came of it; the date may then lie in the past.
        (
            plan("Glad afsked", "2026-11-01", &ok_action),
            PlanStatus::Evaluated,
            vec![("evaluation", ProblemCode::Missing)],
        ),
    ];
    for (form, status, expected) in cases {
        match PlanContent::parse(&form, status, TODAY) {
            Ok(content) => {
                assert!(expected.is_empty(), "{form:?} was accepted");
                assert!(content.actions.iter().all(|a| !a.who.is_empty()));
            }
            Err(problems) => assert_eq!(codes(&problems), expected, "{form:?}"),
        }
    }
    let mut evaluated = plan("Glad afsked", "2026-11-01", &ok_action);
    evaluated.evaluation = "Afskeden går nu godt".into();
    assert!(PlanContent::parse(&evaluated, PlanStatus::Evaluated, TODAY).is_ok());
}

#[test]
fn a_new_version_names_the_fields_it_changed() {
    let before = PlanContent::parse(
        &plan("Glad afsked", "2027-02-01", &[]),
        PlanStatus::Active,
        TODAY,
    )
    .expect("valid");
    let mut form = plan("Glad og rolig afsked", "2027-03-01", &[]);
    form.signs = "Siger farvel uden gråd".into();
    let after = PlanContent::parse(&form, PlanStatus::Active, TODAY).expect("valid");
    assert_eq!(after.changed_fields(&before), vec!["goals", "evaluate_on"]);
    assert!(before.changed_fields(&before).is_empty());
}

#[test]
fn a_plan_status_only_moves_forward() {
    use PlanStatus::*;
    let cases = [
        (Active, Active, true),
        (Active, Evaluated, true),
        (Active, Closed, true),
        (Evaluated, Evaluated, true),
        (Evaluated, Closed, true),
        (Evaluated, Active, false),
        (Closed, Closed, false),
        (Closed, Active, false),
        (Closed, Evaluated, false),
    ];
    for (from, to, allowed) in cases {
        assert_eq!(from.may_become(to), allowed, "{from:?} → {to:?}");
    }
}

#[test]
fn the_parents_voice_is_two_answers_from_one_to_five() {
    let cases = [
        (1, 5, "", true),
        (3, 3, "Godt møde", true),
        (0, 3, "", false),
        (3, 6, "", false),
    ];
    for (listened, knows_next, comment, ok) in cases {
        assert_eq!(
            MeetingFeedback::parse(listened, knows_next, comment).is_ok(),
            ok,
            "{listened} {knows_next}"
        );
    }
    let too_long = "x".repeat(1001);
    assert!(MeetingFeedback::parse(4, 4, &too_long).is_err());
}

#[test]
fn codes_read_back() {
    for s in [
        MeetingStatus::Invited,
        MeetingStatus::Held,
        MeetingStatus::Cancelled,
    ] {
        assert_eq!(MeetingStatus::parse(s.code()), Some(s));
    }
    for a in [
        MeetingAnswer::Accepted,
        MeetingAnswer::Declined,
        MeetingAnswer::OtherTime,
    ] {
        assert_eq!(MeetingAnswer::parse(a.code()), Some(a));
    }
    for p in [
        PlanStatus::Active,
        PlanStatus::Evaluated,
        PlanStatus::Closed,
    ] {
        assert_eq!(PlanStatus::parse(p.code()), Some(p));
    }
    for r in SpecialistRole::ALL {
        assert_eq!(SpecialistRole::parse(r.code()), Some(r));
    }
    let at = parse_meeting_time("2026-12-10T08:30").expect("valid");
    assert_eq!(meeting_time_text(at), "2026-12-10T08:30");
}
