//! Planning rounds and editing the indicator set: only planners plan, windows must make sense,
//! and past assessments keep the words they were made with.

use super::support::*;
use crate::common::TestApp;
use crate::on_both_backends;
use app::assessment::{IndicatorEdit, IndicatorView, IndividualInput, PlanRoundInput, WindowInput};
use app::backend::db::DbKind;
use app::domain::Position::Green;
use app::domain::{UnitId, WindowKind};
use app::error::ProblemCode;
use reqwest::StatusCode;

on_both_backends!(
    only_planners_plan_rounds_and_windows_must_make_sense,
    an_edited_indicator_set_is_on_the_next_grid_and_past_assessments_keep_their_words,
);

/// A round with a daycare window only, as the planning form sends it.
fn daycare_round(name: &str, unit: UnitId, start: &str, end: &str) -> PlanRoundInput {
    PlanRoundInput {
        name: name.to_owned(),
        units: vec![unit],
        windows: vec![WindowInput {
            kind: WindowKind::Daycare.code().to_owned(),
            starts_on: start.to_owned(),
            ends_on: end.to_owned(),
        }],
    }
}

async fn only_planners_plan_rounds_and_windows_must_make_sense(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let egern = app.unit_id("Skovbørnehaven Egern").await;
    let plan = |name: &str, start: &str, end: &str| daycare_round(name, egern, start, end);
    app.login_ok("paedagog").await;
    let refused = app
        .plan_round(&plan("Vinter 2026", "2026-12-01", "2026-12-20"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused.status,
            StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
        ),
        "{refused:?}"
    );

    app.login_ok("admin").await;
    let refused = app
        .plan_round(&plan("Vinter 2026", "2026-12-20", "2026-12-01"))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.code(), Some(ProblemCode::BadWindow));
    let before = app.count("SELECT COUNT(*) FROM rounds").await;
    app.plan_round(&plan("Vinter 2026", "2026-12-01", "2026-12-20"))
        .await
        .expect("planned");
    assert_eq!(app.count("SELECT COUNT(*) FROM rounds").await, before + 1);
    let refused = app
        .plan_round(&plan("Vinter 2026", "2026-12-01", "2026-12-20"))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.code(), Some(ProblemCode::Duplicate));
    // A school cannot take part without a school window.
    let school = app.unit_id("Bakkeskolen").await;
    let refused = app
        .plan_round(&daycare_round(
            "Kun dagtilbud",
            school,
            "2027-03-01",
            "2027-03-20",
        ))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.code(), Some(ProblemCode::BadWindow));
    assert_eq!(app.count("SELECT COUNT(*) FROM rounds").await, before + 1);
}

async fn an_edited_indicator_set_is_on_the_next_grid_and_past_assessments_keep_their_words(
    kind: DbKind,
) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let indicators = grid(&app, room.group).await.indicators;
    let before = indicators.len();
    let greens: Vec<IndicatorView> = indicators
        .into_iter()
        .filter(|i| i.position == Green)
        .collect();
    let (edited, retired) = (greens[0].clone(), greens[1].clone());
    let input = IndividualInput {
        indicators: vec![edited.id],
        ..individual(key(), &room, room.children[0], Green, "", None)
    };
    let saved = app.save_individual(&input).await.expect("saved");

    // A pedagogue cannot change the municipality's words.
    let words = "Leger gerne med de andre børn i længere tid";
    let edit = IndicatorEdit {
        replaces: Some(edited.id),
        position: edited.position,
        age_band: edited.age_band,
        area: edited.area,
        text: words.to_owned(),
    };
    let refused = app.save_indicator(&edit).await.unwrap_err();
    assert!(
        matches!(
            refused.status,
            StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
        ),
        "{refused:?}"
    );

    app.login_ok("admin").await;
    let new_id = app.save_indicator(&edit).await.expect("saved");
    app.retire_indicator(retired.id).await.expect("retired");

    // The very next grid has the new words and neither the old nor the retired indicator.
    app.login_ok("paedagog").await;
    let now = grid(&app, room.group).await.indicators;
    assert!(now.iter().any(|i| i.id == new_id && i.text == words));
    assert!(!now.iter().any(|i| i.id == edited.id || i.id == retired.id));
    // One replaced (one out, one in), one retired.
    assert_eq!(now.len(), before - 1);

    // The assessment made before the edit still carries the words it was made with.
    let kept = app
        .scalar_text(
            "SELECT i.text FROM assessment_indicators ai JOIN indicators i ON i.id = ai.indicator_id \
             WHERE ai.assessment_id = $1",
            saved.assessment,
        )
        .await;
    assert_eq!(kept, edited.text);
}
