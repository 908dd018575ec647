//! Joint positions (*fælles vurdering*): enough individual positions first, a concern opens a
//! follow-up, a stale write is a conflict (SECURITY O6), and the grid's last earlier joint position.

use super::support::*;
use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::domain::AssessmentKind::Joint;
use app::domain::Position::{Green, Red, Yellow};
use app::error::{AppError, CurrentAssessment, ProblemCode};
use reqwest::StatusCode;
use time::macros::date;

on_both_backends!(
    a_joint_concern_needs_enough_individual_positions_and_opens_a_follow_up,
    a_stale_joint_write_is_a_conflict_never_an_overwrite,
    the_grid_shows_each_childs_latest_earlier_joint_position,
);

/// What a conflicting write found in place of the version it was based on.
fn current(refused: &crate::common::Refused) -> CurrentAssessment {
    match &refused.error {
        AppError::Conflict {
            current: Some(current),
        } => current.clone(),
        other => panic!("not a conflict with the current version: {other:?}"),
    }
}

async fn a_joint_concern_needs_enough_individual_positions_and_opens_a_follow_up(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let (concern, fine) = (room.children[4], room.children[5]);
    for child in [concern, fine] {
        let _ = app
            .save_individual(&individual(key(), &room, child, Green, "", None))
            .await;
    }
    // Two adults work in the room: one individual assessment is not enough.
    let refused = app
        .set_joint(&joint(key(), &room, concern, Red, "Uro", None))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.code(), Some(ProblemCode::TooFewIndividual));
    assert_eq!(rows(&app, room.round, concern, Joint).await, 0);

    app.login_ok("paedagog2").await;
    for child in [concern, fine] {
        let _ = app
            .save_individual(&individual(key(), &room, child, Green, "", None))
            .await;
    }
    let note = "Trækker sig helt fra fællesskabet";
    let saved = app
        .set_joint(&joint(key(), &room, concern, Red, note, None))
        .await
        .expect("saved");
    assert_eq!(saved.follow_up_due, Some(date!(2026 - 12 - 07)));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM follow_ups WHERE child_id = '{concern}' AND done_on IS NULL \
             AND assessment_id = '{}'",
            saved.assessment
        ))
        .await,
        1
    );
    let green = app
        .set_joint(&joint(key(), &room, fine, Green, "", None))
        .await
        .expect("saved");
    assert!(green.follow_up_due.is_none());
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM follow_ups WHERE child_id = '{fine}'"
        ))
        .await,
        0
    );
}

async fn a_stale_joint_write_is_a_conflict_never_an_overwrite(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = room.children[6];
    for user in ["paedagog", "paedagog2"] {
        app.login_ok(user).await;
        let _ = app
            .save_individual(&individual(key(), &room, child, Green, "", None))
            .await;
    }
    app.login_ok("paedagog").await;
    let first = app
        .set_joint(&joint(key(), &room, child, Green, "", None))
        .await
        .expect("saved");
    assert_eq!(first.version, 1);

    // A colleague's tablet, offline since before that, also sets a first joint position.
    app.login_ok("paedagog2").await;
    let note = "Uro ved samling";
    let conflict = app
        .set_joint(&joint(key(), &room, child, Yellow, note, None))
        .await
        .unwrap_err();
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    let found = current(&conflict);
    assert_eq!(found.position, Green);
    assert_eq!(found.version, 1);
    assert_eq!(found.by, "Pia Pædagog");
    // She decides to keep hers, based on what is there now.
    let second = app
        .set_joint(&joint(key(), &room, child, Yellow, note, Some(1)))
        .await
        .expect("saved");
    assert_eq!(second.version, 2);

    // The first tablet, still on version 1, cannot silently overwrite that.
    app.login_ok("paedagog").await;
    let stale = app
        .set_joint(&joint(key(), &room, child, Green, "", Some(1)))
        .await
        .unwrap_err();
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(current(&stale).version, 2);
    assert_eq!(
        app.scalar_text(
            "SELECT position FROM assessments WHERE child_id = $1 AND kind = 'joint' \
             AND assessed_on = '2026-11-23'",
            child
        )
        .await,
        "yellow"
    );
    assert_eq!(rows(&app, room.round, child, Joint).await, 1);
}

async fn the_grid_shows_each_childs_latest_earlier_joint_position(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let room = Room::of(&app, group_id(&app, "Grønne stue").await).await;
    let round = room.round;
    // The team sets a joint position in the open round for the first child: the grid's
    // "last joint" stays the one from before the round (it is the context, not the answer).
    let first = room.children[0];
    for user in ["paedagog", "paedagog2"] {
        app.login_ok(user).await;
        app.save_individual(&individual(key(), &room, first, Green, "", None))
            .await
            .expect("saved");
    }
    let note = "Græder ved aflevering.";
    app.set_joint(&joint(key(), &room, first, Red, note, None))
        .await
        .expect("saved");

    let grid = grid(&app, room.group).await;
    let shown = &grid.children;
    assert_eq!(shown.len(), 24);
    for child in shown {
        let expected = app
            .scalar_text(
                &format!(
                    "SELECT position || ' ' || assessed_on FROM assessments \
                     WHERE child_id = $1 AND kind = 'joint' AND round_id <> '{round}' \
                     ORDER BY assessed_on DESC, created_at DESC LIMIT 1"
                ),
                child.id,
            )
            .await;
        let last = child
            .last_joint
            .as_ref()
            .expect("an earlier joint position");
        assert_eq!(
            format!("{} {}", last.position.code(), last.assessed_on),
            expected,
            "{child:?}"
        );
    }
    assert_eq!(shown[0].id, first);
    assert_eq!(shown[0].joint, Some(Red));
    assert_eq!(shown[0].individual_count, 2);
}
