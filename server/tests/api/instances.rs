//! More than one server on one database (issue 18 item 7): a municipality that outgrows one
//! machine runs several instances behind a load balancer, so nothing a request relies on may
//! live in one process. Two servers here share one database, each with pools, write queue,
//! audit writer and clock of its own; a browser's requests alternate between them. (The daily
//! job's once-per-day claim has its test beside the job's, `retention/once_a_day.rs`.)

use crate::common::{AnswerExt, TestApp, DEMO_PASSWORD};
use crate::on_both_backends;
use crate::rounds::support::{green_room, individual, key};
use app::backend::db::DbKind;
use app::backend::state::Settings;
use app::domain::Position::{Green, Yellow};
use app::wire::assessment::ChildTimeline;
use reqwest::StatusCode;

on_both_backends!(
    saves_and_reads_alternating_between_two_servers_see_each_other,
    a_session_begun_on_one_server_works_and_ends_on_the_other,
    wrong_passwords_on_two_servers_count_together,
);

/// The notes on a child's timeline as staff see it.
async fn notes(app: &TestApp, child: app::domain::ChildId) -> Vec<String> {
    match app.child_timeline(child).await.expect("the timeline") {
        ChildTimeline::Staff(timeline) => timeline.entries.into_iter().map(|e| e.note).collect(),
        ChildTimeline::Parent(_) => panic!("a pedagogue sees the staff timeline"),
    }
}

async fn saves_and_reads_alternating_between_two_servers_see_each_other(kind: DbKind) {
    let a = TestApp::spawn(kind).await;
    let b = a.spawn_beside().await;
    a.login_ok("paedagog").await;
    b.set_session_token(a.session_token());
    let room = green_room(&a).await;
    for (i, child) in room.children.iter().take(6).enumerate() {
        let (writer, reader) = if i % 2 == 0 { (&a, &b) } else { (&b, &a) };
        let note = format!("Gemmes på server {}", i % 2);
        let input = individual(key(), &room, *child, Green, &note, None);
        writer.save_individual(&input).await.expect("saved");
        assert!(
            notes(reader, *child).await.contains(&note),
            "the other server reads save {i} at once"
        );
    }
    // A tablet whose answer was lost sends the same save again, through the other server: the
    // same answer, one row.
    let child = room.children[6];
    let input = individual(key(), &room, child, Yellow, "Sendt to gange", None);
    let first = a.save_individual(&input).await.expect("saved");
    let again = b.save_individual(&input).await.expect("the replay answers");
    assert_eq!(first, again, "the replay gets the first answer");
    let rows = a
        .count(&format!(
            "SELECT COUNT(*) FROM assessments WHERE child_id = '{child}' AND note = 'Sendt to gange'"
        ))
        .await;
    assert_eq!(rows, 1, "stored once");
    // A conflicting edit on the other server is refused as on one: the row is at version 1.
    let stale = individual(key(), &room, child, Green, "Forældet", Some(4));
    assert_eq!(
        b.save_individual(&stale).await.status(),
        StatusCode::CONFLICT,
        "an edit from an older version is refused whichever server gets it"
    );
}

async fn a_session_begun_on_one_server_works_and_ends_on_the_other(kind: DbKind) {
    let a = TestApp::spawn(kind).await;
    let b = a.spawn_beside().await;
    a.login_ok("laerer").await;
    b.set_session_token(a.session_token());
    let me = b
        .whoami()
        .await
        .expect("an answer")
        .expect("signed in on the other server");
    assert_eq!(me.username, "laerer");
    b.logout().await.expect("signed out on the other server");
    assert_eq!(
        a.whoami().await,
        Ok(None),
        "signing out on one server ends the session on every server"
    );
}

async fn wrong_passwords_on_two_servers_count_together(kind: DbKind) {
    let a = TestApp::spawn(kind).await;
    let b = a.spawn_beside().await;
    let limit = Settings::default().lockout_failures;
    for i in 0..limit {
        let server = if i % 2 == 0 { &a } else { &b };
        let answer = server.login("laerer", &format!("forkert-{i}")).await;
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    for (name, server) in [("first", &a), ("second", &b)] {
        assert_eq!(
            server.login("laerer", DEMO_PASSWORD).await.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "the {name} server refuses the account the two servers' failures locked"
        );
    }
}

/// Instances started together on a fresh PostgreSQL schema (a deployment rolling out several
/// at once): each migrates and grants as the owner, one at a time, and both come up. PostgreSQL
/// only: several instances share one PostgreSQL; a SQLite file is one server's (docs/OPERATIONS.md).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_starting_together_on_a_fresh_database_both_come_up() {
    use crate::common::{postgres_scratch_with_role, postgres_url, postgres_url_as};
    let (schema, role, _scratch) = postgres_scratch_with_role().await;
    let open = || {
        let (app_url, owner_url, schema) = (postgres_url_as(&role), postgres_url(), schema.clone());
        async move { tvaers::database::open(&app_url, Some(&owner_url), Some(schema)).await }
    };
    let (one, two, three) = tokio::join!(open(), open(), open());
    for (n, opened) in [one, two, three].into_iter().enumerate() {
        let db = opened.unwrap_or_else(|err| panic!("instance {n} starts: {err:#}"));
        assert!(
            tvaers::migrate::pending(&db)
                .await
                .expect("readable")
                .is_empty(),
            "instance {n} sees every migration applied"
        );
        db.close().await;
    }
}
