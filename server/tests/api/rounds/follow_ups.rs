//! Follow-ups and counts: a concern opens a follow-up that turns overdue and is closed with a
//! date; ad hoc concerns outside a round; area counts that hide small numbers.

use super::support::*;
use crate::common::TestApp;
use crate::on_both_backends;
use app::assessment::{ChildTimeline, FollowUpView, UnitDashboard};
use app::backend::db::DbKind;
use app::domain::AssessmentContext::{HomeAndFamily, Learning};
use app::domain::Position::{Red, Yellow};
use app::domain::{AssessmentKind, ShownCount};
use app::error::ProblemCode;
use reqwest::StatusCode;
use time::macros::date;
use time::Duration;

on_both_backends!(
    a_follow_up_stays_open_turns_overdue_and_is_closed_with_a_date,
    an_ad_hoc_concern_outside_a_round_opens_a_follow_up,
    area_counts_hide_small_numbers_and_name_no_child,
);

async fn a_follow_up_stays_open_turns_overdue_and_is_closed_with_a_date(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = room.children[9];
    let note = "Meget træt om morgenen";
    app.save_adhoc(&adhoc(&room, child, Yellow, Learning, note))
        .await
        .expect("saved");
    let unit = app.unit_id("Skovbørnehaven Egern").await;
    let mine = |dashboard: &UnitDashboard| -> FollowUpView {
        dashboard
            .follow_ups
            .iter()
            .find(|f| f.child == child)
            .cloned()
            .expect("the follow-up is on the leader's list")
    };
    app.login_ok("leder").await;
    let dashboard = app.unit_dashboard(unit).await.expect("the dashboard");
    assert!(!mine(&dashboard).overdue);
    assert!(mine(&dashboard).done_on.is_none());

    app.clock.advance(Duration::days(15));
    app.login_ok("leder").await;
    let dashboard = app.unit_dashboard(unit).await.expect("the dashboard");
    let item = mine(&dashboard);
    assert!(item.overdue);
    let id = item.id;

    // Someone of another unit cannot touch it.
    app.login_ok("laerer").await;
    let refused = app.complete_follow_up(id, "2026-12-01").await.unwrap_err();
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    app.login_ok("leder").await;
    let refused = app.complete_follow_up(id, "2027-01-30").await.unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.code(), Some(ProblemCode::BadDate));
    app.complete_follow_up(id, "2026-12-01")
        .await
        .expect("done");
    let dashboard = app.unit_dashboard(unit).await.expect("the dashboard");
    let item = mine(&dashboard);
    assert_eq!(item.done_on, Some(date!(2026 - 12 - 01)));
    assert!(!item.overdue);
}

async fn an_ad_hoc_concern_outside_a_round_opens_a_follow_up(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let room = green_room(&app).await;
    let child = room.children[10];
    let note = "Fortæller om uro derhjemme";
    let saved = app
        .save_adhoc(&adhoc(&room, child, Red, HomeAndFamily, note))
        .await
        .expect("saved");
    assert_eq!(saved.follow_up_due, Some(date!(2026 - 12 - 07)));
    let id = saved.assessment;
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM assessments WHERE id = '{id}' AND round_id IS NULL AND kind = 'adhoc'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM follow_ups WHERE assessment_id = '{id}'"
        ))
        .await,
        1
    );
    let Ok(ChildTimeline::Staff(timeline)) = app.child_timeline(child).await else {
        panic!("the staff's timeline");
    };
    assert_eq!(timeline.entries[0].kind, AssessmentKind::Adhoc);
    assert_eq!(timeline.entries[0].position, Red);
}

async fn area_counts_hide_small_numbers_and_name_no_child(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("omraadeleder").await;
    let units = app.counts_overview().await.expect("the overview");
    assert_eq!(units.len(), 3, "the three units of Område Nord");
    let mut hidden = 0;
    for unit in &units {
        let counts = &unit.joint.counts;
        assert_eq!(counts.len(), 3);
        for shown in counts
            .iter()
            .chain([&unit.open_follow_ups, &unit.overdue_follow_ups])
        {
            match shown {
                ShownCount::Exact(value) => assert!(*value >= 5, "{unit:?}"),
                ShownCount::FewerThan(value) => {
                    assert_eq!(*value, 5);
                    hidden += 1;
                }
                ShownCount::Withheld => hidden += 1,
            }
        }
        // A hidden position count could be worked out from the total shown beside it: with
        // any one hidden, the total is not shown exactly (P6; the rule itself is proven for
        // every group of up to 30 in domain::suppression).
        let hidden_here = counts.iter().any(|c| !matches!(c, ShownCount::Exact(_)));
        if hidden_here {
            let shown_sum: i64 = counts
                .iter()
                .map(|c| match c {
                    ShownCount::Exact(n) => *n,
                    _ => 0,
                })
                .sum();
            assert!(
                !matches!(unit.joint.total, ShownCount::Exact(t) if t == shown_sum),
                "the total gives the hidden counts away: {unit:?}"
            );
        }
    }
    assert!(hidden > 0, "the demo has small counts to hide");
    let text = serde_json::to_string(&units).unwrap();
    for name in ["Alma", "Bertram", "Cecilie", "Bakkegaard"] {
        assert!(!text.contains(name), "a child's name leaked: {name}");
    }
    // A pedagogue has no overview at all.
    app.login_ok("paedagog").await;
    let units = app.counts_overview().await.expect("an empty overview");
    assert!(units.is_empty(), "{units:?}");
}
