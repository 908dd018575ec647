//! The storage guarantees behind every feature (SECURITY D1, D2, L2).

use crate::common::{Backend, TestApp, DEMO_PASSWORD};
use crate::on_both_backends;
use reqwest::StatusCode;
use serde_json::json;
use std::sync::Arc;

on_both_backends!(
    fifty_concurrent_write_transactions_all_commit,
    fifty_people_signing_in_at_once_all_get_in,
    the_audit_log_refuses_changes_and_deletions,
    forty_reads_at_once_each_leave_their_audit_row_before_they_answer,
);

async fn fifty_concurrent_write_transactions_all_commit(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let before = app.count("SELECT COUNT(*) FROM audit_log").await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..50_i64 {
        let db = app.db.clone();
        tasks.spawn(async move {
            let mut tx = db.begin_write().await?;
            // Read, then write in the same transaction: the pattern that fails with "database
            // is locked" when a SQLite transaction does not take the write lock up front.
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(&mut *tx).await?;
            sqlx::query("INSERT INTO audit_log (at, action, purpose, outcome, criterion) VALUES ($1, 'test_write', 'test', 'succeeded', $2)")
                .bind(i)
                .bind(format!("seen:{n}"))
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
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log").await,
        before + 50
    );
}

async fn fifty_people_signing_in_at_once_all_get_in(backend: Backend) {
    let app = Arc::new(TestApp::spawn(backend).await);
    let users = ["paedagog", "leder", "laerer", "dagplejer", "admin"];
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
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND outcome = 'succeeded'"
        )
        .await,
        50
    );
}

async fn the_audit_log_refuses_changes_and_deletions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.login_ok("leder").await;
    let rows = app.count("SELECT COUNT(*) FROM audit_log").await;
    assert!(rows > 0);
    let update = sqlx::query("UPDATE audit_log SET outcome = 'failed'")
        .execute(app.db.pool())
        .await;
    assert!(update.is_err(), "an audit row cannot be changed");
    let delete = sqlx::query("DELETE FROM audit_log")
        .execute(app.db.pool())
        .await;
    assert!(delete.is_err(), "an audit row cannot be deleted");
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, rows);
}

/// Audit rows of concurrent requests are committed together (group commit); none may be lost
/// or left for later: each request answers only once its row is stored.
async fn forty_reads_at_once_each_leave_their_audit_row_before_they_answer(backend: Backend) {
    let app = Arc::new(TestApp::spawn(backend).await);
    app.login_ok("paedagog").await;
    let group = app
        .scalar_text("SELECT id FROM child_groups WHERE name = $1", "Grønne stue")
        .await;
    let listed = "SELECT COUNT(*) FROM audit_log WHERE action = 'list_unit_children' \
                  AND outcome = 'allowed'";
    let before = app.count(listed).await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..40 {
        let (app, group) = (app.clone(), group.clone());
        tasks.spawn(async move {
            let (status, body) = app.call("group_round", json!({ "group": group })).await;
            let answered = std::time::Instant::now();
            assert_eq!(status, StatusCode::OK, "{body}");
            // Counted after this answer arrived: by then every request answered so far,
            // this one included, must have its row committed.
            (answered, app.count(listed).await)
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
    assert_eq!(app.count(listed).await, before + 40);
}
