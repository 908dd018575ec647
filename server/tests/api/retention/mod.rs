//! The retention job (SECURITY R1–R3) through the real server on both databases: items are
//! registered with the server functions, the test clock jumps years, and the job is run by
//! the function `tvaers retention run` and the server's daily task call.

use crate::care::{family_child, new_plan, plan_form, proposal};
use crate::care::{staff_meeting, staff_plan};
use crate::common::{postgres_url, TestApp, START};
use crate::on_both_backends;
use crate::rounds::support::{individual, Room};
use app::assessment::{AdhocInput, Draft};
use app::backend::db::DbKind;
use app::backend::retention::{self, AuditPruner, Report};
use app::domain::{
    deleted_on, due_before, AssessmentContext, ChildId, IdempotencyKey, MeetingId, PlanId,
    Position, RoundId, TransferRules,
};
use app::wire::assessment::ChildTimeline;
mod audit;
mod once_a_day;
mod refusals;
mod report_counts;
mod restore;

use sqlx::Row;
use time::{Date, Duration};

on_both_backends!(
    each_registration_goes_on_the_day_shown_and_an_edit_does_not_move_it,
    a_municipalitys_own_period_is_honoured,
    a_child_who_left_keeps_each_registration_until_its_own_day_and_no_longer,
);

/// The tables the job deletes from, with how a row's registration is found.
const KINDS: [(&str, &str); 8] = [
    (
        "follow_ups",
        "SELECT COUNT(*) FROM follow_ups f JOIN assessments a ON a.id = f.assessment_id \
         WHERE a.created_at",
    ),
    (
        "assessments",
        "SELECT COUNT(*) FROM assessments WHERE created_at",
    ),
    (
        "action_plans",
        "SELECT COUNT(*) FROM action_plans WHERE created_at",
    ),
    (
        "focus_meetings",
        "SELECT COUNT(*) FROM focus_meetings WHERE created_at",
    ),
    ("consents", "SELECT COUNT(*) FROM consents WHERE created_at"),
    (
        "transitions",
        "SELECT COUNT(*) FROM transitions WHERE created_at",
    ),
    (
        "handovers",
        "SELECT COUNT(*) FROM handovers WHERE created_at",
    ),
    (
        "language_assessments",
        "SELECT COUNT(*) FROM language_assessments WHERE created_at",
    ),
];

/// The connection that may prune the audit log, as `tvaers serve` makes it: on PostgreSQL the
/// owner (here the tests' superuser, who migrated the schema), never the server's own role.
async fn pruner(app: &TestApp) -> AuditPruner {
    pruner_on(&app.db, app.scratch()).await
}

/// [`pruner`] for a database a test opened itself (after a restore, say).
async fn pruner_on(db: &app::backend::db::Db, scratch: &crate::common::Scratch) -> AuditPruner {
    match scratch.postgres_schema() {
        Some(schema) => AuditPruner {
            pool: app::backend::connection::connect_single(
                &postgres_url(),
                Some(schema.to_owned()),
            )
            .await
            .expect("the owner connects"),
            kind: DbKind::Postgres,
        },
        None => AuditPruner::of(db),
    }
}

/// Runs the job at the test clock's now, with the installation's default of five years.
async fn run_job(app: &TestApp) -> Report {
    let pruner = pruner(app).await;
    let report = retention::run(&app.db, &pruner, &app.clock, 5)
        .await
        .expect("the job runs");
    if pruner.kind == DbKind::Postgres {
        pruner.pool.close().await;
    }
    report
}

/// Moves the test clock to 08:00 UTC on `day`.
fn jump_to(app: &TestApp, day: Date) {
    let now = app::backend::clock::Clock::now(&app.clock);
    app.clock
        .advance(day.with_hms(8, 0, 0).unwrap().assume_utc() - now);
}

async fn exists(app: &TestApp, table: &str, id: impl std::fmt::Display) -> bool {
    app.count(&format!("SELECT COUNT(*) FROM {table} WHERE id = '{id}'"))
        .await
        == 1
}

/// A yellow ad hoc concern for the child by `paedagog`, which opens a follow-up. Ad hoc, so it
/// needs no open round in the years the clock jumps to.
async fn raise_concern(app: &TestApp, child: ChildId) {
    let group = group_of(app, child).await;
    app.login_ok("paedagog").await;
    let draft = Draft {
        key: IdempotencyKey::random(),
        group,
        child,
        position: Position::Yellow,
        context: AssessmentContext::PlayWithPeers,
        note: "Leger mest alene i garderoben".to_owned(),
    };
    app.save_adhoc(&AdhocInput { draft })
        .await
        .expect("the concern is saved");
}

/// The group the child was first placed in.
async fn group_of(app: &TestApp, child: ChildId) -> app::domain::GroupId {
    app.scalar_text(
        "SELECT group_id FROM enrolments WHERE child_id = $1 ORDER BY starts_on LIMIT 1",
        child,
    )
    .await
    .parse()
    .expect("a group id")
}

/// The child's most recent ad hoc position (the demo's open round may hold individual
/// positions registered later the same day).
async fn newest_adhoc(app: &TestApp, child: ChildId) -> String {
    app.scalar_text(
        "SELECT id FROM assessments WHERE child_id = $1 AND kind = 'adhoc' \
         ORDER BY created_at DESC LIMIT 1",
        child,
    )
    .await
}

/// `paedagog`'s individual position about the child in the round (one at most, SECURITY O7).
async fn own_individual(app: &TestApp, child: ChildId, round: RoundId) -> String {
    let sql = format!(
        "SELECT a.id FROM assessments a JOIN users u ON u.id = a.assessor_id \
         WHERE a.child_id = $1 AND a.kind = 'individual' AND u.username = 'paedagog' \
         AND a.round_id = '{round}'"
    );
    app.scalar_text(&sql, child).await
}

/// The newest assessment of the child and its follow-up.
async fn newest_concern(app: &TestApp, child: ChildId) -> (String, String) {
    let assessment = newest_adhoc(app, child).await;
    let follow_up = app
        .scalar_text(
            "SELECT id FROM follow_ups WHERE assessment_id = $1",
            &assessment,
        )
        .await;
    (assessment, follow_up)
}

/// The deletion day the child's timeline shows for an assessment.
async fn shown_on_timeline(app: &TestApp, child: ChildId, assessment: &str) -> Date {
    let Ok(ChildTimeline::Staff(timeline)) = app.child_timeline(child).await else {
        panic!("the staff timeline");
    };
    let entry = timeline
        .entries
        .iter()
        .find(|e| e.id.to_string() == assessment);
    entry.expect("the assessment is on the timeline").deleted_on
}

/// A concern, a meeting and a plan for the child by `paedagog`, now.
async fn register(app: &TestApp, child: ChildId) -> (String, String, MeetingId, PlanId) {
    raise_concern(app, child).await;
    let (assessment, follow_up) = newest_concern(app, child).await;
    let meeting = app
        .propose_meeting(proposal(app, child, &[7]))
        .await
        .expect("a meeting");
    let form = plan_form(app, "Leger med andre børn", 60);
    let plan = app
        .save_plan(new_plan(child, form, Some(meeting)))
        .await
        .expect("a plan")
        .plan;
    (assessment, follow_up, meeting, plan)
}

/// The custody holder downloads everything registered: a dated handover row.
async fn download_everything_registered(app: &TestApp, child: ChildId) {
    app.login_ok("forælder").await;
    let res = app.get(&format!("/records/{child}")).await;
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    app.login_ok("paedagog").await;
}

/// Rows of each kind registered before and from `before`.
async fn split_at(app: &TestApp, before: i64) -> Vec<(&'static str, i64, i64)> {
    let mut counts = Vec::new();
    for (category, count) in KINDS {
        let older = app.count(&format!("{count} < {before}")).await;
        let newer = app.count(&format!("{count} >= {before}")).await;
        counts.push((category, older, newer));
    }
    counts
}

async fn each_registration_goes_on_the_day_shown_and_an_edit_does_not_move_it(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = family_child(&app).await;
    // The demo's language assessments were imported in earlier autumns; one is registered today,
    // as this autumn's import would, so that kind too has a row that is due on the day shown.
    sqlx::query(&format!(
        "UPDATE language_assessments SET created_at = {} \
         WHERE id = (SELECT MIN(id) FROM language_assessments)",
        START.unix_timestamp()
    ))
    .execute(app.db.pool())
    .await
    .expect("one language assessment registered today");
    let (a1, f1, m1, p1) = register(&app, child).await;
    download_everything_registered(&app, child).await;
    // An individual position in the open round, changed a week later: the change moves its
    // `assessed_on`, never its deletion day.
    let room = Room::of(&app, group_of(&app, child).await).await;
    let first = individual(
        IdempotencyKey::random(),
        &room,
        child,
        Position::Green,
        "Leger",
        None,
    );
    app.save_individual(&first)
        .await
        .expect("an individual position");
    let i1 = own_individual(&app, child, room.round).await;
    jump_to(&app, START.date() + Duration::days(7));
    app.login_ok("paedagog").await;
    let changed = individual(
        IdempotencyKey::random(),
        &room,
        child,
        Position::Yellow,
        "Alene",
        Some(1),
    );
    app.save_individual(&changed).await.expect("the change");
    let changed_once =
        format!("SELECT COUNT(*) FROM assessments WHERE id = '{i1}' AND version = 2");
    assert_eq!(app.count(&changed_once).await, 1, "changed, not added");

    // A year later the plan gets a new version; then a fresh registration of each kind.
    jump_to(&app, START.date() + Duration::days(365));
    app.login_ok("paedagog").await;
    let mut edit = new_plan(child, plan_form(&app, "Leger med to andre børn", 30), None);
    (edit.plan, edit.version) = (Some(p1), 1);
    app.save_plan(edit).await.expect("version 2");
    let (a2, f2, m2, p2) = register(&app, child).await;
    download_everything_registered(&app, child).await;

    // Every page shows the registration day five years on, the edit notwithstanding.
    let shown = deleted_on(START.date(), 5);
    assert_eq!(shown_on_timeline(&app, child, &a1).await, shown);
    assert_eq!(shown_on_timeline(&app, child, &i1).await, shown);
    assert_eq!(staff_meeting(&app, m1).await.deleted_on, shown);
    assert_eq!(staff_plan(&app, p1).await.deleted_on, shown);

    // The day before, nothing of it goes.
    jump_to(&app, shown - Duration::days(1));
    run_job(&app).await;
    assert!(exists(&app, "assessments", &a1).await && exists(&app, "follow_ups", &f1).await);
    assert!(exists(&app, "assessments", &i1).await);
    assert!(exists(&app, "focus_meetings", m1).await && exists(&app, "action_plans", p1).await);

    // On the day shown it goes, with its children; the fresh ones stay.
    jump_to(&app, shown);
    let before = due_before(shown, 5);
    let split = split_at(&app, before).await;
    let report = run_job(&app).await;
    assert!(!exists(&app, "assessments", &a1).await && !exists(&app, "follow_ups", &f1).await);
    assert!(
        !exists(&app, "assessments", &i1).await,
        "the changed position went on its first day"
    );
    assert!(!exists(&app, "focus_meetings", m1).await && !exists(&app, "action_plans", p1).await);
    let children_of_p1 =
        format!("SELECT COUNT(*) FROM action_plan_versions WHERE plan_id = '{p1}'");
    assert_eq!(
        app.count(&children_of_p1).await,
        0,
        "the plan's versions went with it"
    );
    let times_of_m1 = format!("SELECT COUNT(*) FROM meeting_times WHERE meeting_id = '{m1}'");
    assert_eq!(
        app.count(&times_of_m1).await,
        0,
        "the meeting's times went with it"
    );
    assert!(exists(&app, "assessments", &a2).await && exists(&app, "follow_ups", &f2).await);
    assert!(exists(&app, "focus_meetings", m2).await && exists(&app, "action_plans", p2).await);

    // Exactly what was due went, in every table (the demo's consents, transition descriptions
    // and handovers too); the report and the deletion log count it.
    let run = &report.municipalities[0];
    assert_eq!(run.registered_before, before);
    for (category, older, newer) in &split {
        let after = split_at(&app, before).await;
        let now = after.iter().find(|(c, ..)| c == category).unwrap();
        assert_eq!(
            (now.1, now.2),
            (0, *newer),
            "{category}: only the due rows go"
        );
        let reported = run.deleted.iter().find(|(c, _)| c == category).unwrap().1;
        assert_eq!(reported as i64, *older, "{category}: the count");
        assert!(
            *older > 0,
            "{category}: the demo and this test registered some in time"
        );
    }
    assert_log_holds_the_counts_and_nothing_else(&app, &report).await;
}

/// The deletion log of the last run: a line per category with the report's count, and no
/// column that could hold content or a child's id.
async fn assert_log_holds_the_counts_and_nothing_else(app: &TestApp, report: &Report) {
    let rows = sqlx::query(
        "SELECT category, deleted, municipality_id FROM deletion_log WHERE ran_at = $1 \
         AND municipality_id IS NOT NULL ORDER BY category",
    )
    .bind(report.ran_at)
    .fetch_all(app.db.pool())
    .await
    .expect("the log");
    let mut logged: Vec<(String, i64)> = rows
        .iter()
        .map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1)))
        .collect();
    let mut reported: Vec<(String, i64)> = report.municipalities[0]
        .deleted
        .iter()
        .map(|(c, n)| (c.to_string(), *n as i64))
        .collect();
    reported.sort();
    logged.sort();
    assert_eq!(logged, reported);
    let municipality = report.municipalities[0].municipality.to_string();
    assert!(rows.iter().all(|r| r.get::<String, _>(2) == municipality));
    let columns: Vec<String> = sqlx::query("SELECT * FROM deletion_log LIMIT 1")
        .fetch_one(app.db.pool())
        .await
        .expect("a line")
        .columns()
        .iter()
        .map(|c| sqlx::Column::name(c).to_owned())
        .collect();
    let expected = [
        "id",
        "ran_at",
        "municipality_id",
        "category",
        "registered_before",
        "deleted",
    ];
    assert_eq!(
        columns, expected,
        "when, where, what kind, how many: nothing else"
    );
}

async fn a_municipalitys_own_period_is_honoured(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("admin").await;
    let rules = TransferRules {
        retention_years: Some(3),
        ..TransferRules::default()
    };
    app.save_transfer_rules(rules).await.expect("saved");
    let child = family_child(&app).await;
    let (a1, _, m1, p1) = register(&app, child).await;
    let shown = shown_on_timeline(&app, child, &a1).await;
    assert_eq!(shown, deleted_on(START.date(), 3));

    jump_to(&app, shown - Duration::days(1));
    run_job(&app).await;
    assert!(exists(&app, "assessments", &a1).await && exists(&app, "action_plans", p1).await);

    jump_to(&app, shown);
    let report = run_job(&app).await;
    assert_eq!(report.municipalities[0].years, 3);
    assert_eq!(
        report.municipalities[0].registered_before,
        due_before(shown, 3)
    );
    assert!(!exists(&app, "assessments", &a1).await);
    assert!(!exists(&app, "focus_meetings", m1).await && !exists(&app, "action_plans", p1).await);
}

async fn a_child_who_left_keeps_each_registration_until_its_own_day_and_no_longer(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let child = family_child(&app).await;
    raise_concern(&app, child).await;
    let (first, _) = newest_concern(&app, child).await;
    jump_to(&app, START.date() + Duration::days(200));
    raise_concern(&app, child).await;
    let (last, _) = newest_concern(&app, child).await;
    // The child leaves the municipality ten days after its last registration: its placement
    // ends and no other follows (the children import's `slutdato`).
    let left = (app.clock_today() + Duration::days(10)).to_string();
    sqlx::query("UPDATE enrolments SET ends_on = $1 WHERE child_id = $2")
        .bind(&left)
        .bind(child.to_string())
        .execute(app.db.pool())
        .await
        .expect("the child leaves");

    // Leaving deletes nothing early: five years after the leaving is not the rule either.
    jump_to(&app, START.date() + Duration::days(300));
    run_job(&app).await;
    assert!(exists(&app, "assessments", &first).await);

    // The first registration goes on its own day; the last one stays until its own.
    jump_to(&app, deleted_on(START.date(), 5));
    run_job(&app).await;
    assert!(!exists(&app, "assessments", &first).await);
    assert!(exists(&app, "assessments", &last).await);

    let last_day = deleted_on(START.date() + Duration::days(200), 5);
    jump_to(&app, last_day - Duration::days(1));
    run_job(&app).await;
    assert!(exists(&app, "assessments", &last).await);
    jump_to(&app, last_day);
    run_job(&app).await;
    let of_child = |table: &str| format!("SELECT COUNT(*) FROM {table} WHERE child_id = '{child}'");
    for table in [
        "assessments",
        "follow_ups",
        "focus_meetings",
        "action_plans",
    ] {
        assert_eq!(app.count(&of_child(table)).await, 0, "{table}: all gone");
    }
}
