//! Saves that arrive at the same time: copies of one save store one row, and saves committed
//! together are each kept or refused on their own.

use super::support::*;
use crate::common::{Answer, TestApp};
use crate::on_both_backends;
use app::assessment::{AdhocInput, IndividualInput, JointInput, Saved};
use app::backend::db::DbKind;
use app::domain::AssessmentContext::Overall;
use app::domain::AssessmentKind::{Individual, Joint};
use app::domain::Position::{Green, Yellow};
use app::error::{AppError, ProblemCode};
use reqwest::StatusCode;
use std::sync::Arc;

on_both_backends!(
    copies_of_one_save_sent_at_once_store_one_row_and_get_one_answer,
    saves_sent_at_once_are_each_kept_or_refused_on_their_own,
);

/// A tablet whose network hiccups may send the same save several times at once: the copies
/// race for the write lock, and every loser must answer as the winner did — never a conflict
/// with itself, never a second row. Both for a first position and for a change of it.
async fn copies_of_one_save_sent_at_once_store_one_row_and_get_one_answer(kind: DbKind) {
    let app = Arc::new(TestApp::spawn(kind).await);
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = room.children[1];
    let send_copies = |input: IndividualInput| {
        let app = app.clone();
        async move {
            let mut copies = tokio::task::JoinSet::new();
            for _ in 0..6 {
                let (app, input) = (app.clone(), input.clone());
                copies.spawn(async move { app.save_individual(&input).await });
            }
            let mut answers = Vec::new();
            while let Some(joined) = copies.join_next().await {
                answers.push(joined.expect("copy sent").expect("saved"));
            }
            answers
        }
    };
    let first = individual(key(), &room, child, Green, "", None);
    let answers = send_copies(first).await;
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
    assert_eq!(answers[0].version, 1);
    assert_eq!(rows(&app, room.round, child, Individual).await, 1);

    let change = individual(
        key(),
        &room,
        child,
        Yellow,
        "Trækker sig fra legen",
        Some(1),
    );
    let answers = send_copies(change).await;
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
    assert_eq!(answers[0].version, 2);
    assert_eq!(rows(&app, room.round, child, Individual).await, 1);
    assert_eq!(
        app.scalar_text(
            &format!(
                "SELECT position FROM assessments WHERE child_id = $1 AND kind = 'individual' \
                 AND round_id = '{}'",
                room.round
            ),
            child
        )
        .await,
        "yellow"
    );
}

/// One of the three saves, to send alongside the others.
#[derive(Clone)]
enum Save {
    Individual(IndividualInput),
    Joint(JointInput),
    Adhoc(AdhocInput),
}

impl Save {
    async fn send(self, app: &TestApp) -> Answer<Saved> {
        match self {
            Save::Individual(input) => app.save_individual(&input).await,
            Save::Joint(input) => app.set_joint(&input).await,
            Save::Adhoc(input) => app.save_adhoc(&input).await,
        }
    }
}

/// Saves that arrive together are committed together; a refusal among them (a stale version, a
/// joint position too early) undoes only itself and gets its own status, and the rest are
/// saved as if each had come alone.
async fn saves_sent_at_once_are_each_kept_or_refused_on_their_own(kind: DbKind) {
    let app = Arc::new(TestApp::spawn(kind).await);
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let (fine, stale, early, ad_hoc) = (
        room.children[10..15].to_vec(),
        room.children[15],
        room.children[16],
        room.children[17],
    );
    let keys_before = app.count("SELECT COUNT(*) FROM idempotent_writes").await;
    let mut sends: Vec<Save> = fine
        .iter()
        .map(|child| Save::Individual(individual(key(), &room, *child, Green, "", None)))
        .collect();
    sends.push(Save::Individual(individual(
        key(),
        &room,
        stale,
        Green,
        "",
        Some(4),
    )));
    sends.push(Save::Joint(joint(key(), &room, early, Green, "", None)));
    let note = "Græder ved aflevering";
    sends.push(Save::Adhoc(adhoc(&room, ad_hoc, Yellow, Overall, note)));
    let mut calls = tokio::task::JoinSet::new();
    for (index, save) in sends.into_iter().enumerate() {
        let app = app.clone();
        calls.spawn(async move { (index, save.send(&app).await) });
    }
    let mut answers = vec![None; fine.len() + 3];
    while let Some(joined) = calls.join_next().await {
        let (index, answer) = joined.expect("sent");
        answers[index] = Some(answer);
    }
    let answers: Vec<Answer<Saved>> = answers.into_iter().map(Option::unwrap).collect();
    for (child, answer) in fine.iter().zip(&answers) {
        let saved = answer.as_ref().expect("saved");
        assert_eq!(saved.version, 1);
        assert_eq!(rows(&app, room.round, *child, Individual).await, 1);
    }
    let refused = answers[fine.len()].as_ref().unwrap_err();
    assert_eq!(refused.status, StatusCode::CONFLICT, "{refused:?}");
    assert!(
        matches!(refused.error, AppError::Conflict { .. }),
        "{refused:?}"
    );
    assert_eq!(rows(&app, room.round, stale, Individual).await, 0);
    let refused = answers[fine.len() + 1].as_ref().unwrap_err();
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{refused:?}"
    );
    assert_eq!(refused.code(), Some(ProblemCode::TooFewIndividual));
    assert_eq!(rows(&app, room.round, early, Joint).await, 0);
    let saved = answers[fine.len() + 2].as_ref().expect("saved");
    let id = saved.assessment;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM follow_ups WHERE assessment_id = '{id}'"
        ))
        .await,
        1
    );
    // Every answer stored for its key is one a client got: none for the refusals.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM idempotent_writes").await,
        keys_before + fine.len() as i64 + 1
    );
}
