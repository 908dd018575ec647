//! The storage guarantees behind every feature (SECURITY D1, D2, L2).

use crate::common::{AnswerExt, TestApp, DEMO_PASSWORD};
use crate::on_both_backends;
use app::backend::db::DbKind;
use app::domain::GroupId;
use reqwest::StatusCode;
use std::sync::Arc;

on_both_backends!(
    fifty_concurrent_write_transactions_all_commit,
    fifty_people_signing_in_at_once_all_get_in,
    the_audit_log_refuses_changes_and_deletions,
    forty_reads_at_once_each_leave_their_audit_row_before_they_answer,
    a_page_is_read_and_audited_while_a_long_save_holds_the_write_lock,
);

async fn fifty_concurrent_write_transactions_all_commit(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    let written = "SELECT COUNT(*) FROM login_attempts WHERE username LIKE 'test_write_%'";
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..50_i64 {
        let db = app.db.clone();
        tasks.spawn(async move {
            let mut tx = db.begin_write().await?;
            // Read, then write in the same transaction: the pattern that fails with "database
            // is locked" when a SQLite transaction does not take the write lock up front.
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_attempts")
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO login_attempts (username, at, succeeded) VALUES ($1, $2, 0)")
                .bind(format!("test_write_{i}_{n}"))
                .bind(i)
                .execute(&mut *tx)
                .await?;
            tx.commit().await
        });
    }
    let mut failures = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        if let Err(err) = joined.expect("task runs") {
            failures.push(err.to_string());
        }
    }
    assert!(failures.is_empty(), "writers failed: {failures:?}");
    assert_eq!(app.count(written).await, 50);
}

async fn fifty_people_signing_in_at_once_all_get_in(kind: DbKind) {
    let app = Arc::new(TestApp::spawn(kind).await);
    let users = [
        "paedagog",
        "paedagog2",
        "laerer",
        "dagplejer",
        "vuggepaedagog",
    ];
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..50 {
        let client = app.raw().clone();
        let url = app.url("/api/login");
        let user = users[i % users.len()];
        tasks.spawn(async move {
            client
                .post(url)
                .form(&[("username", user), ("password", DEMO_PASSWORD)])
                .send()
                .await
                .map(|r| r.status())
        });
    }
    while let Some(joined) = tasks.join_next().await {
        assert_eq!(joined.expect("task runs").expect("request"), StatusCode::OK);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 50);
    assert_eq!(
        app.audit_count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND outcome = 'succeeded'"
        )
        .await,
        50
    );
}

async fn the_audit_log_refuses_changes_and_deletions(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("leder").await;
    let rows = app.audit_count("SELECT COUNT(*) FROM audit_log").await;
    assert!(rows > 0);
    let update = sqlx::query("UPDATE audit_log SET outcome = 'failed'")
        .execute(app.db.audit_pool())
        .await;
    assert!(update.is_err(), "an audit row cannot be changed");
    let delete = sqlx::query("DELETE FROM audit_log")
        .execute(app.db.audit_pool())
        .await;
    assert!(delete.is_err(), "an audit row cannot be deleted");
    assert_eq!(
        app.audit_count("SELECT COUNT(*) FROM audit_log").await,
        rows
    );
}

/// The id of the demo's "Grønne stue".
async fn green_room(app: &TestApp) -> GroupId {
    app.scalar_text("SELECT id FROM child_groups WHERE name = $1", "Grønne stue")
        .await
        .parse()
        .expect("a group id")
}

/// Audit rows of concurrent requests are committed together (group commit); none may be lost
/// or left for later: each request answers only once its row is stored.
async fn forty_reads_at_once_each_leave_their_audit_row_before_they_answer(kind: DbKind) {
    let app = Arc::new(TestApp::spawn(kind).await);
    app.login_ok("paedagog").await;
    let group = green_room(&app).await;
    let listed = "SELECT COUNT(*) FROM audit_log WHERE action = 'list_unit_children' \
                  AND outcome = 'allowed'";
    let before = app.audit_count(listed).await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..40 {
        let app = app.clone();
        tasks.spawn(async move {
            let grid = app.group_round(group).await;
            let answered = std::time::Instant::now();
            assert_eq!(grid.status(), StatusCode::OK, "{grid:?}");
            // Counted after this answer arrived: by then every request answered so far,
            // this one included, must have its row committed.
            (answered, app.audit_count(listed).await)
        });
    }
    let mut seen = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        seen.push(joined.expect("task runs"));
    }
    seen.sort_by_key(|(answered, _)| *answered);
    for (k, (_, rows)) in seen.iter().enumerate() {
        assert!(
            *rows > before + k as i64,
            "answer {} of 40 saw {} new rows: {seen:?}",
            k + 1,
            rows - before
        );
    }
    assert_eq!(app.audit_count(listed).await, before + 40);
}

/// Reading is audited, but the audit row does not queue for the lock the saves take (on
/// SQLite: the audit log is a file of its own). Before, a page waited for every save ahead.
async fn a_page_is_read_and_audited_while_a_long_save_holds_the_write_lock(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("paedagog").await;
    let group = green_room(&app).await;
    let listed = "SELECT COUNT(*) FROM audit_log WHERE action = 'list_unit_children'";
    let before = app.audit_count(listed).await;
    let mut held = app.db.begin_write().await.expect("write lock");
    sqlx::query("INSERT INTO login_attempts (username, at, succeeded) VALUES ('held', 0, 0)")
        .execute(&mut *held)
        .await
        .expect("write under the lock");
    // Without its own lock the audit row waits for `held` (SQLite's busy timeout is 10 s);
    // five seconds is only the bound on this test's patience, not a speed target.
    let grid = tokio::time::timeout(std::time::Duration::from_secs(5), app.group_round(group))
        .await
        .expect("the page answers while the save holds the write lock");
    assert_eq!(grid.status(), StatusCode::OK, "{grid:?}");
    assert_eq!(app.audit_count(listed).await, before + 1);
    held.rollback().await.expect("rollback");
}

/// An installation from before the audit log had its own SQLite file keeps every row, ids and
/// all, once; the old table is gone from the database.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_audit_log_from_before_its_own_file_is_moved_there_whole() {
    let app = TestApp::spawn(DbKind::Sqlite).await;
    app.login_ok("leder").await;
    let moved_before = app.audit_count("SELECT COUNT(*) FROM audit_log").await;
    let last: i64 = app.audit_count("SELECT MAX(id) FROM audit_log").await;
    // The old layout: the table in the database itself, holding rows the file lacks and one
    // it already has (a copy interrupted before the drop).
    sqlx::query(
        "CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at BIGINT NOT NULL, \
         user_id TEXT, unit_id TEXT, action TEXT NOT NULL, child_id TEXT, criterion TEXT, \
         purpose TEXT NOT NULL, outcome TEXT NOT NULL)",
    )
    .execute(app.db.pool())
    .await
    .expect("old table");
    for (id, action) in [
        (last, "already_there"),
        (last + 100, "old_a"),
        (last + 101, "old_b"),
    ] {
        sqlx::query("INSERT INTO audit_log (id, at, action, purpose, outcome) VALUES ($1, 1, $2, 'old', 'allowed')")
            .bind(id)
            .bind(action)
            .execute(app.db.pool())
            .await
            .expect("old row");
    }
    tvaers::migrate::run(&app.db).await.expect("migrate");
    assert_eq!(
        app.audit_count("SELECT COUNT(*) FROM audit_log").await,
        moved_before + 2
    );
    assert_eq!(
        app.audit_count("SELECT COUNT(*) FROM audit_log WHERE id >= 0 AND action IN ('old_a', 'old_b') AND purpose = 'old'")
            .await,
        2
    );
    assert_eq!(
        app.audit_count("SELECT COUNT(*) FROM audit_log WHERE action = 'already_there'")
            .await,
        0,
        "a row already in the file is not copied over it"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit_log'")
            .await,
        0
    );
    tvaers::migrate::run(&app.db)
        .await
        .expect("a second start changes nothing");
    assert_eq!(
        app.audit_count("SELECT COUNT(*) FROM audit_log").await,
        moved_before + 2
    );
}
