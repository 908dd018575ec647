//! Idempotent replay (SECURITY O5): a repeated key gets its stored answer, also after the round
//! has closed; a reused key with another payload is refused.

use super::support::*;
use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::domain::AssessmentKind::Individual;
use app::domain::Position::{Green, Red, Yellow};
use app::error::{AppError, ProblemCode};
use reqwest::StatusCode;
use time::Duration;

on_both_backends!(
    a_repeat_of_a_key_is_answered_once_and_a_reused_key_is_refused,
    a_save_sent_again_after_its_round_closed_gets_its_stored_answer,
);

async fn a_repeat_of_a_key_is_answered_once_and_a_reused_key_is_refused(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = room.children[0];
    let k = key();
    let input = individual(k, &room, child, Green, "", None);
    let first = app.save_individual(&input).await.expect("saved");
    assert_eq!(first.version, 1);
    // The tablet did not hear the answer and sends the same again: same answer, one row.
    let again = app.save_individual(&input).await.expect("answered again");
    assert_eq!(again, first);
    assert_eq!(rows(&app, room.round, child, Individual).await, 1);
    // The same key with another payload is refused and changes nothing.
    let other = individual(k, &room, child, Red, "Noget andet", None);
    let refused = app.save_individual(&other).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.error, AppError::KeyReused);
    assert_eq!(
        app.scalar_text(
            "SELECT position FROM assessments WHERE child_id = $1 AND kind = 'individual' \
             AND assessed_on = '2026-11-23'",
            child
        )
        .await,
        "green"
    );
    // The grid shows it as mine, with progress.
    let grid = grid(&app, room.group).await;
    let own = grid.children[0].own.as_ref().expect("mine");
    assert_eq!(own.position, Green);
    assert_eq!(own.version, 1);
    assert!(grid.children[1].own.is_none());
}

/// The tablet saved, never heard the answer, and sends the outbox item again only after the
/// round has closed: it is told what it was told the first time, not "round closed", so the
/// item is not shown as refused while it is on the server.
async fn a_save_sent_again_after_its_round_closed_gets_its_stored_answer(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = room.children[0];
    let k = key();
    let input = individual(k, &room, child, Yellow, "Trækker sig", None);
    let first = app.save_individual(&input).await.expect("saved");
    app.clock.advance(Duration::days(15));
    app.login_ok("paedagog").await;
    let again = app.save_individual(&input).await.expect("answered again");
    assert_eq!(again, first);
    assert_eq!(rows(&app, room.round, child, Individual).await, 1);
    // A new write under the same key is still refused, and a new key meets the closed round.
    let other = individual(k, &room, child, Green, "", None);
    let refused = app.save_individual(&other).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.error, AppError::KeyReused);
    let fresh = individual(key(), &room, child, Green, "", None);
    let closed = app.save_individual(&fresh).await.unwrap_err();
    assert_eq!(closed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(closed.code(), Some(ProblemCode::RoundClosed));
    assert_eq!(rows(&app, room.round, child, Individual).await, 1);
}
