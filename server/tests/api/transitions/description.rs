//! The transition description the kindergarten writes with the parents (SECURITY O6: a save
//! names the version it was written on), and handing the parents everything registered.

use super::*;
use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::error::AppError;
use reqwest::StatusCode;

on_both_backends!(
    the_kindergarten_writes_the_description_on_the_version_it_loaded,
    an_empty_description_or_one_for_a_unit_the_child_does_not_move_to_is_refused,
    the_kindergarten_hands_the_parents_everything_registered,
);

async fn the_kindergarten_writes_the_description_on_the_version_it_loaded(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    let before = staff_view(&app, m.child).await;
    assert_eq!(before.moves[0].description_version, 0);

    let version = app
        .save_description(description(&m, STRENGTHS, 0))
        .await
        .expect("the first version");
    assert_eq!(version, 1);
    // A second tablet that loaded nothing yet: a conflict, nothing overwritten.
    let refused = app
        .save_description(description(&m, "Fra den anden tablet", 0))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(matches!(refused.error, AppError::Conflict { .. }));
    let view = staff_view(&app, m.child).await;
    let mv = &view.moves[0];
    assert_eq!(mv.description.strengths, STRENGTHS);
    assert_eq!(mv.description_version, 1);
    assert_eq!(mv.description_by.as_deref(), Some("Pia Pædagog"));

    // A colleague goes on from version 1; the unit leader may too.
    app.login_ok("paedagog2").await;
    let changed = "Bygger store tårne, også sammen med andre";
    assert_eq!(
        app.save_description(description(&m, changed, 1)).await,
        Ok(2)
    );
    app.login_ok("leder").await;
    let view = staff_view(&app, m.child).await;
    assert_eq!(view.moves[0].description.strengths, changed);
    assert_eq!(view.moves[0].description_by.as_deref(), Some("Per Pædagog"));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM transitions WHERE child_id = '{}'",
            m.child
        ))
        .await,
        1
    );

    // The parents read it (never who wrote it).
    for parent in ["forælder", "forælder2"] {
        app.login_ok(parent).await;
        let view = parent_view(&app, m.child).await;
        assert_eq!(view.moves.len(), 1, "{parent}");
        let seen = view.moves[0].description.as_ref().expect("the description");
        assert_eq!(seen.strengths, changed, "{parent}");
        let answer = text(&view);
        for name in KINDERGARTEN_STAFF {
            assert!(!answer.contains(name), "{parent}: {name} in {answer}");
        }
    }
}

async fn an_empty_description_or_one_for_a_unit_the_child_does_not_move_to_is_refused(
    kind: DbKind,
) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    let mut blank = description(&m, "   ", 0);
    blank.description.what_helps = " ".to_owned();
    let refused = app.save_description(blank).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem(&refused),
        ("strengths".to_owned(), ProblemCode::Missing)
    );

    let mut elsewhere = description(&m, STRENGTHS, 0);
    elsewhere.to_unit = app.unit_id("Vuggestuen Mælkebøtten").await;
    let refused = app.save_description(elsewhere).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem(&refused),
        ("to_unit".to_owned(), ProblemCode::NotMoving)
    );
    // A unit the writer does not work in is not found, like any other unit's child.
    let mut from_school = description(&m, STRENGTHS, 0);
    from_school.from_unit = m.school;
    let refused = app.save_description(from_school).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM transitions WHERE child_id = '{}'",
            m.child
        ))
        .await,
        0,
        "nothing stored"
    );
    // A parent does not write it in Tværs (it is written with them, by staff).
    app.login_ok("forælder").await;
    let refused = app
        .save_description(description(&m, STRENGTHS, 0))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}

async fn the_kindergarten_hands_the_parents_everything_registered(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let m = moving_child(&app).await;
    app.hand_over(m.child).await.expect("handed over");
    let today = app.clock_today();
    assert_eq!(staff_view(&app, m.child).await.handed_over, vec![today]);
    app.login_ok("forælder").await;
    assert_eq!(parent_view(&app, m.child).await.handed_over, vec![today]);
    // The school's teacher, from the first day, does not hand over what it never held.
    first_school_day(&app, &m);
    app.login_ok("laerer").await;
    let refused = app.hand_over(m.child).await.unwrap_err();
    assert_eq!(
        problem(&refused),
        ("child".to_owned(), ProblemCode::NotMoving)
    );
}
