//! Action plans in SMTTE form: versions, conflicts, statuses, the parents' own view and their
//! acknowledgement, a guardian without custody, and a plan that follows an evaluation.

use super::*;
use crate::common::TestApp;
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::domain::ProblemCode;
use app::error::AppError;
use reqwest::StatusCode;

on_both_backends!(
    a_plan_is_made_at_the_meeting_and_every_change_is_a_new_version,
    parents_read_the_plan_and_add_their_own_view,
    a_plan_is_evaluated_closed_and_followed_by_a_new_one,
    a_plan_without_a_goal_or_who_is_refused_and_nothing_is_saved,
);

async fn a_plan_is_made_at_the_meeting_and_every_change_is_a_new_version(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = family_child(&app).await;
    app.login_ok("paedagog").await;
    let meeting = app
        .propose_meeting(proposal(&app, child, &[1]))
        .await
        .expect("invited");
    let form = plan_form(&app, "Leger med andre børn i garderoben", 42);
    let saved = app
        .save_plan(new_plan(child, form.clone(), Some(meeting)))
        .await
        .expect("a new plan");
    assert_eq!(saved.version, 1);
    assert_eq!(staff_meeting(&app, meeting).await.plans.len(), 1);

    // Two tablets start from version 1; the second save is a conflict and writes nothing.
    let mut changed = form.clone();
    changed.goals = "Leger med to andre børn hver dag".to_owned();
    let mut first = new_plan(child, changed, None);
    first.plan = Some(saved.plan);
    first.version = 1;
    let v2 = app.save_plan(first.clone()).await.expect("version 2");
    assert_eq!(v2.version, 2);
    let mut other = first.clone();
    other.form.signs = "Fra den anden tablet".to_owned();
    let refused = app.save_plan(other).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(matches!(refused.error, AppError::Conflict { .. }));

    let plan = staff_plan(&app, saved.plan).await;
    assert_eq!(plan.version, 2);
    assert_eq!(
        plan.content.signs, form.signs,
        "the stale save changed nothing"
    );
    let newest = &plan.versions[0];
    assert_eq!(
        (newest.version, newest.changed.clone()),
        (2, vec!["goals".to_owned()])
    );
    assert_eq!(plan.versions.len(), 2);
    assert_eq!(plan.meeting, Some(meeting));
    assert!(!plan.overdue);

    // On the leader's day after the evaluation date, it stands out.
    app.clock.advance(Duration::days(43));
    app.login_ok("paedagog").await;
    assert!(staff_plan(&app, saved.plan).await.overdue);
    let listed = staff_care(&app, child).await;
    assert!(listed.plans.iter().any(|p| p.id == saved.plan && p.overdue));
}

async fn parents_read_the_plan_and_add_their_own_view(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = family_child(&app).await;
    app.login_ok("paedagog").await;
    let form = plan_form(&app, "Leger med andre børn", 30);
    let saved = app
        .save_plan(new_plan(child, form.clone(), None))
        .await
        .expect("a plan");

    app.login_ok("forælder").await;
    let seen = parent_plan(&app, saved.plan).await;
    assert_eq!(
        (seen.version, seen.read_on, seen.may_contribute),
        (1, None, true)
    );
    let text = serde_json::to_string(&seen).expect("serialises");
    let staff_name = app
        .scalar_text(
            "SELECT display_name FROM users WHERE username = $1",
            "paedagog",
        )
        .await;
    assert!(
        !text.contains(&staff_name),
        "a staff name reached a parent: {text}"
    );
    assert!(parent_care(&app, child)
        .await
        .plans
        .iter()
        .any(|p| p.unread));
    let to_read = |news: app::wire::parent::ParentNews| {
        news.children
            .iter()
            .find(|c| c.id == child)
            .expect("her child")
            .plans_to_read
    };
    assert_eq!(to_read(app.parent_news().await.expect("news")), 1);
    let day = app.mark_plan_read(saved.plan, 1).await.expect("read");
    assert_eq!(to_read(app.parent_news().await.expect("news")), 0);
    assert_eq!(day, app.clock_today());
    app.plan_own_view(saved.plan, "Vi øver også hjemme")
        .await
        .expect("her view");
    assert!(parent_care(&app, child)
        .await
        .plans
        .iter()
        .all(|p| !p.unread));

    // The parent without custody reads it and marks it read, but adds no view of her own.
    app.login_ok("forælder2").await;
    let seen = parent_plan(&app, saved.plan).await;
    assert!(!seen.may_contribute);
    assert!(
        seen.my_view.is_empty(),
        "the other parent's view is not shown"
    );
    let refused = app.plan_own_view(saved.plan, "Mit syn").await.unwrap_err();
    assert_eq!(refused.code(), Some(ProblemCode::NeedsCustody));
    app.mark_plan_read(saved.plan, 1).await.expect("read");

    // Staff see both readings and her view; a new version makes the readings old.
    app.login_ok("paedagog").await;
    let plan = staff_plan(&app, saved.plan).await;
    assert_eq!(plan.parents.len(), 2);
    assert!(plan
        .parents
        .iter()
        .all(|p| p.read_current && p.read_on.is_some()));
    assert!(plan
        .parents
        .iter()
        .any(|p| p.own_view == "Vi øver også hjemme"));
    let mut next = new_plan(child, form, None);
    next.plan = Some(saved.plan);
    next.version = 1;
    next.form.signs = "Leger med andre i garderoben og på legepladsen".to_owned();
    app.save_plan(next).await.expect("version 2");
    let plan = staff_plan(&app, saved.plan).await;
    assert!(plan.parents.iter().all(|p| !p.read_current));

    // Marking an old version read is a conflict: she read something else.
    app.login_ok("forælder").await;
    let refused = app.mark_plan_read(saved.plan, 1).await.unwrap_err();
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(parent_care(&app, child)
        .await
        .plans
        .iter()
        .any(|p| p.unread));
}

async fn a_plan_is_evaluated_closed_and_followed_by_a_new_one(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = family_child(&app).await;
    app.login_ok("paedagog").await;
    let form = plan_form(&app, "Leger med andre børn", 30);
    let saved = app
        .save_plan(new_plan(child, form.clone(), None))
        .await
        .expect("a plan");
    let mut evaluate = new_plan(child, form.clone(), None);
    evaluate.plan = Some(saved.plan);
    evaluate.version = 1;
    evaluate.status = PlanStatus::Evaluated;
    let refused = app.save_plan(evaluate.clone()).await.unwrap_err();
    assert_eq!(
        refused.codes(),
        vec![ProblemCode::Missing],
        "what came of it"
    );
    evaluate.form.evaluation = "Hun leger nu med to faste venner".to_owned();
    app.save_plan(evaluate.clone()).await.expect("evaluated");
    assert_eq!(
        staff_plan(&app, saved.plan).await.status,
        PlanStatus::Evaluated
    );

    // Backwards is refused.
    let mut back = evaluate.clone();
    back.version = 2;
    back.status = PlanStatus::Active;
    let refused = app.save_plan(back).await.unwrap_err();
    assert_eq!(refused.code(), Some(ProblemCode::BadStatus));

    // A new plan follows the evaluated one; then the old one is closed and read only.
    let mut follow = new_plan(child, plan_form(&app, "Leger i større grupper", 60), None);
    follow.follows = Some(saved.plan);
    let next = app.save_plan(follow).await.expect("a following plan");
    assert_eq!(staff_plan(&app, next.plan).await.follows, Some(saved.plan));
    let mut close = evaluate;
    close.version = 2;
    close.status = PlanStatus::Closed;
    app.save_plan(close.clone()).await.expect("closed");
    close.version = 3;
    let refused = app.save_plan(close).await.unwrap_err();
    assert_eq!(refused.code(), Some(ProblemCode::Closed));
    app.login_ok("forælder").await;
    assert!(!parent_plan(&app, saved.plan).await.may_contribute);
    let refused = app.plan_own_view(saved.plan, "Sent syn").await.unwrap_err();
    assert_eq!(refused.code(), Some(ProblemCode::Closed));
}

async fn a_plan_without_a_goal_or_who_is_refused_and_nothing_is_saved(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = family_child(&app).await;
    app.login_ok("paedagog").await;
    let plans = || app.count("SELECT COUNT(*) FROM action_plans");
    let versions = || app.count("SELECT COUNT(*) FROM action_plan_versions");
    let before = (plans().await, versions().await);
    let mut form = plan_form(&app, "", 30);
    form.evaluate_on = String::new();
    form.actions[0].who = " ".to_owned();
    let refused = app
        .save_plan(new_plan(child, form, None))
        .await
        .unwrap_err();
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.codes(),
        vec![
            ProblemCode::Missing,
            ProblemCode::Missing,
            ProblemCode::Missing
        ]
    );
    let mut past = plan_form(&app, "Et mål", 0);
    past.evaluate_on = app.clock_today().to_string();
    let refused = app
        .save_plan(new_plan(child, past, None))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Some(ProblemCode::TooEarly));
    // A new plan starts active.
    let mut evaluated = new_plan(child, plan_form(&app, "Et mål", 30), None);
    evaluated.status = PlanStatus::Evaluated;
    let refused = app.save_plan(evaluated).await.unwrap_err();
    assert_eq!(refused.code(), Some(ProblemCode::BadStatus));
    assert_eq!((plans().await, versions().await), before, "nothing saved");
}
