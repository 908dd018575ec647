//! The blind rule: a colleague's individual position stays hidden until I have given mine;
//! a parent reads the timeline but cannot assess.

use super::support::*;
use crate::common::TestApp;
use crate::on_both_backends;
use app::assessment::{ChildTimeline, JointChild, JointView};
use app::backend::db::DbKind;
use app::domain::Position::{Green, Yellow};
use app::error::AppError;
use reqwest::StatusCode;

on_both_backends!(
    a_colleagues_position_stays_hidden_until_i_have_given_mine,
    a_parent_reads_the_timeline_but_cannot_assess,
);

async fn a_colleagues_position_stays_hidden_until_i_have_given_mine(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = room.children[2];
    let input = individual(key(), &room, child, Yellow, "Trækker sig fra legen", None);
    app.save_individual(&input).await.expect("saved");
    let entry = |view: &JointView| -> JointChild {
        view.children
            .iter()
            .find(|c| c.id == child)
            .expect("the child is in the view")
            .clone()
    };

    // The leader holds the dialogue and assesses nobody: sees it.
    app.login_ok("leder").await;
    let view = app.joint_view(room.group).await.expect("the view");
    let seen = entry(&view).individuals[0].seen.clone().expect("seen");
    assert_eq!(seen.position, Yellow);

    // The colleague who has not assessed the child yet: hidden, also on the child's timeline.
    app.login_ok("paedagog2").await;
    let view = app.joint_view(room.group).await.expect("the view");
    let before = entry(&view);
    assert_eq!(before.individuals.len(), 1);
    assert!(before.individuals[0].seen.is_none(), "{before:?}");
    assert!(!before.disagreement);
    let Ok(ChildTimeline::Staff(timeline)) = app.child_timeline(child).await else {
        panic!("the staff's timeline");
    };
    assert_eq!(timeline.hidden, 1);
    let text = serde_json::to_string(&timeline).unwrap();
    assert!(!text.contains("Trækker sig fra legen"));

    // Once she has given her own, both are there and the disagreement shows.
    let input = individual(key(), &room, child, Green, "", None);
    app.save_individual(&input).await.expect("saved");
    let view = app.joint_view(room.group).await.expect("the view");
    let after = entry(&view);
    let seen: Vec<_> = after
        .individuals
        .iter()
        .map(|i| i.seen.as_ref().map(|s| s.position))
        .collect();
    assert_eq!(seen.len(), 2);
    assert!(seen.contains(&Some(Yellow)) && seen.contains(&Some(Green)));
    assert!(after.disagreement);
}

async fn a_parent_reads_the_timeline_but_cannot_assess(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    app.login_ok("forælder").await;
    let home = app.home().await.expect("home");
    let child = home.own_children[0].id;
    // The parents' view: the team's position of each past round, never the staff's own
    // (SECURITY A5; the parents' view is proven in detail in scope.rs).
    let Ok(ChildTimeline::Parent(timeline)) = app.child_timeline(child).await else {
        panic!("a parent gets the parents' view");
    };
    let entries = &timeline.entries;
    assert!(entries.len() >= 3, "three past rounds' joint positions");
    // Every entry says when it will be deleted: `deleted_on` is a date, never missing.
    assert!(entries.iter().all(|e| e.deleted_on > e.assessed_on));

    let input = individual(key(), &room, child, Green, "", None);
    let refused = app.save_individual(&input).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(refused.error, AppError::NotFound);
    let parent = app.user_id("forælder").await.to_string();
    let child_text = child.to_string();
    assert!(app
        .audit("assess_child")
        .await
        .iter()
        .any(
            |(user, c, _, outcome)| user.as_deref() == Some(parent.as_str())
                && c.as_deref() == Some(child_text.as_str())
                && outcome == "denied"
        ));
    // Staff of another unit do not even learn that the child has a timeline.
    app.login_ok("laerer").await;
    let refused = app.child_timeline(child).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}
