//! Who reaches the moving child when (SECURITY A4, C1): the school from its first day, the
//! kindergarten through its last; the new unit's answers hold nothing of the old unit's
//! without consent; the administrator and other parents find nothing.

use super::*;
use crate::common::{AnswerExt, TestApp};
use crate::on_both_backends;
use crate::rounds::support::group_id;
use app::backend::db::DbKind;
use reqwest::StatusCode;

on_both_backends!(
    a_school_teacher_finds_the_child_only_from_its_first_day_at_school,
    the_new_units_answers_contain_nothing_of_the_old_unit_without_consent,
    the_old_units_pedagogue_loses_the_child_the_day_after_its_last_day,
    the_administrator_and_another_childs_parent_find_no_transitions,
    the_other_parent_under_address_protection_learns_no_place_of_the_move,
);

/// Every child-data answer a teacher can ask for about the child, by name, with its status.
async fn the_teachers_reads(app: &TestApp, child: ChildId) -> Vec<(&'static str, StatusCode)> {
    vec![
        (
            "child_transitions",
            app.child_transitions(child).await.status(),
        ),
        ("child_timeline", app.child_timeline(child).await.status()),
        ("child_care", app.child_care(child).await.status()),
        ("child_page", app.child_page(child).await.status()),
    ]
}

async fn a_school_teacher_finds_the_child_only_from_its_first_day_at_school(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    for day in [app.clock_today(), m.last_day] {
        let days = (day - app.clock_today()).whole_days();
        app.clock.advance(Duration::days(days));
        app.login_ok("laerer").await;
        for (call, status) in the_teachers_reads(&app, m.child).await {
            assert_eq!(status, StatusCode::NOT_FOUND, "{call} on {day}");
        }
    }
    first_school_day(&app, &m);
    app.login_ok("laerer").await;
    for (call, status) in the_teachers_reads(&app, m.child).await {
        assert_eq!(status, StatusCode::OK, "{call} on the first day at school");
    }
}

/// Fails when the answer holds anything the kindergarten registered, its name or its staff.
fn nothing_of_the_kindergarten(call: &str, answer: &str) {
    let old = [
        JOINT_NOTE,
        INDIVIDUAL_NOTE,
        PLAN_GOALS,
        STRENGTHS,
        // The plan's context and the demo meeting's concern.
        "Leger mest alene i garderoben",
        "Leg og fællesskab",
        KINDERGARTEN,
        "Egern",
        ROOM,
    ];
    for hidden in old.iter().chain(KINDERGARTEN_STAFF.iter()) {
        assert!(
            !answer.contains(hidden),
            "C1: {call} holds {hidden:?}: {answer}"
        );
    }
}

async fn the_new_units_answers_contain_nothing_of_the_old_unit_without_consent(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    app.save_description(description(&m, STRENGTHS, 0))
        .await
        .expect("the description");
    let plan: app::domain::PlanId = app
        .scalar_text("SELECT id FROM action_plans WHERE child_id = $1", m.child)
        .await
        .parse()
        .expect("a plan id");
    first_school_day(&app, &m);
    app.login_ok("laerer").await;

    let view = staff_view(&app, m.child).await;
    assert!(
        view.moves.is_empty(),
        "the school prepares no move from the kindergarten"
    );
    assert!(view.received.is_empty(), "C1: nothing without consent");
    nothing_of_the_kindergarten("child_transitions", &text(&view));
    let timeline = app.child_timeline(m.child).await.expect("the timeline");
    nothing_of_the_kindergarten("child_timeline", &text(&timeline));
    let care = app.child_care(m.child).await.expect("the care");
    nothing_of_the_kindergarten("child_care", &text(&care));
    let page = app.child_page(m.child).await.expect("the page");
    nothing_of_the_kindergarten("child_page", &text(&page));
    let class = group_id(&app, CLASS).await;
    let grid = app.group_round(class).await.expect("the class's grid");
    nothing_of_the_kindergarten("group_round", &text(&grid));
    let in_class = grid
        .children
        .iter()
        .find(|c| c.id == m.child)
        .expect("in 0.A");
    assert_eq!(
        in_class.last_joint, None,
        "C1: the kindergarten's joint position"
    );
    // Whatever else a teacher may ask about the class, the school or their day.
    if let Ok(joint) = app.joint_view(class).await {
        nothing_of_the_kindergarten("joint_view", &text(&joint));
    }
    if let Ok(dashboard) = app.unit_dashboard(m.school).await {
        nothing_of_the_kindergarten("unit_dashboard", &text(&dashboard));
    }
    if let Ok(care) = app.unit_care(m.school).await {
        nothing_of_the_kindergarten("unit_care", &text(&care));
    }
    let home = app.home().await.expect("the teacher's home");
    nothing_of_the_kindergarten("home", &text(&home));
    // The kindergarten's plan and the demo family's meeting are not found, like ids that name
    // nothing.
    assert_eq!(app.plan(plan).await.status(), StatusCode::NOT_FOUND);
    let meeting: app::domain::MeetingId = app
        .scalar_text(
            "SELECT id FROM focus_meetings WHERE child_id = $1 LIMIT 1",
            m.child,
        )
        .await
        .parse()
        .expect("the demo family's meeting");
    assert_eq!(app.meeting(meeting).await.status(), StatusCode::NOT_FOUND);
    // Nor does the school write the kindergarten's description.
    let refused = app
        .save_description(description(&m, "Fra skolen", 1))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

async fn the_old_units_pedagogue_loses_the_child_the_day_after_its_last_day(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    let days = (m.last_day - app.clock_today()).whole_days();
    app.clock.advance(Duration::days(days));
    app.login_ok("paedagog").await;
    let view = staff_view(&app, m.child).await;
    assert_eq!(view.moves.len(), 1, "{view:?}");
    let mv = &view.moves[0];
    assert_eq!((mv.from_unit, mv.to_unit), (m.kindergarten, m.school));
    assert_eq!(
        (mv.from_name.as_str(), mv.to_name.as_str()),
        (KINDERGARTEN, SCHOOL)
    );
    assert_eq!((mv.leaves_on, mv.moves_on), (Some(m.last_day), m.moves_on));
    assert!(mv.concern, "a joint yellow position and an active plan");
    assert!(mv.may_prepare);
    app.child_timeline(m.child)
        .await
        .expect("the last day in the kindergarten");

    app.clock.advance(Duration::days(1));
    for who in ["paedagog", "leder"] {
        app.login_ok(who).await;
        for (call, status) in the_teachers_reads(&app, m.child).await {
            assert_eq!(status, StatusCode::NOT_FOUND, "{who}: {call}");
        }
        let refused = app
            .save_description(description(&m, STRENGTHS, 0))
            .await
            .unwrap_err();
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{who}");
    }
}

async fn the_administrator_and_another_childs_parent_find_no_transitions(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    for who in ["admin", "forælder3", "vuggepaedagog", "laerer"] {
        app.login_ok(who).await;
        let refused = app.child_transitions(m.child).await.unwrap_err();
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{who}");
        // Exactly as a child that does not exist.
        let missing = app.child_transitions(ChildId::random()).await.unwrap_err();
        assert_eq!(missing, refused, "{who}");
    }
    let denied = app
        .audit_count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'view_child' AND outcome = 'denied' \
             AND purpose = 'transitions' AND child_id = '{}'",
            m.child
        ))
        .await;
    assert_eq!(denied, 4, "each refusal is logged with the child");
}

async fn the_other_parent_under_address_protection_learns_no_place_of_the_move(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    // Frederik (address protection) and Fie hold custody of the second family's child.
    let child = crate::care::protected_child(&app).await;
    let last_day = app.clock_today() + Duration::days(9);
    place_in_class(&app, child, last_day, last_day.next_day().expect("a day")).await;
    app.login_ok("forælder4").await;
    let view = parent_view(&app, child).await;
    assert_eq!(view.moves.len(), 1, "she is told of the move");
    assert_eq!(view.moves[0].from_name, None, "C4");
    assert_eq!(view.moves[0].to_name, None, "C4");
    let answer = text(&view);
    for hidden in [SCHOOL, KINDERGARTEN, "Egern", CLASS, ROOM] {
        assert!(!answer.contains(hidden), "C4: {hidden} in {answer}");
    }
    for name in KINDERGARTEN_STAFF {
        assert!(!answer.contains(name), "{name} in {answer}");
    }
    // Not even the units' ids: they would name the places wherever else they appear.
    let (kindergarten, school) = (app.unit_id(KINDERGARTEN).await, app.unit_id(SCHOOL).await);
    assert_ne!(
        view.moves[0].from_unit, kindergarten,
        "C4: a stand-in, not the unit's id"
    );
    assert_ne!(
        view.moves[0].to_unit, school,
        "C4: a stand-in, not the unit's id"
    );
    // She may still consent, as a custody holder, without learning where to.
    let mv = &view.moves[0];
    app.give_consent(GiveConsent {
        child,
        from_unit: mv.from_unit,
        to_unit: mv.to_unit,
        items: items(true, false, false, false),
        valid_until: (mv.moves_on + Duration::days(30)).to_string(),
        paper: None,
    })
    .await
    .expect("consented");
    app.login_ok("forælder3").await;
    let view = parent_view(&app, child).await;
    assert_eq!(view.moves[0].to_name.as_deref(), Some(SCHOOL));
    assert_eq!(view.moves[0].others_consented, vec![true]);
    assert!(
        !text(&view).contains("Fie Forælder"),
        "no other guardian's name"
    );
}
