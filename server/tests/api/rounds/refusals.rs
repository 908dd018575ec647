//! What is refused and leaves nothing behind: saves into a closed round, bad input, and duplicate
//! assessments at the database itself (SECURITY O7).

use super::support::*;
use crate::common::TestApp;
use crate::on_both_backends;
use app::assessment::IndividualInput;
use app::backend::db::DbKind;
use app::domain::AssessmentKind::{self, Individual, Joint};
use app::domain::Position::{Green, Red, Yellow};
use app::error::ProblemCode;
use reqwest::StatusCode;
use serde_json::{json, Value};
use time::Duration;

on_both_backends!(
    nothing_is_added_to_a_closed_round,
    bad_input_gets_a_clear_problem_and_nothing_is_saved,
    the_database_refuses_duplicate_assessments,
);

async fn nothing_is_added_to_a_closed_round(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    // The demo's open round ends 14 days after the test's start.
    app.clock.advance(Duration::days(15));
    app.login_ok("paedagog").await;
    let input = individual(key(), &room, room.children[0], Green, "", None);
    let refused = app.save_individual(&input).await.unwrap_err();
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{refused:?}"
    );
    assert_eq!(refused.code(), Some(ProblemCode::RoundClosed));
    assert_eq!(
        rows(&app, room.round, room.children[0], Individual).await,
        0
    );
    let grid = grid(&app, room.group).await;
    assert!(grid.round.is_none(), "no round is open any more");
}

/// The request body of a save, as JSON to spoil on purpose.
fn body(input: &IndividualInput) -> Value {
    json!({ "input": input })
}

async fn bad_input_gets_a_clear_problem_and_nothing_is_saved(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let red = group_id(&app, "Røde stue").await;
    let school_child = app.child_in_group("0.A").await;
    let child = room.children[7];
    let before = app.count("SELECT COUNT(*) FROM assessments").await;
    let long = "x".repeat(601);
    let mut blue = body(&individual(key(), &room, child, Green, "", None));
    blue["input"]["position"] = json!("blue");
    // (body, status, problem code or error)
    let cases: Vec<(Value, StatusCode, &str)> = vec![
        (
            body(&individual(key(), &room, child, Green, &long, None)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_long",
        ),
        (
            body(&individual(key(), &room, child, Yellow, "  ", None)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "note_required",
        ),
        // A position is the domain's type on the wire: an unknown one makes the request
        // undecodable (the app's own picker cannot send one).
        (blue, StatusCode::BAD_REQUEST, "undecodable"),
        (
            body(&{
                let mut input = individual(key(), &room, child, Green, "", None);
                input.draft.group = red;
                input
            }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_in_group",
        ),
        (
            body(&individual(key(), &room, school_child, Green, "", None)),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ];
    for (body, status, code) in cases {
        let (got, answer) = app.call("save_individual", body).await;
        assert_eq!(got, status, "{code}: {answer}");
        let found = answer["problems"][0]["code"]
            .as_str()
            .or(answer["error"].as_str())
            .unwrap_or_default();
        assert_eq!(found, code, "{answer}");
    }
    // An indicator of another position is refused too.
    let grid = grid(&app, room.group).await;
    let red_indicator = grid
        .indicators
        .iter()
        .find(|i| i.position == Red)
        .unwrap()
        .id;
    let input = IndividualInput {
        indicators: vec![red_indicator],
        ..individual(key(), &room, child, Green, "", None)
    };
    let refused = app.save_individual(&input).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.code(), Some(ProblemCode::UnknownIndicator));
    assert_eq!(app.count("SELECT COUNT(*) FROM assessments").await, before);
}

async fn the_database_refuses_duplicate_assessments(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = room.children[8];
    let user = app.user_id("paedagog").await;
    let unit = app.unit_id("Skovbørnehaven Egern").await;
    let insert = |kind: AssessmentKind| {
        let (round, child, user, group, unit) = (
            room.round.to_string(),
            child.to_string(),
            user.to_string(),
            room.group.to_string(),
            unit.to_string(),
        );
        let db = app.db.clone();
        async move {
            sqlx::query(
                "INSERT INTO assessments (id, child_id, round_id, kind, assessor_id, group_id, unit_id, \
                   position, context, note, assessed_on, created_at, updated_at, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'green', 'overall', '', '2026-11-23', 0, 0, 1)",
            )
            .bind(key().to_string())
            .bind(child)
            .bind(round)
            .bind(kind.code())
            .bind(user)
            .bind(group)
            .bind(unit)
            .execute(db.pool())
            .await
        }
    };
    for kind in [Individual, Joint] {
        insert(kind).await.expect("the first one is fine");
        let second = insert(kind).await;
        assert!(
            second.is_err(),
            "a second {kind:?} assessment must be refused"
        );
        assert_eq!(rows(&app, room.round, child, kind).await, 1);
    }
}
