//! Rounds over time (issue 19 item 1), through the real server: the kept counts move with each
//! write that changes them, every level shows only what its reader may see, with small counts
//! hidden, and the demo's ten years come out as the rows in the database say.

use crate::common::TestApp;
use crate::on_both_backends;
use crate::rounds::support::{green_room, individual, joint, key};
use app::backend::db::DbKind;
use app::domain::Position::{Green, Yellow};
use app::domain::{ShownCount, SUPPRESS_BELOW};
use app::error::ProblemCode;
use app::wire::report::{Grouping, ReportScope, RoundsReport};
use reqwest::StatusCode;

on_both_backends!(
    a_joint_concern_and_its_follow_up_move_the_kept_counts_at_once,
    each_reader_chooses_only_the_scopes_they_may_see,
    the_municipality_report_adds_up_the_kept_counts_and_hides_small_ones,
    a_bad_scope_or_grouping_is_a_clear_refusal,
);

/// The stored counts of the open round in a unit, read straight from the table.
async fn kept(app: &TestApp, unit: &str) -> (i64, i64, i64, String) {
    let row = sqlx::query_as::<_, (i64, i64, i64, String)>(&format!(
        "SELECT c.joint_yellow, c.follow_ups, c.informed_in_time, c.informed_days \
         FROM round_unit_counts c JOIN units u ON u.id = c.unit_id \
         JOIN round_windows w ON w.round_id = c.round_id AND w.window_kind = 'daycare' \
         WHERE u.name = '{unit}' ORDER BY w.starts_on DESC LIMIT 1"
    ))
    .fetch_one(app.db.pool())
    .await
    .expect("the open round's counts");
    row
}

async fn report(app: &TestApp, scope: Option<&str>, by: Option<&str>) -> RoundsReport {
    app.rounds_report(scope, by).await.expect("the report")
}

async fn a_joint_concern_and_its_follow_up_move_the_kept_counts_at_once(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let egern = "Skovbørnehaven Egern";
    assert_eq!(kept(&app, egern).await, (0, 0, 0, String::new()));
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = room.children[3];
    for user in ["paedagog", "paedagog2"] {
        app.login_ok(user).await;
        app.save_individual(&individual(key(), &room, child, Green, "", None))
            .await
            .expect("an individual position");
    }
    app.set_joint(&joint(
        key(),
        &room,
        child,
        Yellow,
        "Trækker sig fra legen",
        None,
    ))
    .await
    .expect("the joint position");
    assert_eq!(kept(&app, egern).await, (1, 1, 0, String::new()));

    // Changed back to green: counted once, as green.
    app.set_joint(&joint(key(), &room, child, Green, "", Some(1)))
        .await
        .expect("changed");
    let (yellow, _, _, _) = kept(&app, egern).await;
    assert_eq!(yellow, 0, "the change moved the count, it did not add one");
    app.set_joint(&joint(key(), &room, child, Yellow, "Igen", Some(2)))
        .await
        .expect("changed again");

    // The leader marks the parents informed two days after the position: counted in time.
    app.login_ok("leder").await;
    let unit = app.unit_id(egern).await;
    let dashboard = app.unit_dashboard(unit).await.expect("the dashboard");
    let follow_up = dashboard
        .follow_ups
        .iter()
        .find(|f| f.child == child)
        .expect("the follow-up")
        .id;
    let done_on = app.clock_today().to_string();
    app.complete_follow_up(follow_up, &done_on)
        .await
        .expect("done");
    assert_eq!(kept(&app, egern).await, (1, 1, 1, "0".to_owned()));
}

async fn each_reader_chooses_only_the_scopes_they_may_see(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let egern = app.unit_id("Skovbørnehaven Egern").await;

    app.login_ok("leder").await;
    let leader = report(&app, None, None).await;
    assert_eq!(
        leader.scope,
        ReportScope::Unit(egern),
        "a leader's widest is her unit"
    );
    assert!(leader
        .choices
        .iter()
        .all(|c| matches!(c.scope, ReportScope::Unit(_))));
    for refused_scope in [
        "municipality".to_owned(),
        format!("unit:{}", app.unit_id("Vuggestuen Mælkebøtten").await),
    ] {
        let refused = app
            .rounds_report(Some(&refused_scope), None)
            .await
            .unwrap_err();
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{refused_scope}");
    }

    app.login_ok("omraadeleder").await;
    let area = report(&app, None, None).await;
    assert!(
        matches!(area.scope, ReportScope::Area(_)),
        "{:?}",
        area.scope
    );
    assert!(area.choices.len() > 1, "the area and each of its units");
    assert!(!area
        .choices
        .iter()
        .any(|c| c.scope == ReportScope::Municipality));
    let refused = app
        .rounds_report(Some("municipality"), None)
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    app.login_ok("admin").await;
    let admin = report(&app, None, None).await;
    assert_eq!(admin.scope, ReportScope::Municipality);
    assert!(admin
        .choices
        .iter()
        .any(|c| c.scope == ReportScope::Unit(egern)));

    // Close staff and parents have no report; the refusal is logged like any other.
    for user in ["paedagog", "forælder"] {
        app.login_ok(user).await;
        let refused = app.rounds_report(None, None).await.unwrap_err();
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{user}");
    }
    let denied = app
        .audit_count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'view_counts' AND outcome = 'denied'",
        )
        .await;
    assert!(denied >= 5, "every refusal is in the audit log: {denied}");
    let allowed = app
        .audit_count("SELECT COUNT(*) FROM audit_log WHERE purpose = 'rounds report' AND outcome = 'allowed'")
        .await;
    assert!(
        allowed >= 3,
        "every report read is in the audit log: {allowed}"
    );
}

async fn the_municipality_report_adds_up_the_kept_counts_and_hides_small_ones(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let by_round = report(&app, Some("municipality"), Some("round")).await;
    // Sixteen older rounds kept as counts, three in full, and today's open one.
    assert_eq!(
        by_round.lines.len(),
        20,
        "{:?}",
        by_round.lines.iter().map(|l| &l.label).collect::<Vec<_>>()
    );
    assert_eq!(by_round.grouping, Grouping::Round);

    // The last round held in full, counted here on its own from the assessments.
    let last_full = &by_round.lines[18];
    let joint = |position: &str| {
        format!(
            "SELECT COUNT(*) FROM assessments a JOIN rounds r ON r.id = a.round_id \
             WHERE r.name = '{}' AND a.kind = 'joint' AND a.position = '{position}'",
            last_full.label
        )
    };
    let green = app.count(&joint("green")).await;
    let yellow = app.count(&joint("yellow")).await;
    let red = app.count(&joint("red")).await;
    assert!(
        green >= SUPPRESS_BELOW && yellow >= SUPPRESS_BELOW,
        "the demo has enough: {green} {yellow} {red}"
    );
    assert_eq!(last_full.joint.counts[0], ShownCount::Exact(green));
    assert_eq!(last_full.joint.counts[1], ShownCount::Exact(yellow));
    if red < SUPPRESS_BELOW {
        assert_eq!(
            last_full.joint.counts[2],
            ShownCount::FewerThan(SUPPRESS_BELOW)
        );
    }

    // No line anywhere shows a count below five, nor a share where a count is hidden.
    for scope in by_round.choices.iter().map(|c| c.scope.to_string()) {
        for by in ["round", "year"] {
            let r = report(&app, Some(&scope), Some(by)).await;
            for line in &r.lines {
                let counts = line.joint.counts.iter().chain([
                    &line.joint.total,
                    &line.meetings_held,
                    &line.still_open,
                    &line.overdue,
                    &line.action_plans,
                ]);
                for c in counts {
                    if let ShownCount::Exact(n) = c {
                        assert!(*n >= SUPPRESS_BELOW, "{scope} {by} {}: {c:?}", line.label);
                    }
                }
                for (count, share) in line.joint.counts.iter().zip(line.position_shares) {
                    if !matches!(count, ShownCount::Exact(_)) {
                        assert_eq!(share, None, "{scope} {} shares a hidden count", line.label);
                    }
                }
            }
        }
    }

    // By year: the rounds of a year added up, each year once, oldest first.
    let by_year = report(&app, Some("municipality"), Some("year")).await;
    let years: Vec<i32> = by_year
        .lines
        .iter()
        .map(|l| l.label.parse().unwrap())
        .collect();
    let mut sorted = years.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(years, sorted);
    let children: i64 = by_round.lines.iter().map(|l| l.children).sum();
    assert_eq!(
        by_year.lines.iter().map(|l| l.children).sum::<i64>(),
        children
    );
}

async fn a_bad_scope_or_grouping_is_a_clear_refusal(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    for (scope, by) in [
        (Some("child:1"), None),
        (Some("unit:nope"), None),
        (None, Some("week")),
    ] {
        let refused = app.rounds_report(scope, by).await.unwrap_err();
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{scope:?} {by:?}"
        );
        assert_eq!(refused.code(), Some(ProblemCode::UnknownChoice));
    }
    // A unit that does not exist is not found, as one of another municipality would be.
    let refused = app
        .rounds_report(
            Some(&format!("unit:{}", app::domain::UnitId::random())),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}
