//! What each reader may see of a child once the policy let them reach it (issue "Each person
//! sees exactly what they may"; SECURITY A1, A5, C1, C4, L1, L2): staff their own units'
//! registrations, guardians the parents' view, nothing of a protected guardian's whereabouts.

use crate::common::TestApp;
use crate::on_both_backends;
use app::assessment::{ChildTimeline, Draft, IndividualInput};
use app::backend::db::DbKind;
use app::domain::{AssessmentContext, ChildId, IdempotencyKey, Position};
use app::error::AppError;
use app::org::ChildPageFor;
use reqwest::StatusCode;
use sqlx::Row;

on_both_backends!(
    the_other_parent_under_address_protection_learns_no_place_or_name_from_the_timeline,
    parents_see_the_positions_the_team_set_and_nothing_of_the_staffs_working_material,
    a_new_unit_reads_nothing_the_old_unit_registered,
    a_former_staff_member_who_is_also_a_parent_gets_the_parents_view,
    every_child_on_a_group_page_has_its_own_audit_row,
    a_repeated_save_is_decided_and_logged_again,
    the_audit_log_cannot_be_truncated,
    a_missing_group_looks_and_is_logged_like_another_units,
    a_refusal_is_answered_no_sooner_than_the_refusal_floor,
);

/// The demo parents' child, and the group it is enrolled in.
async fn parents_child(app: &TestApp) -> (ChildId, String) {
    let parent = app.user_id("forælder").await;
    let row = sqlx::query(
        "SELECT gs.child_id, g.name FROM guardianships gs JOIN enrolments e ON e.child_id = gs.child_id \
         JOIN child_groups g ON g.id = e.group_id WHERE gs.user_id = $1",
    )
    .bind(parent.to_string())
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    let child: String = row.get(0);
    (child.parse().unwrap(), row.get(1))
}

/// Every staff member's display name: none may reach a parent.
async fn staff_names(app: &TestApp) -> Vec<String> {
    sqlx::query(
        "SELECT DISTINCT u.display_name FROM users u JOIN memberships m ON m.user_id = u.id",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap()
    .into_iter()
    .map(|r| r.get::<String, _>(0))
    .collect()
}

/// The child's own pedagogue gives an individual position in the open round: staff working
/// material until the team has set the joint one.
async fn an_individual_position(app: &TestApp, child: ChildId, group: &str) -> Draft {
    app.login_ok("paedagog").await;
    let group_id = app
        .scalar_text("SELECT id FROM child_groups WHERE name = $1", group)
        .await
        .parse()
        .unwrap();
    let grid = app.group_round(group_id).await.expect("the grid");
    let draft = Draft {
        key: IdempotencyKey::random(),
        group: group_id,
        child,
        position: Position::Yellow,
        context: AssessmentContext::PlayWithPeers,
        note: "Trækker sig fra legen ved frokost".to_owned(),
    };
    let input = IndividualInput {
        draft: draft.clone(),
        round: grid.round.expect("an open round").id,
        indicators: vec![],
        base_version: None,
    };
    app.save_individual(&input).await.expect("saved");
    draft
}

async fn the_other_parent_under_address_protection_learns_no_place_or_name_from_the_timeline(
    kind: DbKind,
) {
    let app = TestApp::spawn(kind).await;
    let (child, _) = parents_child(&app).await;
    let protected = app.user_id("forælder").await;
    sqlx::query("UPDATE guardianships SET address_protected = 1 WHERE user_id = $1")
        .bind(protected.to_string())
        .execute(app.db.pool())
        .await
        .unwrap();
    app.login_ok("forælder2").await;
    let timeline = app.child_timeline(child).await.expect("the timeline");
    let ChildTimeline::Parent(view) = &timeline else {
        panic!("a parent gets the parents' view: {timeline:?}");
    };
    assert!(!view.entries.is_empty(), "the demo child has positions");
    assert!(view.entries.iter().all(|e| e.place.is_none()));
    let text = serde_json::to_string(&timeline).unwrap();
    for hidden in ["Egern", "Område"] {
        assert!(!text.contains(hidden), "C4: {hidden} in {text}");
    }
    for name in staff_names(&app).await {
        assert!(!text.contains(&name), "A5: a staff name ({name}) in {text}");
    }
    // The protected parent sees where each position was set.
    app.login_ok("forælder").await;
    let Ok(ChildTimeline::Parent(view)) = app.child_timeline(child).await else {
        panic!("the parents' view");
    };
    assert!(view
        .entries
        .iter()
        .all(|e| e.place.as_deref() == Some("Skovbørnehaven Egern")));
}

async fn parents_see_the_positions_the_team_set_and_nothing_of_the_staffs_working_material(
    kind: DbKind,
) {
    let app = TestApp::spawn(kind).await;
    let (child, group) = parents_child(&app).await;
    an_individual_position(&app, child, &group).await;
    for parent in ["forælder", "forælder2"] {
        app.login_ok(parent).await;
        let timeline = app.child_timeline(child).await.expect("the timeline");
        let ChildTimeline::Parent(view) = &timeline else {
            panic!("{parent} gets the parents' view: {timeline:?}");
        };
        let text = serde_json::to_string(&timeline).unwrap();
        assert!(
            !text.contains("Trækker sig fra legen"),
            "A5: an individual position's note reached {parent}"
        );
        for name in staff_names(&app).await {
            assert!(!text.contains(&name), "A5: {name} reached {parent}");
        }
        // Every joint position the kindergarten set in the past rounds is there, with its
        // deletion date (P1).
        let joint: i64 = sqlx::query(&format!(
            "SELECT COUNT(*) FROM assessments WHERE child_id = '{child}' AND kind <> 'individual'"
        ))
        .fetch_one(app.db.pool())
        .await
        .unwrap()
        .get(0);
        assert_eq!(view.entries.len() as i64, joint, "{parent}");
        assert!(view.entries.iter().all(|e| e.deleted_on > e.assessed_on));
    }
    // Staff still see their own working view.
    app.login_ok("paedagog").await;
    let Ok(ChildTimeline::Staff(view)) = app.child_timeline(child).await else {
        panic!("staff get the staff view");
    };
    assert!(view
        .entries
        .iter()
        .any(|e| e.note == "Trækker sig fra legen ved frokost"));
}

async fn a_new_unit_reads_nothing_the_old_unit_registered(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = app.child_in_group("Grønne stue").await;
    let before: i64 = app
        .count(&format!(
            "SELECT COUNT(*) FROM assessments WHERE child_id = '{child}'"
        ))
        .await;
    assert!(before > 0, "the demo child has a history");
    // The child moves on to school today: the kindergarten's placement ended yesterday.
    let today = crate::common::START.date();
    let school_group: String = app
        .scalar_text("SELECT id FROM child_groups WHERE name = $1", "0.A")
        .await;
    sqlx::query("UPDATE enrolments SET ends_on = $2 WHERE child_id = $1")
        .bind(child.to_string())
        .bind(today.previous_day().unwrap().to_string())
        .execute(app.db.pool())
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO enrolments (id, child_id, group_id, starts_on) VALUES ($1, $2, $3, $4)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(child.to_string())
    .bind(&school_group)
    .bind(today.to_string())
    .execute(app.db.pool())
    .await
    .unwrap();
    // The school's teacher reaches the child, but reads nothing the kindergarten registered.
    app.login_ok("laerer").await;
    let Ok(ChildTimeline::Staff(view)) = app.child_timeline(child).await else {
        panic!("the teacher reads as staff");
    };
    assert!(view.entries.is_empty(), "C1: {:?}", view.entries);
    assert!(view.follow_ups.is_empty(), "C1: {:?}", view.follow_ups);
    let grid = app
        .group_round(school_group.parse().unwrap())
        .await
        .expect("the class's grid");
    let in_class = grid.children.iter().find(|c| c.id == child).unwrap();
    assert_eq!(
        in_class.last_joint, None,
        "C1: the kindergarten's last joint position"
    );
    // The kindergarten's pedagogue no longer reaches the child at all, from today.
    app.login_ok("paedagog").await;
    let refused = app.child_timeline(child).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    // Nothing was deleted or moved: it stays with the unit that registered it.
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM assessments WHERE child_id = '{child}'"
        ))
        .await,
        before
    );
}

async fn a_former_staff_member_who_is_also_a_parent_gets_the_parents_view(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = app.child_in_group("Grønne stue").await;
    let pia = app.user_id("paedagog").await;
    sqlx::query(
        "INSERT INTO guardianships (user_id, child_id, has_custody, address_protected) \
         VALUES ($1, $2, 1, 0)",
    )
    .bind(pia.to_string())
    .bind(child.to_string())
    .execute(app.db.pool())
    .await
    .unwrap();
    app.login_ok("paedagog").await;
    let page = app.child_page(child).await.expect("the page");
    assert!(
        !page.viewer_is_guardian(),
        "staff of the unit read as staff"
    );
    // Her membership ends yesterday: she is this child's parent, no longer staff.
    let yesterday = crate::common::START.date().previous_day().unwrap();
    sqlx::query("UPDATE memberships SET ends_on = $2 WHERE user_id = $1")
        .bind(pia.to_string())
        .bind(yesterday.to_string())
        .execute(app.db.pool())
        .await
        .unwrap();
    let page = app.child_page(child).await.expect("the page");
    assert!(page.viewer_is_guardian(), "A6: the ended membership counts");
    assert_eq!(page.view, ChildPageFor::Parent);
    assert!(matches!(
        app.child_timeline(child).await,
        Ok(ChildTimeline::Parent(_))
    ));
}

async fn every_child_on_a_group_page_has_its_own_audit_row(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let group = app
        .scalar_text("SELECT id FROM child_groups WHERE name = $1", "Grønne stue")
        .await
        .parse()
        .unwrap();
    let grid = app.group_round(group).await.expect("the grid");
    let rows = app.audit("view_assessments").await;
    let mut children: Vec<String> = rows.iter().filter_map(|r| r.1.clone()).collect();
    children.sort();
    let mut expected: Vec<String> = grid.children.iter().map(|c| c.id.to_string()).collect();
    expected.sort();
    assert_eq!(children, expected, "L1: one row per child shown");
    app.joint_view(group).await.expect("the joint view");
    assert_eq!(
        app.audit("view_assessments").await.len(),
        2 * grid.children.len()
    );
}

async fn a_repeated_save_is_decided_and_logged_again(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = app.child_in_group("Grønne stue").await;
    let draft = an_individual_position(&app, child, "Grønne stue").await;
    let logged = app.audit("assess_child").await.len();
    let group = draft.group;
    let grid = app.group_round(group).await.unwrap();
    let input = IndividualInput {
        draft,
        round: grid.round.unwrap().id,
        indicators: vec![],
        base_version: None,
    };
    // The same request again (a tablet that never heard the answer): the same answer…
    let again = app
        .save_individual(&input)
        .await
        .expect("the stored answer");
    assert_eq!(again.version, 1);
    // …decided and logged like the first.
    assert_eq!(app.audit("assess_child").await.len(), logged + 1);
    // Once her membership has ended, a repeat is refused like any request.
    let pia = app.user_id("paedagog").await;
    sqlx::query("UPDATE memberships SET ends_on = $2 WHERE user_id = $1")
        .bind(pia.to_string())
        .bind(
            crate::common::START
                .date()
                .previous_day()
                .unwrap()
                .to_string(),
        )
        .execute(app.db.pool())
        .await
        .unwrap();
    let refused = app.save_individual(&input).await.unwrap_err();
    assert_eq!(refused.error, AppError::NotFound);
    let denied = app
        .audit("assess_child")
        .await
        .into_iter()
        .filter(|r| r.3 == "denied")
        .count();
    assert_eq!(denied, 1, "A7");
}

async fn the_audit_log_cannot_be_truncated(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let before = app.audit_count("SELECT COUNT(*) FROM audit_log").await;
    assert!(before > 0);
    let statement = match kind {
        DbKind::Postgres => "TRUNCATE audit_log",
        // SQLite has no TRUNCATE; its equivalent is a DELETE of every row.
        DbKind::Sqlite => "DELETE FROM audit_log",
    };
    let refused = sqlx::query(statement).execute(app.db.audit_pool()).await;
    assert!(refused.is_err(), "L2: {statement} must be refused");
    assert_eq!(
        app.audit_count("SELECT COUNT(*) FROM audit_log").await,
        before
    );
}

async fn a_missing_group_looks_and_is_logged_like_another_units(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let foreign: app::domain::GroupId = app
        .scalar_text("SELECT id FROM child_groups WHERE name = $1", "0.A")
        .await
        .parse()
        .unwrap();
    let missing = app::domain::GroupId::random();
    let denied_before = app
        .audit("list_unit_children")
        .await
        .into_iter()
        .filter(|r| r.3 == "denied")
        .count();
    for group in [foreign, missing] {
        let refused = app.group_round(group).await.unwrap_err();
        assert_eq!(refused.error, AppError::NotFound, "{group}");
        let refused = app.joint_view(group).await.unwrap_err();
        assert_eq!(refused.error, AppError::NotFound, "{group}");
    }
    let denied = app
        .audit("list_unit_children")
        .await
        .into_iter()
        .filter(|r| r.3 == "denied")
        .count();
    assert_eq!(
        denied,
        denied_before + 4,
        "A7: both kinds of refusal are logged"
    );
    // The page itself answers the same for both: rendered whole before its status is sent
    // (SsrMode::Async), so the status is the refusal's, never a race with streaming.
    for _ in 0..5 {
        let foreign_page = app.get(&format!("/groups/{foreign}/round")).await.status();
        let missing_page = app.get(&format!("/groups/{missing}/round")).await.status();
        assert_eq!(foreign_page, StatusCode::NOT_FOUND);
        assert_eq!(missing_page, StatusCode::NOT_FOUND);
    }
}

/// The few microseconds by which reading another unit's group or follow-up outlasts finding
/// nothing (`tvaers-bench --mode oracle`) are hidden: every refusal waits until
/// `REFUSAL_FLOOR` has passed since the caller's first step (SECURITY A4).
async fn a_refusal_is_answered_no_sooner_than_the_refusal_floor(kind: DbKind) {
    use app::backend::clock::Clock;
    use app::backend::context::REFUSAL_FLOOR;
    use std::time::Instant;
    let app = TestApp::spawn(kind).await;
    app.login_ok("laerer").await;
    let foreign_group: app::domain::GroupId = app
        .scalar_text("SELECT id FROM child_groups WHERE name = $1", "Grønne stue")
        .await
        .parse()
        .unwrap();
    let foreign_follow_up: app::domain::FollowUpId = app
        .scalar_text(
            "SELECT f.id FROM follow_ups f JOIN units u ON u.id = f.unit_id \
             WHERE u.name = $1 ORDER BY f.id LIMIT 1",
            "Skovbørnehaven Egern",
        )
        .await
        .parse()
        .unwrap();
    let today = app.clock.today().to_string();
    for _ in 0..3 {
        for group in [foreign_group, app::domain::GroupId::random()] {
            let started = Instant::now();
            let refused = app.group_round(group).await.unwrap_err();
            assert_eq!(refused.error, AppError::NotFound);
            assert!(started.elapsed() >= REFUSAL_FLOOR, "group {group}");
        }
        for follow_up in [foreign_follow_up, app::domain::FollowUpId::random()] {
            let started = Instant::now();
            let refused = app.complete_follow_up(follow_up, &today).await.unwrap_err();
            assert_eq!(refused.error, AppError::NotFound);
            assert!(started.elapsed() >= REFUSAL_FLOOR, "follow-up {follow_up}");
        }
    }
}
