//! What the leader follows (issue 16 items 5–6): meetings to hold, plans due and overdue, and
//! the parents' voice only from five answers; the area's counts hide small numbers.

use super::*;
use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::care::SaveMinutes;
use app::domain::{MeetingMinutes, ShownCount};
use reqwest::StatusCode;

on_both_backends!(
    the_leader_sees_meetings_to_hold_and_plans_due_with_the_overdue_marked,
    the_parents_voice_shows_from_the_fifth_answer_only,
);

async fn the_leader_sees_meetings_to_hold_and_plans_due_with_the_overdue_marked(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = family_child(&app).await;
    let unit = app.unit_id("Skovbørnehaven Egern").await;
    app.login_ok("paedagog").await;
    let meeting = app
        .propose_meeting(proposal(&app, child, &[3]))
        .await
        .expect("invited");
    let soon = app
        .save_plan(new_plan(child, plan_form(&app, "Snart", 5), None))
        .await
        .expect("a plan")
        .plan;
    let later = app
        .save_plan(new_plan(child, plan_form(&app, "Senere", 90), None))
        .await
        .expect("a plan")
        .plan;

    app.login_ok("leder").await;
    let care = app.unit_care(unit).await.expect("the leader's view");
    let held = care
        .meetings_to_hold
        .iter()
        .find(|m| m.id == meeting)
        .expect("to hold");
    assert_eq!((held.child, held.answered, held.invited), (child, 0, 1));
    assert!(care.plans_due.iter().any(|p| p.id == soon && !p.overdue));
    assert!(
        care.plans_due.iter().all(|p| p.id != later),
        "not due within 30 days"
    );

    app.clock.advance(Duration::days(6));
    app.login_ok("leder").await;
    let care = app.unit_care(unit).await.expect("the leader's view");
    assert!(care.plans_due.iter().any(|p| p.id == soon && p.overdue));
    let child_text = child.to_string();
    let named = app
        .audit("view_unit_dashboard")
        .await
        .into_iter()
        .filter(|row| row.1.as_deref() == Some(child_text.as_str()))
        .count();
    assert!(named >= 2, "each child named is logged: {named}");

    // The area leader counts, small numbers hidden; another unit finds nothing.
    app.login_ok("omraadeleder").await;
    app.unit_care(unit)
        .await
        .expect("the area leader follows the unit");
    let counts = app.counts_overview().await.expect("the overview");
    let egern = counts
        .iter()
        .find(|u| u.unit_name == "Skovbørnehaven Egern")
        .expect("the unit");
    assert_eq!(egern.meetings_to_hold, ShownCount::FewerThan(5));
    assert_eq!(egern.plans_overdue, ShownCount::FewerThan(5));
    app.login_ok("laerer").await;
    assert_eq!(
        app.unit_care(unit).await.unwrap_err().status,
        StatusCode::NOT_FOUND
    );
}

async fn the_parents_voice_shows_from_the_fifth_answer_only(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = family_child(&app).await;
    let unit = app.unit_id("Skovbørnehaven Egern").await;
    for n in 1..=5i64 {
        app.login_ok("paedagog").await;
        let meeting = app
            .propose_meeting(proposal(&app, child, &[n]))
            .await
            .expect("invited");
        let held = SaveMinutes {
            meeting,
            version: 1,
            minutes: MeetingMinutes::default(),
            held_on: Some(app.clock_today().to_string()),
        };
        app.save_minutes(held).await.expect("held");
        app.login_ok("forælder").await;
        app.meeting_feedback(meeting, 5, if n == 5 { 2 } else { 4 }, &format!("svar {n}"))
            .await
            .expect("given");
        app.login_ok("leder").await;
        let voice = app.unit_care(unit).await.expect("the leader's view").voice;
        if n < 5 {
            assert_eq!(voice.answers, ShownCount::FewerThan(5), "after {n}");
            assert!(voice.listened.is_none() && voice.comments.is_empty());
        } else {
            assert_eq!(voice.answers, ShownCount::Exact(5));
            assert_eq!(voice.listened.expect("shown").average_tenths, 50);
            assert_eq!(voice.knows_next.expect("shown").average_tenths, 36);
            assert_eq!(voice.comments.len(), 5);
        }
    }
}
