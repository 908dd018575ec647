//! A custody holder's consent on their phone (SECURITY C1–C3): what it opens for the school,
//! item by item, from the first day at school; who may give it; what a form must hold; and a
//! revocation that closes it again. Every consent write and read is in the audit log.

use super::*;
use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::domain::AssessmentKind;
use app::transition::ConsentHow;
use reqwest::StatusCode;

on_both_backends!(
    a_custody_parents_consent_passes_the_joint_position_and_the_plan_to_the_school,
    a_parent_without_custody_cannot_consent_and_nothing_is_stored,
    a_consent_needs_an_item_and_a_last_day_from_the_move_to_two_years_after,
    a_consent_for_a_child_that_does_not_move_is_refused,
    a_revoked_consent_closes_what_the_school_reads,
    every_consent_write_and_read_is_in_the_audit_log,
);

async fn a_custody_parents_consent_passes_the_joint_position_and_the_plan_to_the_school(
    kind: DbKind,
) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    app.save_description(description(&m, STRENGTHS, 0))
        .await
        .expect("the description");
    app.login_ok("forælder").await;
    let offered = parent_view(&app, m.child).await;
    assert!(offered.custody && offered.with_consent);
    assert_eq!(offered.moves.len(), 1);
    assert_eq!(offered.moves[0].to_name.as_deref(), Some(SCHOOL));
    app.give_consent(consent(&m, items(true, true, false, false)))
        .await
        .expect("consented");
    let given = parent_view(&app, m.child).await;
    let mine = &given.moves[0].mine;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].how, ConsentHow::Digital);
    assert_eq!(mine[0].items, items(true, true, false, false));
    assert_eq!(mine[0].valid_until, m.moves_on + Duration::days(180));
    assert_eq!(mine[0].revoked_on, None);

    // The kindergarten sees the evidence; the school still does not reach the child.
    app.login_ok("paedagog").await;
    let old = staff_view(&app, m.child).await;
    let shown = &old.moves[0].consents;
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].guardian_name, "Frida Forælder");
    let opened = old.moves[0].opened.expect("what passes");
    assert_eq!(opened.items, items(true, true, false, false));
    app.login_ok("laerer").await;
    assert_eq!(
        app.child_transitions(m.child).await.unwrap_err().status,
        StatusCode::NOT_FOUND
    );

    first_school_day(&app, &m);
    app.login_ok("laerer").await;
    let view = staff_view(&app, m.child).await;
    assert_eq!(view.received.len(), 1, "{view:?}");
    let received = &view.received[0];
    assert_eq!(received.from_name, KINDERGARTEN);
    assert_eq!(received.items, items(true, true, false, false));
    assert!(received
        .positions
        .iter()
        .any(|p| p.note == JOINT_NOTE && p.kind == AssessmentKind::Joint));
    assert!(received
        .positions
        .iter()
        .all(|p| p.kind != AssessmentKind::Individual));
    assert!(received.plans.iter().any(|p| p.goals == PLAN_GOALS));
    assert!(received.meetings.is_empty(), "meetings were not consented");
    assert_eq!(
        received.description, None,
        "the description was not consented"
    );
    let answer = text(&view);
    assert!(!answer.contains(INDIVIDUAL_NOTE), "{answer}");
    assert!(!answer.contains(STRENGTHS), "{answer}");
    for name in KINDERGARTEN_STAFF {
        assert!(!answer.contains(name), "{name} in {answer}");
    }
    // The consent widens the transitions view only: the timeline stays the school's own.
    let timeline = text(&app.child_timeline(m.child).await.expect("the timeline"));
    assert!(!timeline.contains(JOINT_NOTE), "{timeline}");

    // A further consent to the description passes it too.
    app.login_ok("forælder").await;
    app.give_consent(consent(&m, items(false, false, false, true)))
        .await
        .expect("consented to the description");
    app.login_ok("laerer").await;
    let view = staff_view(&app, m.child).await;
    assert_eq!(view.received.len(), 1);
    let passed = view.received[0].description.as_ref().expect("consented");
    assert_eq!(passed.strengths, STRENGTHS);
    assert_eq!(view.received[0].items, items(true, true, false, true));
}

async fn a_parent_without_custody_cannot_consent_and_nothing_is_stored(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    app.login_ok("forælder2").await;
    let view = parent_view(&app, m.child).await;
    assert!(!view.custody, "informed, not deciding");
    assert_eq!(view.moves.len(), 1);
    let refused = app
        .give_consent(consent(&m, items(true, true, true, true)))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&refused).1, ProblemCode::NeedsCustody);
    assert_eq!(consents(&app, m.child).await, 0);
    let refused = app
        .revoke_consent(m.child, m.kindergarten, m.school)
        .await
        .unwrap_err();
    assert_eq!(problem(&refused).1, ProblemCode::NeedsCustody);
    first_school_day(&app, &m);
    app.login_ok("laerer").await;
    assert!(staff_view(&app, m.child).await.received.is_empty());
}

async fn a_consent_needs_an_item_and_a_last_day_from_the_move_to_two_years_after(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    app.login_ok("forælder").await;
    let refused = app
        .give_consent(consent(&m, items(false, false, false, false)))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem(&refused),
        ("items".to_owned(), ProblemCode::Missing)
    );

    let until = |date: String| GiveConsent {
        valid_until: date,
        ..consent(&m, items(true, false, false, false))
    };
    let last_day_in_kindergarten = m.last_day.to_string();
    let refused = app
        .give_consent(until(last_day_in_kindergarten))
        .await
        .unwrap_err();
    assert_eq!(
        problem(&refused),
        ("valid_until".to_owned(), ProblemCode::TooEarly)
    );
    let two_years = m
        .moves_on
        .replace_year(m.moves_on.year() + 2)
        .expect("a day");
    let too_late = two_years.next_day().expect("a day").to_string();
    let refused = app.give_consent(until(too_late)).await.unwrap_err();
    assert_eq!(
        problem(&refused),
        ("valid_until".to_owned(), ProblemCode::TooLate)
    );
    let refused = app
        .give_consent(until("31-12-2027".to_owned()))
        .await
        .unwrap_err();
    assert_eq!(
        problem(&refused),
        ("valid_until".to_owned(), ProblemCode::BadDate)
    );
    assert_eq!(consents(&app, m.child).await, 0, "nothing stored");
    // From the first day at school through two years after it is fine.
    app.give_consent(until(m.moves_on.to_string()))
        .await
        .expect("through the first day");
    app.give_consent(until(two_years.to_string()))
        .await
        .expect("through two years");
    assert_eq!(consents(&app, m.child).await, 2);
}

async fn a_consent_for_a_child_that_does_not_move_is_refused(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    // Fie holds custody of the other family's child, who stays in the kindergarten.
    let staying = crate::care::protected_child(&app).await;
    let refused = app
        .give_consent(GiveConsent {
            child: staying,
            ..consent(&m, items(true, true, false, false))
        })
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem(&refused),
        ("to_unit".to_owned(), ProblemCode::NotMoving)
    );
    assert_eq!(consents(&app, staying).await, 0);
    // Nor to a place the moving child does not go to.
    app.login_ok("forælder").await;
    let refused = app
        .give_consent(GiveConsent {
            to_unit: app.unit_id("Vuggestuen Mælkebøtten").await,
            ..consent(&m, items(true, true, false, false))
        })
        .await
        .unwrap_err();
    assert_eq!(problem(&refused).1, ProblemCode::NotMoving);
    assert_eq!(consents(&app, m.child).await, 0);
}

async fn a_revoked_consent_closes_what_the_school_reads(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    app.login_ok("forælder").await;
    app.give_consent(consent(&m, items(true, true, false, false)))
        .await
        .expect("consented");
    first_school_day(&app, &m);
    app.login_ok("laerer").await;
    assert_eq!(staff_view(&app, m.child).await.received.len(), 1);

    app.login_ok("forælder").await;
    app.revoke_consent(m.child, m.kindergarten, m.school)
        .await
        .expect("revoked");
    let view = parent_view(&app, m.child).await;
    assert_eq!(view.moves[0].mine[0].revoked_on, Some(app.clock_today()));
    assert_eq!(view.moves[0].opened, None);
    let again = app
        .revoke_consent(m.child, m.kindergarten, m.school)
        .await
        .unwrap_err();
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem(&again), ("consent".to_owned(), ProblemCode::Closed));

    app.login_ok("laerer").await;
    let view = staff_view(&app, m.child).await;
    assert!(view.received.is_empty(), "C3: {view:?}");
    assert!(!text(&view).contains(JOINT_NOTE));
    // Kept as evidence, revoked.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM consents WHERE child_id = '{}' AND revoked_at IS NOT NULL",
            m.child
        ))
        .await,
        1
    );
}

/// Audit rows of one outcome for the child by the user, for an action and purpose.
async fn logged(
    app: &TestApp,
    who: &str,
    m: &Moving,
    (action, purpose): (&str, &str),
    outcome: &str,
) -> i64 {
    let user = app.user_id(who).await;
    app.audit_count(&format!(
        "SELECT COUNT(*) FROM audit_log WHERE user_id = '{user}' AND child_id = '{}' \
         AND action = '{action}' AND purpose = '{purpose}' AND outcome = '{outcome}'",
        m.child
    ))
    .await
}

async fn every_consent_write_and_read_is_in_the_audit_log(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    let give = ("consent_to_transfer", "consent to transfer");
    let revoke = ("consent_to_transfer", "revoke consent");
    let read = ("view_child", "transitions");
    let paper = ("record_paper_consent", "record paper consent");

    app.login_ok("forælder").await;
    parent_view(&app, m.child).await;
    app.give_consent(consent(&m, items(true, false, false, false)))
        .await
        .expect("consented");
    assert_eq!(logged(&app, "forælder", &m, read, "allowed").await, 1);
    assert_eq!(logged(&app, "forælder", &m, give, "allowed").await, 1);

    app.login_ok("forælder2").await;
    let _ = app
        .give_consent(consent(&m, items(true, false, false, false)))
        .await
        .unwrap_err();
    assert_eq!(logged(&app, "forælder2", &m, give, "denied").await, 1);

    app.login_ok("leder").await;
    let frida = app.user_id("forælder").await;
    app.give_consent(GiveConsent {
        paper: Some(app::transition::PaperConsent {
            guardian: frida,
            signed_on: app.clock_today().to_string(),
            reference: "Sag 2026-0042".to_owned(),
        }),
        ..consent(&m, items(false, true, false, false))
    })
    .await
    .expect("recorded");
    assert_eq!(logged(&app, "leder", &m, paper, "allowed").await, 1);
    staff_view(&app, m.child).await;
    assert_eq!(logged(&app, "leder", &m, read, "allowed").await, 1);

    first_school_day(&app, &m);
    app.login_ok("laerer").await;
    assert_eq!(staff_view(&app, m.child).await.received.len(), 1);
    assert_eq!(logged(&app, "laerer", &m, read, "allowed").await, 1);
    // What the school opened of the kindergarten's, by consent: a row of its own that outlives
    // a revocation.
    let opened = format!(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'read_transferred' AND child_id = '{}' \
         AND unit_id = '{}' AND criterion LIKE 'from:{}%'",
        m.child, m.school, m.kindergarten
    );
    assert_eq!(app.audit_count(&opened).await, 1);

    app.login_ok("forælder").await;
    app.revoke_consent(m.child, m.kindergarten, m.school)
        .await
        .expect("revoked");
    assert_eq!(logged(&app, "forælder", &m, revoke, "allowed").await, 1);
    // Who revoked what is kept with the consents themselves.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM consents WHERE child_id = '{}' AND revoked_by = '{frida}'",
            m.child
        ))
        .await,
        2
    );
    app.login_ok("laerer").await;
    assert!(staff_view(&app, m.child).await.received.is_empty());
    assert_eq!(
        app.audit_count(&opened).await,
        1,
        "what was opened stays in the log"
    );
}
